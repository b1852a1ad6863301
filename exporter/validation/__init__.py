"""Stage 5: validation of written reports by Arelle."""

from exporter.validation.arelle_validation import Validation, validate_report

__all__ = ["Validation", "validate_report"]
