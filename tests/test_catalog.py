"""Concept definitions read through Arelle from the offline packages, and their cache."""

from __future__ import annotations

from pathlib import Path

import pytest

from exporter.errors import TaxonomyError
from exporter.taxonomy import load_catalog, load_profile
from exporter.taxonomy.catalog import _load_catalog


class TestLoadCatalog:
    def test_definitions_come_from_the_taxonomy(self, packages: list[str]) -> None:
        catalog = load_catalog(load_profile("us-gaap-2024"), packages)
        revenues = catalog.get("us-gaap:Revenues")
        assert (revenues.kind, revenues.period_type, revenues.balance) == ("monetary", "duration", "credit")
        eps = catalog.get("us-gaap:EarningsPerShareBasic")
        assert (eps.kind, eps.balance) == ("perShare", None)
        assert catalog.get("us-gaap:CashAndCashEquivalentsAtCarryingValue").period_type == "instant"
        assert catalog.get("srt:ProductOrServiceAxis").substitution_group == "xbrldt:dimensionItem"
        assert catalog.get("dei:DocumentType") is not None
        assert catalog.get("us-gaap:CostOfServices") is None  # not in the 2024 taxonomy

    def test_cache_gives_the_same_definitions(self, packages: list[str], tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
        profile = load_profile("us-gaap-2024")
        monkeypatch.setenv("XBRL_EXPORTER_CACHE", str(tmp_path))
        _load_catalog.cache_clear()
        first = load_catalog(profile, packages)
        assert len(list(tmp_path.glob("catalog-*.json"))) == 1
        _load_catalog.cache_clear()
        second = load_catalog(profile, packages)
        assert dict(second.concepts) == dict(first.concepts)
        _load_catalog.cache_clear()

    def test_damaged_cache_is_rebuilt(self, packages: list[str], tmp_path: Path,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
        profile = load_profile("us-gaap-2024")
        monkeypatch.setenv("XBRL_EXPORTER_CACHE", str(tmp_path))
        _load_catalog.cache_clear()
        load_catalog(profile, packages)
        (cache,) = tmp_path.glob("catalog-*.json")
        cache.write_text("[[not json", encoding="utf-8")
        _load_catalog.cache_clear()
        assert load_catalog(profile, packages).get("us-gaap:Revenues") is not None
        _load_catalog.cache_clear()

    def test_unknown_profile(self) -> None:
        with pytest.raises(TaxonomyError, match="unknown taxonomy profile 'ifrs-2099'"):
            load_profile("ifrs-2099")
