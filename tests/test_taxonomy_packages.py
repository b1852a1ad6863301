"""``xbrl-export taxonomy list|add|remove|check`` and the user's list of added taxonomy packages.

Small packages are made here, zip by zip, to give each check something real to find; the offline
packages in ../shared/taxonomies are read as they are. The user's configuration folder is a
temporary one (``XBRL_EXPORTER_CONFIG``) in every test.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from exporter.arelle import web_cache_dir
from exporter.cli import main
from exporter.errors import TaxonomyError
from exporter.taxonomy import ENV_VAR, resolve_packages
from exporter.taxonomy.metadata import check_taxonomy_package, read_package_info
from exporter.taxonomy.user_config import CONFIG_ENV_VAR, added_packages

URL = "https://example.com/acme/2024/"

METADATA = """<?xml version="1.0" encoding="UTF-8"?>
<tp:taxonomyPackage xmlns:tp="http://xbrl.org/2016/taxonomy-package" xml:lang="en">
  <tp:identifier>https://example.com/acme/2024</tp:identifier>
  <tp:name>ACME 2024</tp:name>
  <tp:version>2024</tp:version>
  <tp:entryPoints>
    <tp:entryPoint><tp:name>ACME all</tp:name><tp:entryPointDocument href="{entry}"/></tp:entryPoint>
  </tp:entryPoints>
</tp:taxonomyPackage>
"""
CATALOG = """<?xml version="1.0" encoding="UTF-8"?>
<catalog xmlns="urn:oasis:names:tc:entity:xmlns:xml:catalog">
{rewrites}
</catalog>
"""
SCHEMA = """<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xbrli="http://www.xbrl.org/2003/instance"
  xmlns:acme="https://example.com/acme/2024" targetNamespace="https://example.com/acme/2024"
  elementFormDefault="qualified">
  <xs:import namespace="http://www.xbrl.org/2003/instance"
    schemaLocation="http://www.xbrl.org/2003/xbrl-instance-2003-12-31.xsd"/>
  {imports}
  <xs:element id="acme_Widgets" name="Widgets" type="xbrli:monetaryItemType" substitutionGroup="xbrli:item"
    xbrli:periodType="duration" nillable="true"/>
</xs:schema>
"""


def make_package(path: Path, *, entry: str = URL + "acme-2024.xsd", rewrites: tuple[tuple[str, str], ...] = (
        (URL, "../acme/2024/"),), schema: str | None = SCHEMA.format(imports=""),
                 metadata: str | None = None, extra: dict[str, str] | None = None) -> Path:
    """A taxonomy package zip: ``acme-2024/`` with META-INF and one schema, each part replaceable."""
    files = {
        "acme-2024/META-INF/taxonomyPackage.xml": metadata if metadata is not None else METADATA.format(entry=entry),
        "acme-2024/META-INF/catalog.xml": CATALOG.format(rewrites="\n".join(
            f'  <rewriteURI uriStartString="{start}" rewritePrefix="{prefix}"/>' for start, prefix in rewrites)),
        **({"acme-2024/acme/2024/acme-2024.xsd": schema} if schema is not None else {}),
        **(extra or {}),
    }
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return path


def _shared(packages: list[str], name: str) -> Path:
    path = next((Path(p) for p in packages if Path(p).name == name), None)
    if path is None:
        pytest.fail(f"the offline taxonomy packages lack {name}")
    return path


@pytest.fixture(scope="module")
def us_gaap(packages: list[str]) -> Path:
    return _shared(packages, "us-gaap-2024.zip")


@pytest.fixture(scope="module")
def sec_2021(packages: list[str]) -> Path:
    return _shared(packages, "sec-2021.zip")


@pytest.fixture(autouse=True)
def user_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh configuration folder, and no packages from the environment."""
    folder = tmp_path / "config"
    monkeypatch.setenv(CONFIG_ENV_VAR, str(folder))
    monkeypatch.delenv(ENV_VAR, raising=False)
    return folder


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


# --- reading a package ---------------------------------------------------------------------------

def test_reads_the_us_gaap_package(us_gaap: Path) -> None:
    info = read_package_info(us_gaap)
    assert (info.name, info.version, info.identifier) == (
        "The annual US-GAAP Taxonomy", "2024", "http://xbrl.fasb.org/us-gaap/2024")
    assert info.prefixes == ("https://xbrl.fasb.org/us-gaap/2024/",)
    assert info.resolve("https://xbrl.fasb.org/us-gaap/2024/elts/us-gaap-2024.xsd") == \
        "us-gaap-2024/elts/us-gaap-2024.xsd"
    assert info.resolve("https://xbrl.sec.gov/dei/2024/dei-2024.xsd") is None
    assert len(info.entry_points) == 9
    assert "https://xbrl.fasb.org/us-gaap/2024/elts/us-gaap-2024.xsd" in {
        url for entry in info.entry_points for url in entry.documents}
    assert info.notes == ()


