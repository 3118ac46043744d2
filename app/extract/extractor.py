"""Candidate lifecycle events from article text: offline rules over a blank spaCy pipeline.

Each line of the text is cut into sentences (spaCy's rule-based sentencizer); in each sentence
a :class:`~spacy.matcher.PhraseMatcher` finds states and agreement types (the lexicons of
:mod:`app.extract.lexicon`) and a :class:`~spacy.matcher.Matcher` finds the event triggers
of :data:`TRIGGERS`. A candidate is a trigger with the agreement types nearest to it, the
states of its clause and the date nearest to it. Precision comes first, so the rules abstain:

* **modality and negation** — a trigger after "not", "could", "would", "reconsider",
  "analysts suggested"... yields nothing (:data:`_HEDGES`);
* **background** — a trigger after "already", "previously", "among", "which"... is history
  restated, kept only when the sentence dates it ("sealed a GSOMIA with Russia in 2001");
* **no parties, no type, no date** — fewer than two states (after resolving "It"/"They" to
  the previous sentence, and a bare "the Defense Ministry" to the article's home state), no
  agreement-type phrase, or a date after publication: nothing;
* a plan restated with an earlier year ("agreed ... in December 2014" in a 2016 article) is
  background, not a plan.

spaCy is imported on first use and the pipeline built once per lexicon: module import stays
cheap for the CLI and the app factory.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from app.extract.dates import DateMention, PartialDate, find_dates
from app.extract.lexicon import Lexicon

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span


@dataclass(frozen=True)
class Candidate:
    """One candidate lifecycle event, with the sentence that states it.

    ``parties`` are ISO3 codes (sorted), ``agreement_type`` and ``event_type`` local names of
    the ontology's schemes, ``date`` ISO at the precision the text supports, ``quote`` the
    sentence, ``start``/``end`` its character offsets in the article text, ``confidence`` in
    0 to 1, ``matches`` the IRI of the agreement it would update (set by
    :func:`app.extract.matching.match_candidates`), ``key`` a fingerprint of the fact
    (parties, types, date, quote) that a rejection is recorded under.
    """

    parties: tuple[str, ...]
    agreement_type: str
    event_type: str
    date: str
    quote: str
    start: int
    end: int
    confidence: float
    actors: tuple[str, ...] = ()
    matches: str | None = None
    matches_label: str | None = None
    key: str = field(default="")


@dataclass(frozen=True)
class Extraction:
    """The text the candidates point into, the publication date used, and the candidates."""

    text: str
    published: str | None
    candidates: list[Candidate]


# Trigger rules: (event type, Matcher patterns on lower-cased tokens). A longer match wins
# over a shorter one it overlaps ("signed the law ratifying" is a ratification).
_W = dict[str, Any]


def _words(*words: str) -> list[_W]:
    return [{"LOWER": w} for w in words]


def _any(*words: str) -> _W:
    return {"LOWER": {"IN": list(words)}}


_GAP = {"OP": "{0,8}", "IS_SENT_START": False}
_END_VERBS = _any(
    "end",
    "scrap",
    "terminate",
    "ditch",
    "discontinue",
    "discontinuing",
    "ending",
    "terminating",
    "scrapping",
    "abrogate",
    "abandon",
    "quit",
)
# fmt: off
TRIGGERS: dict[str, list[list[_W]]] = {
    "TerminationSuspendedEvent": [
        [
            _any("suspend", "suspended", "suspends", "suspending"),
            {"OP": "{0,5}"},
            _any("termination", "expiry", "expiration", "decision", "notice"),
        ],
    ],
    "TerminationAnnouncedEvent": [
        [
            _any(
                "decided",
                "decision",
                "deciding",
                "announced",
                "notified",
                "notify",
                "intent",
                "intention",
            ),
            _GAP,
            _END_VERBS,
        ],
        [{"LOWER": "notice"}, {"LOWER": "of"}, _any("termination", "withdrawal")],
        [_any("decided", "decision"), {"LOWER": "not"}, {"LOWER": "to"}, {"LOWER": "renew"}],
    ],
    "TerminatedEvent": [
        _words("fell", "apart"),
        [_any("collapsed", "expired", "lapsed")],
        [_any("was", "were", "formally"), {"LOWER": "terminated"}],
    ],
    "WithdrawnEvent": [_words("withdrew", "from"), _words("pulled", "out", "of")],
    "RatifiedEvent": [
        [_any("ratified", "ratifies")],
        [
            _any("signed", "approved"),
            {"OP": "{0,2}"},
            _any("law", "decree", "bill"),
            _any("ratifying", "on"),
        ],
    ],
    "EnteredIntoForceEvent": [
        [
            _any("entered", "came", "went", "enters", "comes"),
            {"LOWER": "into"},
            _any("force", "effect"),
        ],
        [_any("took", "takes"), {"LOWER": "effect"}],
    ],
    "RenewedEvent": [[_any("renewed", "renews", "extended", "extends")]],
    "SignedEvent": [
        [
            _any(
                "signed",
                "signs",
                "inked",
                "sealed",
                "concluded",
                "clinched",
                "finalized",
                "finalised",
            )
        ],
    ],
    "RejectedEvent": [[_any("rejected", "rejects")], _words("turned", "down")],
    "ProposedEvent": [
        [_any("proposed", "proposes", "proposing")],
        [_any("made", "makes", "making"), _any("a", "an"), {"OP": "?"}, _any("proposal")],
        [_any("offered", "offers", "offering"), {"LOWER": "to"}],
        [_any("approached", "approaches"), {"OP": "{1,3}"}, {"LOWER": "on"}],
    ],
    "NegotiatingEvent": [
        [{"LOWER": "in"}, {"OP": "?"}, _any("talks", "negotiations")],
        [
            _any(
                "held",
                "holding",
                "hold",
                "restart",
                "resume",
                "resumed",
                "began",
                "begin",
                "started",
                "start",
                "launched",
                "opened",
            ),
            {"OP": "?"},
            _any("talks", "negotiations"),
        ],
        [_any("negotiating", "negotiated")],
        [_any("continue", "continued", "held", "hold", "holding"), {"OP": "{0,2}"},
         _any("consultation", "consultations")],
    ],
    "PlannedEvent": [
        [_any("agreed", "agree", "agrees"), {"LOWER": "to"}],
        [_any("plans", "planning", "plan", "intends", "intend"), _any("to", "on")],
    ],
}
# fmt: on

# Words before a trigger that make it no event (modality, negation, hearsay, delay).
_HEDGES = frozenset(
    [
        "not",
        "n't",
        "never",
        "no",
        "neither",
        "nor",
        "could",
        "might",
        "may",
        "would",
        "should",
        "must",
        "if",
        "whether",
        "unless",
        "reconsider",
        "reconsidering",
        "consider",
        "considering",
        "weigh",
        "weighing",
        "mulling",
        "possibly",
        "possible",
        "hope",
        "hopes",
        "hoping",
        "seek",
        "seeks",
        "seeking",
        "sought",
        "want",
        "wants",
        "wanted",
        "expected",
        "expects",
        "likely",
        "unlikely",
        "yet",
        "delay",
        "delayed",
        "postpone",
        "postponed",
        "cancel",
        "canceled",
        "cancelled",
        "refused",
        "failed",
        "deny",
        "denied",
        "denies",
        "denying",
        "speculation",
        "speculate",
        "rumored",
        "rumoured",
        "suggested",
        "analysts",
        "observers",
        "will",
        "shall",
        "off",
    ]
)
# Words before a trigger that mark history restated: kept only when the sentence dates it.
_BACKGROUND = frozenset(
    [
        "already",
        "previously",
        "earlier",
        "among",
        "which",
        "whom",
        "formerly",
        "once",
        "had",
        "since",
    ]
)
# Words that close the clause of a trigger (states beyond them are not its parties).
_BREAKERS = frozenset(
    [
        "according",
        "following",
        "after",
        "amid",
        "because",
        "while",
        "although",
        "though",
        "but",
        "which",
        "who",
        "whom",
        "where",
        "when",
        "said",
        "says",
        "told",
        "despite",
        "unlike",
        "having",
        "to-counter",
        "--",
    ]
) | {"\u2015", "\u2014", "\u2013", ";", "(", ")"}
# A subject naming an institution but no state: the article's home state acts.
_INSTITUTIONS = frozenset(
    [
        "ministry",
        "government",
        "military",
        "official",
        "officials",
        "minister",
        "cabinet",
        "administration",
    ]
)
_PRONOUNS = {"it", "they", "both", "the two"}
# Demonyms in these phrases name no party ("Korean Peninsula", "Korean War").
_NOT_PARTY_NEXT = frozenset(["peninsula", "war", "sea", "strait", "won", "language", "people"])
_SPEECH = re.compile(r"\b(?:said|says|told|added|announced)\s*$", re.I)
# Confidence of a candidate: a base per event type, lowered for each inference it needed.
_BASE = 0.9
_GENERIC_TYPES = frozenset({"MilitaryCooperation"})


@dataclass
class _Mention:
    start: int  # token index in the block doc
    end: int
    value: str


@dataclass
class _Trigger:
    start: int
    end: int
    event: str


class Extractor:
    """The pipeline and matchers of one lexicon (built once, used for every article)."""

    def __init__(self, lexicon: Lexicon) -> None:
        import spacy
        from spacy.matcher import Matcher, PhraseMatcher

        self.lexicon = lexicon
        self.nlp: Language = spacy.blank("en")
        self.nlp.add_pipe("sentencizer")
        self.states = PhraseMatcher(self.nlp.vocab, attr="ORTH")
        self.types_exact = PhraseMatcher(self.nlp.vocab, attr="ORTH")
        self.types_lower = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        for phrase, iso in lexicon.states.items():
            self.states.add(iso, [self.nlp.make_doc(v) for v in _variants(phrase, upper=True)])
        for phrase, concept in lexicon.types.items():
            exact = phrase.isupper() or len(phrase) <= 4
            target = self.types_exact if exact else self.types_lower
            target.add(concept, [self.nlp.make_doc(v) for v in _variants(phrase, upper=False)])
        self.triggers = Matcher(self.nlp.vocab)
        for event, patterns in TRIGGERS.items():
            if event in lexicon.event_types:
                self.triggers.add(event, patterns)

    def extract(self, text: str, published: PartialDate | None) -> list[Candidate]:
        """Candidates of ``text`` (plain text), dates resolved against ``published``."""
        sentences = [(offset, sent, sent.as_doc()) for offset, sent in self._sentences(text)]
        mentions = [self._state_mentions(doc) for _, _, doc in sentences]
        home = self._home_state(mentions)
        candidates: list[Candidate] = []
        previous_states: list[str] = []
        for (offset, sent, doc), states in zip(sentences, mentions, strict=True):
            found = self._sentence(
                sent, doc, offset, text, states, previous_states, home, published
            )
            candidates += found
            if states:
                previous_states = _ordered({m.value for m in states}, states)
        return _consolidate(candidates, self.lexicon)

    def _sentences(self, text: str) -> Iterable[tuple[int, Span]]:
        blocks = [(m.start(), m.group(0)) for m in re.finditer(r"[^\n]+", text)]
        docs = self.nlp.pipe([block for _, block in blocks])
        for (offset, _), doc in zip(blocks, docs, strict=True):
            for sent in doc.sents:
                yield offset, sent

    def _state_mentions(self, doc: Doc) -> list[_Mention]:
        from spacy.util import filter_spans

        spans = filter_spans(
            [doc[s:e] for _, s, e in self.states(doc)]
            + [doc[s:e] for _, s, e in self.types_lower(doc)]
            + [doc[s:e] for _, s, e in self.types_exact(doc)]
        )
        keep = {(sp.start, sp.end) for sp in spans}
        mentions = []
        for match_id, s, e in self.states(doc):
            if (s, e) not in keep:
                continue
            after = doc[e].lower_ if e < len(doc) else ""
            if after in _NOT_PARTY_NEXT:
                continue
            mentions.append(_Mention(s, e, self.nlp.vocab.strings[match_id]))
        return sorted(mentions, key=lambda m: m.start)

    def _type_mentions(self, doc: Doc) -> list[_Mention]:
        from spacy.util import filter_spans

        hits = {(s, e): doc.vocab.strings[i] for i, s, e in self.types_lower(doc)}
        hits |= {(s, e): doc.vocab.strings[i] for i, s, e in self.types_exact(doc)}
        spans = filter_spans([doc[s:e] for s, e in hits])
        return sorted(
            (_Mention(sp.start, sp.end, hits[(sp.start, sp.end)]) for sp in spans),
            key=lambda m: m.start,
        )

    def _triggers(self, doc: Doc) -> list[_Trigger]:
        from spacy.util import filter_spans

        labels = {}
        for match_id, s, e in self.triggers(doc):
            labels[(s, e)] = doc.vocab.strings[match_id]
        spans = filter_spans([doc[s:e] for s, e in labels])
        found = [_Trigger(sp.start, sp.end, labels[(sp.start, sp.end)]) for sp in spans]
        events = {t.event for t in found}
        # A suspended termination is not a termination; a ratification law is no signing.
        if "TerminationSuspendedEvent" in events:
            found = [t for t in found if t.event not in ("TerminationAnnouncedEvent",)]
        return found

    def _home_state(self, mentions: Sequence[list[_Mention]]) -> str | None:
        """The state the article is about: the one its sentences name first, clearly most often.

        The first state a sentence names is mostly its subject ("Seoul made a proposal to
        Beijing"), so this finds the actor of a Korean ministry's story even when the partner
        is named nearly as often overall.
        """
        counts = Counter(found[0].value for found in mentions if found)
        ranked = counts.most_common(2)
        if not ranked or ranked[0][1] < 3:
            return None
        if len(ranked) > 1 and ranked[0][1] < 1.5 * ranked[1][1]:
            return None
        return ranked[0][0]

    def _sentence(
        self,
        sent: Span,
        doc: Doc,
        offset: int,
        text: str,
        states: list[_Mention],
        previous_states: list[str],
        home: str | None,
        published: PartialDate | None,
    ) -> list[Candidate]:
        if doc.text.rstrip().endswith("?"):
            return []
        types = self._type_mentions(doc)
        triggers = self._triggers(doc)
        if not types or not triggers:
            return []
        start = offset + sent.start_char
        quote = text[start : offset + sent.end_char].strip()
        start = text.index(quote, start) if quote else start
        dates = [
            d for d in find_dates(doc.text, published) if not _SPEECH.search(doc.text[: d.start])
        ]
        claimed: dict[int, list[_Mention]] = {}
        for mention in types:
            nearest = min(range(len(triggers)), key=lambda i: _distance(triggers[i], mention))
            claimed.setdefault(nearest, []).append(mention)
        assigned = {
            i: _coordinated(doc, min(ms, key=lambda m: _distance(triggers[i], m)), ms)
            for i, ms in claimed.items()
        }
        found = []
        for index, trigger in enumerate(triggers):
            for concept in dict.fromkeys(m.value for m in assigned.get(index, [])):
                candidate = self._candidate(
                    doc, trigger, concept, states, previous_states, home, dates, published
                )
                for parties, actors, date, confidence in candidate:
                    found.append(
                        Candidate(
                            parties=parties,
                            agreement_type=concept,
                            event_type=trigger.event,
                            date=date,
                            quote=quote,
                            start=start,
                            end=start + len(quote),
                            confidence=confidence,
                            actors=actors,
                        )
                    )
        return found

    def _candidate(
        self,
        doc: Doc,
        trigger: _Trigger,
        concept: str,
        states: list[_Mention],
        previous_states: list[str],
        home: str | None,
        dates: list[DateMention],
        published: PartialDate | None,
    ) -> list[tuple[tuple[str, ...], tuple[str, ...], str, float]]:
        before = [t.lower_ for t in doc[max(0, trigger.start - 8) : trigger.start]]
        inside = [t.lower_ for t in doc[trigger.start : trigger.end]]
        if any(w in _HEDGES for w in before[-6:]) or any(
            w in ("not", "n't", "never") for w in inside
        ):
            return []
        confidence = _BASE - (0.2 if concept in _GENERIC_TYPES else 0.0)
        background = any(w in _BACKGROUND for w in before)
        # The clause: back to the last breaker before the trigger, on to the first after it.
        left = trigger.start
        while left > 0 and doc[left - 1].lower_ not in _BREAKERS:
            left -= 1
        relative = left > 0 and doc[left - 1].lower_ in ("which", "who")
        right = trigger.end
        while right < len(doc) and not _breaks(doc, right):
            right += 1
        subject = [m for m in states if left <= m.start < trigger.start]
        if relative and not subject:
            # "South Korea, which ... decided to end": the relative pronoun's antecedent.
            subject = [m for m in states if m.end <= left - 1][-1:]
        inner = [m for m in states if trigger.start <= m.start < trigger.end]
        objects = [m for m in states if trigger.end <= m.start < right]
        subject_codes = _ordered({m.value for m in subject}, subject)
        object_codes = _ordered({m.value for m in inner + objects} - set(subject_codes), objects)
        clause_words = {t.lower_ for t in doc[left : trigger.start]}
        named = subject + inner + objects
        if not subject_codes:
            first = doc[left : left + 2].text.lower()
            pronoun = first in _PRONOUNS or first.split(" ")[0] in _PRONOUNS
            if pronoun and previous_states:
                subject_codes = previous_states[:1] if first.startswith("it") else previous_states
                confidence -= 0.15
        if (
            home is not None
            and len(set(subject_codes) | set(object_codes)) == 1
            and home not in subject_codes + object_codes
            and (
                (not subject_codes and clause_words & _INSTITUTIONS)
                or any(m.start and doc[m.start - 1].lower_ == "with" for m in named)
            )
        ):
            # "The Defense Ministry ... restart talks ... with Tokyo", "a deal ... with Tokyo
            # fell apart": the other side is the state the article is about.
            if subject_codes:
                object_codes = [home]
            else:
                subject_codes = [home]
            confidence -= 0.15
        parties_sets: list[list[str]]
        if len(subject_codes) == 1 and len(object_codes) >= 2:
            # "with X, Y and Z": one bilateral candidate per partner.
            parties_sets = [[subject_codes[0], o] for o in object_codes]
        else:
            parties_sets = [list(dict.fromkeys(subject_codes + object_codes))]
        result = []
        date, date_confidence = _event_date(doc, trigger, dates, published, background)
        if date is None:
            return []
        if trigger.event == "PlannedEvent" and published is not None and date.year < published.year:
            return []
        for parties in parties_sets:
            if len(parties) < 2 or (
                len(parties) > 2 and concept != "TrilateralIntelligenceArrangement"
            ):
                continue
            actors = tuple(sorted(subject_codes)) if subject_codes else tuple(sorted(parties))
            result.append(
                (
                    tuple(sorted(parties)),
                    actors,
                    date.iso(),
                    round(max(0.05, min(confidence, date_confidence)), 2),
                )
            )
        return result


def _breaks(doc: Doc, i: int) -> bool:
    word = doc[i].lower_
    if word == "as" and "as well as" in (
        doc[i : i + 3].text.lower(),
        doc[i - 2 : i + 1].text.lower(),
    ):
        return False
    if word in ("in", "to") and i + 1 < len(doc) and doc[i + 1].lower_ in ("order", "counter"):
        return True
    return word in _BREAKERS or word == "as"


def _coordinated(doc: Doc, head: _Mention, mentions: list[_Mention]) -> list[_Mention]:
    """``head`` and the mentions joined to it by "and", "or" or commas ("the GSOMIA and ACSA")."""
    group = [head]
    ordered = sorted(mentions, key=lambda m: m.start)
    at = ordered.index(head)
    for step in (1, -1):
        i = at
        while 0 <= i + step < len(ordered):
            a, b = sorted((ordered[i], ordered[i + step]), key=lambda m: m.start)
            gap = {t.lower_ for t in doc[a.end : b.start]}
            if not gap <= _JOINERS:
                break
            group.append(ordered[i + step])
            i += step
    return group


_JOINERS = frozenset({"and", "or", ",", "the", "a", "an", "its", "their"})


def _distance(trigger: _Trigger, mention: _Mention) -> int:
    if mention.start >= trigger.end:
        return mention.start - trigger.end
    if mention.end <= trigger.start:
        return trigger.start - mention.end + 1  # a tie goes to the object after the verb
    return 0


def _event_date(
    doc: Doc,
    trigger: _Trigger,
    dates: list[DateMention],
    published: PartialDate | None,
    background: bool,
) -> tuple[PartialDate | None, float]:
    """The date of the event and the confidence it allows (``None``: abstain)."""
    t_start = doc[trigger.start].idx
    t_end = doc[trigger.end - 1].idx + len(doc[trigger.end - 1])
    if dates:
        nearest = min(dates, key=lambda d: max(d.start - t_end, t_start - d.end, 0))
        value = nearest.value
        if value is None:
            if background or published is None:
                return None, 0.0
            value = PartialDate(published.year)
            return _not_after(value, published), 0.7
        if nearest.recent:
            return _not_after(value, published), 0.6
        if background and value == published:
            return None, 0.0
        return _not_after(value, published), _BASE
    if background or published is None:
        return None, 0.0
    return published, 0.8


def _not_after(value: PartialDate, published: PartialDate | None) -> PartialDate | None:
    """``value``, unless it lies after publication (a plan for the future is no event yet)."""
    if published is None:
        return value
    if value.year > published.year:
        return None
    if value.year == published.year and published.month is not None and value.month is not None:
        if value.month > published.month:
            return None
        if (
            value.month == published.month
            and published.day is not None
            and value.day is not None
            and value.day > published.day
        ):
            return None
    return value


def _ordered(codes: set[str], mentions: Sequence[_Mention]) -> list[str]:
    """``codes`` in the order the mentions name them."""
    return [c for c in dict.fromkeys(m.value for m in mentions) if c in codes] + sorted(
        codes - {m.value for m in mentions}
    )


def _variants(phrase: str, upper: bool) -> list[str]:
    """A label as written, with hyphens and spaces swapped, and in capitals (datelines)."""
    forms = {phrase, phrase.replace("-", " "), re.sub(r"(\w) (\w)", r"\1-\2", phrase)}
    if upper:
        forms |= {f.upper() for f in forms if len(f) > 4}
    return sorted(forms)


def _consolidate(candidates: list[Candidate], lexicon: Lexicon) -> list[Candidate]:
    """One candidate per fact, the most specific type, plans superseded by signings dropped."""
    best: dict[tuple[tuple[str, ...], str, str, str], Candidate] = {}
    for c in candidates:
        key = (c.parties, c.event_type, c.agreement_type, c.date)
        if key not in best or c.confidence > best[key].confidence:
            best[key] = c
    kept = list(best.values())

    def covered(c: Candidate) -> bool:
        for other in kept:
            if other is c or other.parties != c.parties or other.date != c.date:
                continue
            same_branch = lexicon.within(other.agreement_type, c.agreement_type) or (
                lexicon.within(c.agreement_type, other.agreement_type)
            )
            if not same_branch:
                continue
            if (
                other.event_type == c.event_type
                and other.agreement_type != c.agreement_type
                and lexicon.within(other.agreement_type, c.agreement_type)
            ):
                return True  # a broader twin of a more specific candidate
            if c.event_type == "PlannedEvent" and other.event_type == "SignedEvent":
                return True  # "agrees to share" in the headline of a signing
        return False

    result = [c for c in kept if not covered(c)]
    result.sort(key=lambda c: (c.start, c.parties, c.event_type))
    return [replace(c, key=candidate_key(c)) for c in result]


def candidate_key(c: Candidate) -> str:
    """The fingerprint a rejection is recorded under: the fact and the sentence stating it."""
    fact = "|".join([",".join(c.parties), c.agreement_type, c.event_type, c.date, c.quote])
    return hashlib.sha256(fact.encode()).hexdigest()[:32]


@lru_cache(maxsize=4)
def extractor_for(lexicon: Lexicon) -> Extractor:
    """The extractor of ``lexicon`` (building spaCy's pipeline takes a moment: done once)."""
    return Extractor(lexicon)


__all__ = ["TRIGGERS", "Candidate", "Extraction", "Extractor", "candidate_key", "extractor_for"]
