"""Importers of third-party datasets (COW alliances, ATOP, DCAD, COW states) into named graphs."""

from app.ingest.datasets.common import DatasetInfo, ImportSummary, Skip
from app.ingest.datasets.driver import (
    IMPORTERS,
    Importer,
    ensure_datasets,
    import_dataset,
    refresh_after_import,
    run_import,
)

__all__ = [
    "IMPORTERS",
    "DatasetInfo",
    "ImportSummary",
    "Importer",
    "Skip",
    "ensure_datasets",
    "import_dataset",
    "refresh_after_import",
    "run_import",
]