def test_the_longest_rewrite_wins(tmp_path: Path) -> None:
    package = make_package(tmp_path / "acme.zip", rewrites=((URL, "../acme/2024/"), (URL + "special/", "../x/")))
    info = read_package_info(package)
    assert info.resolve(URL + "a.xsd") == "acme-2024/acme/2024/a.xsd"
    assert info.resolve(URL + "special/b.xsd") == "acme-2024/x/b.xsd"


def test_entities_are_never_expanded(tmp_path: Path) -> None:
    # A package is input from anywhere: an external entity must not read a local file into it.
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET", encoding="utf-8")
    metadata = f"""<?xml version="1.0"?>
<!DOCTYPE tp:taxonomyPackage [<!ENTITY leak SYSTEM "{secret.as_uri()}"><!ENTITY a "aaaaaaaaaa">]>
<tp:taxonomyPackage xmlns:tp="http://xbrl.org/2016/taxonomy-package">
  <tp:identifier>urn:x</tp:identifier><tp:name>&leak;&a;&a;&a;</tp:name>
</tp:taxonomyPackage>"""
    info = read_package_info(make_package(tmp_path / "evil.zip", metadata=metadata))
    assert "TOP-SECRET" not in str(info.name) and "aaaaaaaaaa" not in str(info.name)


# --- list ----------------------------------------------------------------------------------------

def test_list_shows_each_package_where_it_comes_from_and_what_it_resolves(
        monkeypatch: pytest.MonkeyPatch, us_gaap: Path, sec_2021: Path) -> None:
    monkeypatch.setenv(ENV_VAR, str(sec_2021))
    code, output = invoke("taxonomy", "list", "--taxonomy-package", str(us_gaap))
    assert code == 0, output
    assert f"{us_gaap}  (from --taxonomy-package)" in output
    assert f"{sec_2021}  (from {ENV_VAR})" in output
    assert "The annual US-GAAP Taxonomy, version 2024" in output
    for prefix in ("https://xbrl.fasb.org/us-gaap/2024/", "https://xbrl.sec.gov/dei/2021/",
                   "http://xbrl.sec.gov/dei/2021/"):
        assert f"    {prefix}\n" in output, prefix
    assert "https://xbrl.sec.gov/dei/2021/dei-2021.xsd  (dei 2021)" in output
    assert "offline" in output


def test_list_as_json(packages: list[str], us_gaap: Path) -> None:
    code, output = invoke("taxonomy", "list", "--format", "json", *(f"--taxonomy-package={p}" for p in packages))
    assert code == 0, output
    data = json.loads(output)
    assert data["offline"] is True and data["web_cache"] is None
    assert [p["path"] for p in data["packages"]] == packages
    listed = next(p for p in data["packages"] if p["path"] == str(us_gaap))
    assert listed["from"] == "--taxonomy-package"
    assert listed["resolves"] == [{"prefix": "https://xbrl.fasb.org/us-gaap/2024/", "to": "us-gaap-2024/"}]


def test_list_without_packages_says_arelle_works_online_and_where_its_cache_is() -> None:
    code, output = invoke("taxonomy", "list")
    assert code == 0, output
    assert "no taxonomy packages in use" in output
    assert "online" in output
    cache = web_cache_dir()
    assert cache.endswith("cache") and cache in output


# --- add and remove ------------------------------------------------------------------------------

def test_an_added_package_is_used_by_later_commands(tmp_path: Path, user_config: Path, us_gaap: Path) -> None:
    package = make_package(tmp_path / "acme.zip")
    code, output = invoke("taxonomy", "add", str(package))
    assert code == 0, output
    assert output.startswith(f"added: {package}")
    assert URL in output
    assert json.loads((user_config / "packages.json").read_text(encoding="utf-8")) == {"packages": [str(package)]}
    # Every command resolves its packages through resolve_packages: the added one comes last.
    assert resolve_packages([us_gaap]) == [str(us_gaap), str(package)]
    code, output = invoke("taxonomy", "list")
    assert f"{package}  (from taxonomy add)" in output
    # Adding it again changes nothing.
    code, output = invoke("taxonomy", "add", str(package))
    assert code == 0 and output.startswith("already added")
    assert added_packages() == [str(package)]
    # An explicit empty environment means only the packages given: no user settings either.
    assert resolve_packages([us_gaap], {}) == [str(us_gaap)]


def test_remove(tmp_path: Path) -> None:
    package = make_package(tmp_path / "acme.zip")
    assert invoke("taxonomy", "add", str(package))[0] == 0
    code, output = invoke("taxonomy", "remove", str(package))
    assert code == 0, output
    assert added_packages() == [] and resolve_packages() == []
    assert package.exists()
    code, output = invoke("taxonomy", "remove", str(package))
    assert code == 1 and "is not on the list" in output


