"""An XBRL Report Package (``.xbri``, Report Packages 1.0): the Inline XBRL report and its extension
taxonomy in one zip, the form in which an inline report is exchanged as a single file.

Layout: one top-level folder named after the report, holding ``META-INF/reportPackage.json`` and
``reports/`` with the ``.htm`` beside the taxonomy files, so the report's relative schemaRef
resolves inside the package.
"""

from __future__ import annotations

import io
import json
import zipfile

DOCUMENT_TYPE = "https://xbrl.org/report-package/2023/xbri"
# Zip entries carry a modification time; a fixed one keeps the bytes the same from build to build.
_EPOCH = (1980, 1, 1, 0, 0, 0)


def package_file(name: str) -> str:
    return f"{name}.xbri"


def report_package(name: str, inline_report: bytes, taxonomy: dict[str, bytes]) -> bytes:
    """The ``.xbri`` of the report ``name`` (its ``.htm`` content) and its extension taxonomy files
    (name → content); the same input always gives the same bytes."""
    entries = {
        "META-INF/reportPackage.json": (
            json.dumps({"documentInfo": {"documentType": DOCUMENT_TYPE}}, indent=2) + "\n").encode("utf-8"),
        f"reports/{name}.htm": inline_report,
        **{f"reports/{file}": content for file, content in taxonomy.items()},
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path, content in entries.items():
            info = zipfile.ZipInfo(f"{name}/{path}", date_time=_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16  # a plain readable file, whatever the umask
            archive.writestr(info, content)
    return buffer.getvalue()
