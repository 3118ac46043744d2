"""Importers of third-party datasets (COW alliances, ATOP, DCAD, COW states) into named graphs."""

from app.ingest.datasets.driver import (
    IMPORTERS,
    Importer,
    ensure_datasets,
    import_dataset,
    refresh_after_import,
    run_import,
)
from app.ingest.datasets.summary import DatasetInfo, ImportSummary, Skip

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