def test_a_broken_package_is_not_added(tmp_path: Path) -> None:
    not_a_package = tmp_path / "plain.zip"
    with zipfile.ZipFile(not_a_package, "w") as archive:
        archive.writestr("readme.txt", "hello")
    code, output = invoke("taxonomy", "add", str(not_a_package))
    assert code == 1 and "no META-INF/taxonomyPackage.xml" in output
    broken = make_package(tmp_path / "broken.zip", metadata="<tp:taxonomyPackage")
    code, output = invoke("taxonomy", "add", str(broken))
    assert code == 1 and "not well-formed" in output and "tpe:invalidMetaDataFile" in output
    assert "Traceback" not in output
    assert added_packages() == []


def test_a_package_added_then_deleted_is_named_with_the_way_out(tmp_path: Path) -> None:
    package = make_package(tmp_path / "acme.zip")
    assert invoke("taxonomy", "add", str(package))[0] == 0
    package.unlink()
    code, output = invoke("taxonomy", "list")
    assert code == 1
    assert f"{package}: taxonomy package not found" in output
    assert f"xbrl-export taxonomy remove {package}" in output
    with pytest.raises(TaxonomyError, match="not found"):
        resolve_packages()
    assert invoke("taxonomy", "remove", str(package))[0] == 0
    assert resolve_packages() == []


def test_a_damaged_list_is_reported_not_ignored(user_config: Path) -> None:
    user_config.mkdir()
    (user_config / "packages.json").write_text("{not json", encoding="utf-8")
    code, output = invoke("taxonomy", "list")
    assert code == 1 and "not valid JSON" in output and str(user_config / "packages.json") in output


# --- check ---------------------------------------------------------------------------------------

def test_check_a_sound_package(tmp_path: Path) -> None:
    package = make_package(tmp_path / "acme.zip")
    code, output = invoke("taxonomy", "check", str(package))
    assert code == 0, output
    assert "ACME 2024, version 2024" in output
    assert f"ok: entry point {URL}acme-2024.xsd: Arelle loads it offline" in output
    assert output.rstrip().endswith("a valid taxonomy package: 0 errors, 0 warnings")


def test_check_the_official_sec_2021_package(sec_2021: Path) -> None:
    result = check_taxonomy_package(sec_2021)
    assert result.ok, result.errors
    assert any(n.code == "entry point" and "dei-2021.xsd" in n.message for n in result.notes)


def test_check_without_loading(us_gaap: Path) -> None:
    code, output = invoke("taxonomy", "check", "--no-load", str(us_gaap))
    assert code == 0, output
    assert "Arelle" not in output


def test_check_finds_an_entry_point_that_is_not_in_the_package(tmp_path: Path) -> None:
    package = make_package(tmp_path / "acme.zip", entry=URL + "missing.xsd")
    code, output = invoke("taxonomy", "check", str(package))
    assert code == 1
    assert "acme-2024/acme/2024/missing.xsd is not in the package [exporter:entryPointNotInPackage]" in output
    package = make_package(tmp_path / "acme2.zip", entry="https://elsewhere.example.org/a.xsd")
    code, output = invoke("taxonomy", "check", "--no-load", str(package))
    assert code == 1 and "[exporter:entryPointNotMapped]" in output


def test_check_finds_what_an_entry_point_imports_but_the_package_lacks(tmp_path: Path) -> None:
    schema = SCHEMA.format(imports='<xs:import namespace="https://example.com/acme/2024/parts" '
                                   f'schemaLocation="{URL}parts.xsd"/>')
    package = make_package(tmp_path / "acme.zip", schema=schema)
    result = check_taxonomy_package(package)
    assert not result.ok
    [error] = result.errors
    assert error.code == "exporter:entryPointDoesNotLoad"
    assert "parts.xsd" in error.message and "IOerror" in error.message


def test_check_finds_a_bad_catalog(tmp_path: Path) -> None:
    package = make_package(tmp_path / "acme.zip", rewrites=(
        (URL, "../acme/2024/"), (URL, "../other/"), ("https://example.com/escape/", "../../../"),
        ("https://example.com/empty/", "../nothing-here/")))
    result = check_taxonomy_package(package, load=False)
    codes = {n.code for n in result.errors}
    assert codes == {"tpe:multipleRewriteURIsForStartString", "exporter:rewriteOutsidePackage",
                     "exporter:rewriteTargetMissing"}, result.errors


def test_check_finds_files_outside_the_top_folder(tmp_path: Path) -> None:
    package = make_package(tmp_path / "acme.zip", extra={"stray.xsd": "<x/>"})
    code, output = invoke("taxonomy", "check", "--no-load", str(package))
    assert code == 1 and "[tpe:invalidDirectoryStructure]" in output and "stray.xsd" in output


def test_check_as_json(tmp_path: Path) -> None:
    package = make_package(tmp_path / "acme.zip", entry=URL + "missing.xsd")
    code, output = invoke("taxonomy", "check", "--format", "json", "--no-load", str(package))
    assert code == 1
    data = json.loads(output)
    assert data["ok"] is False and data["errors"] == 1 and data["name"] == "ACME 2024"
    assert data["resolves"] == [{"prefix": URL, "to": "acme-2024/acme/2024/"}]
    assert [c["code"] for c in data["checks"] if c["level"] == "error"] == ["exporter:entryPointNotInPackage"]
