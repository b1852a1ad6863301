"""The taxonomy layer: profiles of standard taxonomies, taxonomy packages, concept definitions."""

from exporter.taxonomy.catalog import Catalog, load_catalog
from exporter.taxonomy.packages import ENV_VAR, check_package, resolve_packages
from exporter.taxonomy.profile import Profile, StandardTaxonomy, available_profiles, load_profile

__all__ = ["ENV_VAR", "Catalog", "Profile", "StandardTaxonomy", "available_profiles", "check_package",
           "load_catalog", "load_profile", "resolve_packages"]
