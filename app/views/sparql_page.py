"""The SPARQL query page: an editor with highlighting, the example library, a results table.

Rendered once per request from ``templates/sparql.html``; the examples and prefixes are put
into the page as JSON (escaped for a ``<script>`` element) and the page's script
(``static/sparql/query.js``) does the rest in the browser, through the endpoint itself.
"""

from __future__ import annotations

import json
from functools import lru_cache

from jinja2 import Environment, FileSystemLoader, select_autoescape

from app.ontology import PREFIXES
from app.sparql.formats import GRAPH_FORMATS, RESULT_FORMATS
from app.sparql.library import load_examples
from app.views import TEMPLATES_DIR


@lru_cache(maxsize=1)
def _environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(TEMPLATES_DIR), autoescape=select_autoescape(["html"])
    )


def _script_json(value: object) -> str:
    """JSON that cannot close the ``<script>`` element it is embedded in."""
    return (
        json.dumps(value, ensure_ascii=False)
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
    )


def render_query_page(endpoint: str) -> str:
    """The HTML of the query page for the endpoint at ``endpoint``."""
    examples = load_examples()
    config = {
        "endpoint": endpoint,
        "prefixes": PREFIXES,
        "examples": [
            {"name": e.name, "title": e.title, "description": e.description, "body": e.body}
            for e in examples
        ],
        "resultFormats": [{"name": f.name, "label": f.media_type} for f in RESULT_FORMATS],
        "graphFormats": [{"name": f.name, "label": f.media_type} for f in GRAPH_FORMATS],
    }
    template = _environment().get_template("sparql.html")
    return template.render(examples=examples, config=_script_json(config))
