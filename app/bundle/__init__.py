"""The bundled graph, shipped inside the package: ``ontology/`` and ``graph_data/``.

In the repository both directories stay at the top level (where curators edit them);
``app/bundle/ontology`` and ``app/bundle/graph_data`` are symbolic links to them, so the
wheel carries copies as package data and a source checkout reads the files themselves.
Start-up loading and SHACL validation find them here, through :mod:`importlib.resources`,
wherever the package is installed.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

__all__ = ["BUNDLE_ROOT"]

#: The directory that holds ``ontology/`` and ``graph_data/``.
BUNDLE_ROOT = Path(str(files(__name__)))
