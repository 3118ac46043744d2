"""The review queue page (``/review``): paste or upload an article, review its candidates.

The page is rendered once with the choices its forms offer (event and agreement types of the
ontology) as JSON data; ``static/review/review.js`` does the rest through the API
(``POST /api/v1/extract``, ``/accept``, ``/reject``). No inline script or handler: a Content
Security Policy without ``'unsafe-inline'`` lets it run. Article text and every candidate field
are put into the page as text nodes, never as markup.
"""

from __future__ import annotations

from app.extract.lexicon import Lexicon
from app.views.templating import render


def render_review_page(lexicon: Lexicon) -> str:
    """The HTML of the review page."""
    config = {
        "eventTypes": sorted(lexicon.event_types),
        "agreementTypes": sorted(set(lexicon.broader) | {"MilitaryCooperation"}),
    }
    return render("review.html", config=config)
