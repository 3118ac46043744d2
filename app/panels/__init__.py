"""Regression-ready panels (dyad-year, state-year) built from the graph, with their codebooks."""

from app.panels.build import FIRST_YEAR, Kind, Panel, PanelRequest, Universe, build
from app.panels.sources import SOURCES, PanelSource, bibtex, parse_sources

__all__ = [
    "FIRST_YEAR",
    "SOURCES",
    "Kind",
    "Panel",
    "PanelRequest",
    "PanelSource",
    "Universe",
    "bibtex",
    "build",
    "parse_sources",
]
