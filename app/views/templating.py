"""The one Jinja environment of the views: autoescaping on, templates from ``templates/``.

pyvis renders the network document through this environment too (``Network.templateEnv``),
so every template escapes data the same way; data meant for scripts goes through ``tojson``,
which also escapes ``<``, ``>`` and ``&``. Globals hold what every page shows identically:
the legend tables and the URL prefix of static assets.
"""

from __future__ import annotations

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from app.views import TEMPLATES_DIR
from app.views.regions import REGION_COLOURS
from app.views.styles import CHANGE_STYLES, RELATION_STYLES

__all__ = ["STATIC_PREFIX", "TEMPLATES", "render"]

#: Where the app serves ``app/views/static/`` (and vis-network under ``vendor/``).
STATIC_PREFIX = "/static/"

TEMPLATES = Environment(
    loader=FileSystemLoader(TEMPLATES_DIR),
    autoescape=select_autoescape(default=True, default_for_string=True),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
TEMPLATES.globals.update(
    static=STATIC_PREFIX,
    relation_styles=RELATION_STYLES,
    change_styles=CHANGE_STYLES,
    region_colours=REGION_COLOURS,
)


def render(template: str, **context: object) -> str:
    """Render one of our templates with ``context`` (escaped unless marked otherwise)."""
    return TEMPLATES.get_template(template).render(**context)
