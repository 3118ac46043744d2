"""Rules of the extractor: modality, negation, background, dates, parties; hostile input."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from app.errors import InvalidParameter, PayloadTooLarge
from app.extract.dates import PartialDate, find_dates, parse_partial
from app.extract.extractor import Extractor
from app.extract.text import MAX_CHARS, article_text


def facts(extractor: Extractor, text: str, published: str = "2019-11-22") -> list[tuple[str, ...]]:
    found = extractor.extract(text, parse_partial(published))
    return [(c.event_type, "-".join(c.parties), c.agreement_type, c.date) for c in found]


@pytest.mark.parametrize(
    "text",
    [
        "Seoul could reconsider reactivating its notice to end the GSOMIA with Tokyo.",
        "South Korea has not signed a GSOMIA with China.",
        "Analysts suggested South Korea is proposing a GSOMIA with China.",
        "Japan and India may sign an ACSA next year.",
        "South Korea decided to put off signing the military pact with Japan.",
        "Will Japan and South Korea sign a GSOMIA?",
        "Russia is among the 24 countries with which South Korea signed the GSOMIA.",
    ],
)
def test_modality_negation_and_undated_history_yield_nothing(
    extractor: Extractor, text: str
) -> None:
    assert facts(extractor, text) == []


def test_a_suspended_termination_is_not_a_termination(extractor: Extractor) -> None:
    text = "South Korea suspended its decision to end the GSOMIA with Japan on Friday."
    assert facts(extractor, text) == [
        ("TerminationSuspendedEvent", "JPN-KOR", "GSOMIA", "2019-11-22")
    ]


def test_an_offer_is_a_proposal_and_capitals_name_states(extractor: Extractor) -> None:
    assert facts(extractor, "Seoul offers to share intelligence with Beijing", "2016") == [
        ("ProposedEvent", "CHN-KOR", "IntelligenceSharing", "2016")
    ]


def test_dated_history_keeps_its_own_date(extractor: Extractor) -> None:
    text = "Seoul already sealed a GSOMIA with Russia in 2001."
    assert facts(extractor, text, "2016") == [("SignedEvent", "KOR-RUS", "GSOMIA", "2001")]


def test_a_list_of_partners_gives_one_bilateral_candidate_each(extractor: Extractor) -> None:
    text = (
        "South Korea plans to pursue intelligence-sharing agreements with Japan, "
        "Germany and Indonesia."
    )
    assert [f[1] for f in facts(extractor, text, "2016")] == ["DEU-KOR", "IDN-KOR", "JPN-KOR"]


def test_a_law_ratifying_a_treaty_is_a_ratification_not_a_signing(extractor: Extractor) -> None:
    text = (
        "Putin on Saturday signed the law ratifying the comprehensive strategic partnership "
        "treaty with North Korea, Russia said."
    )
    assert [f[0] for f in facts(extractor, text, "2024-11-09")] == ["RatifiedEvent"]


def test_every_candidate_quotes_its_sentence_at_its_offsets(extractor: Extractor) -> None:
    text = "Intro line.\n\nIndia and Japan signed an ACSA on Wednesday. Nothing else."
    (c,) = extractor.extract(text, parse_partial("2020-09-10"))
    assert text[c.start : c.end] == c.quote == "India and Japan signed an ACSA on Wednesday."
    assert c.date == "2020-09-09" and 0 < c.confidence <= 1 and len(c.key) == 32


def test_dates_keep_the_precision_the_text_supports() -> None:
    year_only = PartialDate(2016)
    found = find_dates("on Monday, in June 2012, in 2001, last year", year_only)
    assert [d.value.iso() if d.value else None for d in found] == [None, "2012-06", "2001", "2015"]
    day = parse_partial("2019-09-04")
    assert [d.value for d in find_dates("on Monday and Sept. 2", day)] == [
        PartialDate(2019, 9, 2),
        PartialDate(2019, 9, 2),
    ]


@pytest.mark.parametrize("value", ["2019-13", "2019-02-30", "19", "2019/09/02", "tomorrow"])
def test_a_malformed_publication_date_is_a_client_error(value: str) -> None:
    with pytest.raises(InvalidParameter):
        parse_partial(value)


def test_html_is_reduced_to_its_text_without_scripts() -> None:
    html = (
        "<html><body><p>India and Japan signed an ACSA.</p><script>alert(1)</script></body></html>"
    )
    text = article_text(html)
    assert "India and Japan signed an ACSA." in text and "alert" not in text


def test_an_oversized_article_is_refused() -> None:
    with pytest.raises(PayloadTooLarge):
        article_text("a" * (MAX_CHARS + 1), html=False)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(max_size=400))
def test_no_text_crashes_the_extractor(extractor: Extractor, text: str) -> None:
    for c in extractor.extract(text, parse_partial("2020-01-01")):
        assert text[c.start : c.end] == c.quote
