"""Regression-ready panels (dyad-year, state-year) built from the graph, with their codebooks."""

from app.panels.build import FIRST_YEAR, Kind, Layout, Panel, PanelRequest, Universe, build, layout
from app.panels.sources import SOURCES, PanelSource, bibtex, parse_sources

__all__ = [
    "FIRST_YEAR",
    "SOURCES",
    "Kind",
    "Layout",
    "Panel",
    "PanelRequest",
    "PanelSource",
    "Universe",
    "bibtex",
    "build",
    "layout",
    "parse_sources",
]
