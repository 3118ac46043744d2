"""The SPARQL query page: an editor with highlighting, the example library, a results table.

Rendered once per request from ``templates/sparql.html``; the examples and prefixes are put
into the page as a JSON data block (``tojson``, escaped for a ``<script>`` element) and the
page's script (``static/sparql/query.js``) does the rest in the browser, through the endpoint
itself.
"""

from __future__ import annotations

from app.media import GRAPH_FORMATS, RESULT_FORMATS
from app.ontology import PREFIXES
from app.sparql.library import load_examples
from app.views.templating import render


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
    return render("sparql.html", examples=examples, config=config)
