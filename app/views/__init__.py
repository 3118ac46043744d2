"""Server-rendered pages and their static assets (served by the app, never from a CDN).

Browser views: the pyvis network, the /explore page, entity pages and their SVG charts.
Everything here renders HTML or JSON for browsers from the plain query functions of
:mod:`app.queries`; nothing imports FastAPI. vis-network itself is pyvis's bundled copy,
served by the app (:mod:`app.views.assets`).
"""

from __future__ import annotations

from pathlib import Path

TEMPLATES_DIR = Path(__file__).parent / "templates"
STATIC_DIR = Path(__file__).parent / "static"
