"""The one Jinja environment of the views: autoescaping on, templates from ``templates/``.

pyvis renders the network document through this environment too (``Network.templateEnv``),
so every template escapes data the same way; data meant for scripts goes through ``tojson``
into a ``<script type="application/json">`` block (``tojson`` also escapes ``<``, ``>`` and
``&``), read by a static script: no page carries inline code, so the Content-Security-Policy
(:mod:`app.api.headers`) can forbid it. Every ``href`` made from data goes through the
``href`` filter (:func:`app.views.links.href`; ``_link.html`` wraps it): only our pages and
http(s) URLs become links. The ``local_id`` filter is :func:`app.queries.refs.local_id`, so a
page names a resource by the same id its URL uses. Globals hold what every page shows
identically: the legend tables and the URL prefix of static assets.
"""

from __future__ import annotations

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from app.queries.refs import local_id
from app.views import TEMPLATES_DIR
from app.views.links import href
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
TEMPLATES.filters["href"] = href
TEMPLATES.filters["local_id"] = local_id
TEMPLATES.globals.update(
    static=STATIC_PREFIX,
    relation_styles=RELATION_STYLES,
    change_styles=CHANGE_STYLES,
    region_colours=REGION_COLOURS,
)


def render(template: str, **context: object) -> str:
    """Render one of our templates with ``context`` (escaped unless marked otherwise)."""
    return TEMPLATES.get_template(template).render(**context)
