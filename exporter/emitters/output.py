"""Writing a build's files: all or nothing, so a failed build never leaves half an output."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from exporter.errors import Location, OutputError


def write_files(out_dir: Path, files: dict[str, bytes]) -> list[Path]:
    """Write ``files`` (name → content) into ``out_dir`` only once every one is written.

    The files go to a temporary folder beside ``out_dir`` first, then each is renamed into place
    (an atomic step on one file system). Other files in ``out_dir`` are left alone.
    """
    out_dir = Path(out_dir)
    parent = out_dir.resolve().parent
    where = Location(str(out_dir))
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputError("the output path exists and is not a folder", where)
    try:
        parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.tmp-", dir=parent))
    except OSError as exc:
        raise OutputError(f"cannot write the output folder: {exc.strerror or exc}", where) from None
    try:
        for name, content in files.items():
            if "/" in name or "\\" in name or name.startswith("."):
                raise OutputError(f"refusing to write {name!r} outside the output folder", where)
            (staging / name).write_bytes(content)
        if not out_dir.exists():
            os.replace(staging, out_dir)
            return [out_dir / name for name in files]
        if not os.access(out_dir, os.W_OK):
            raise OutputError("the output folder is not writable", where)
        for name in files:
            os.replace(staging / name, out_dir / name)
        return [out_dir / name for name in files]
    except OSError as exc:
        raise OutputError(f"cannot write the output folder: {exc.strerror or exc}", where) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
