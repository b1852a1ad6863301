"""Taxonomy profiles: which standard taxonomies a report may use, by their official URLs."""

from __future__ import annotations

from dataclasses import dataclass

import yaml

from exporter.errors import TaxonomyError
from exporter.resources import package_data


@dataclass(frozen=True, slots=True)
class StandardTaxonomy:
    prefix: str
    namespace: str
    schema: str


@dataclass(frozen=True, slots=True)
class Profile:
    name: str
    taxonomies: tuple[StandardTaxonomy, ...]
    support: tuple[tuple[str, str], ...]
    hypercube: str
    line_items: str

    def namespace(self, prefix: str) -> str | None:
        for taxonomy in self.taxonomies:
            if taxonomy.prefix == prefix:
                return taxonomy.namespace
        return dict(self.support).get(prefix)


def available_profiles() -> list[str]:
    """Names of the taxonomy profiles shipped with the package."""
    folder = package_data("profiles")
    return sorted(p.name.removesuffix(".yaml") for p in folder.iterdir() if p.name.endswith(".yaml"))


def load_profile(name: str) -> Profile:
    """Load a shipped taxonomy profile by name (e.g. ``us-gaap-2024``)."""
    path = package_data("profiles").joinpath(f"{name}.yaml")
    if not path.is_file():
        raise TaxonomyError(f"unknown taxonomy profile {name!r}",
                            hint=f"available: {', '.join(available_profiles())}")
    data = yaml.safe_load(path.read_text("utf-8"))
    taxonomies = tuple(StandardTaxonomy(prefix, spec["namespace"], spec["schema"])
                       for prefix, spec in data["namespaces"].items())
    return Profile(data["name"], taxonomies, tuple(data.get("support", {}).items()),
                   data["hypercube"], data["line_items"])
