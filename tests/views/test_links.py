"""The one rule for links made from data: our pages and http(s) URLs, nothing else."""

from __future__ import annotations

import doctest

import pytest
from hypothesis import given, strategies as st

from app.views import links
from app.views.links import href
from app.views.templating import TEMPLATES


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("https://w3id.org/pactgraph/id/agreement/x", "/id/agreement/x"),
        ("https://w3id.org/pactgraph/id/javascript:alert(1)", "/id/javascript:alert(1)"),
        ("http://www.wikidata.org/entity/Q884", "http://www.wikidata.org/entity/Q884"),
        ("HTTPS://example.org/", "HTTPS://example.org/"),
        ("/explore?focus=KOR", "/explore?focus=KOR"),
        ("#b-1", "#b-1"),
        ("javascript:alert(1)//", None),
        ("JaVaScRiPt:alert(1)", None),
        (" javascript:alert(1)", None),
        ("java\tscript:alert(1)", None),
        ("\x01javascript:alert(1)", None),
        ("data:text/html;base64,PHNjcmlwdD4=", None),
        ("vbscript:msgbox(1)", None),
        ("file:///etc/passwd", None),
        ("urn:isbn:0451450523", None),
        ("//evil.example/", None),
        ("/\\evil.example/", None),
        ("", None),
    ],
)
def test_only_our_pages_and_web_urls_become_links(target: str, expected: str | None) -> None:
    assert href(target) == expected


@given(st.text())
def test_any_link_made_is_relative_to_this_site_or_http(target: str) -> None:
    made = href(target)
    assert made is None or made.startswith(("/", "#")) or made[:8].lower().startswith("http")
    assert made is None or not made.startswith(("//", "/\\"))


def test_the_examples_of_the_rule_hold() -> None:
    assert doctest.testmod(links).failed == 0


@pytest.mark.parametrize(
    ("iri", "expected"),
    [
        ("javascript:alert(1)//", "javascript:alert(1)//"),
        ("https://a.example/?a=1&b=2", '<a href="https://a.example/?a=1&amp;b=2">web</a>'),
        ("https://w3id.org/pactgraph/id/state/KOR", '<a href="/id/state/KOR">web</a>'),
    ],
)
def test_the_link_macro_shows_other_schemes_as_text(iri: str, expected: str) -> None:
    text = "javascript:alert(1)//" if iri.startswith("javascript") else "web"
    assert LINK.render(iri=iri, text=text) == expected


LINK = TEMPLATES.from_string('{% from "_link.html" import link %}{{ link(iri, text) }}')
