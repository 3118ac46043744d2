"""The explorer's questions: the one registry of presets the page lists and REST serves.

A preset is a question an analyst asks every morning, opened by a shareable URL
(``/explore?preset=mission``). Its parameters are ordinary view parameters, so the URL can
be edited (``/explore?preset=partners&focus=JPN``) and every control of the page still
applies. The page opens on :data:`LANDING` when its URL asks for nothing.

Kinds decide what the page draws:

* ``path``: a composed question as tiers (:mod:`app.views.path_network`);
* ``network``: a view of the network (:mod:`app.views.network`);
* ``compare``: the view on two dates, ties added, removed and unchanged
  (:mod:`app.views.compare`).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import urlencode

from app.errors import InvalidParameter

__all__ = ["LANDING", "PRESETS", "Preset", "PresetKind", "preset"]


class PresetKind(StrEnum):
    """What a preset draws (see the module docstring)."""

    path = "path"
    network = "network"
    compare = "compare"


@dataclass(frozen=True)
class Preset:
    """A question, and the parameters of the view that answers it."""

    id: str
    kind: PresetKind
    #: A short name for the list of questions.
    title: str
    question: str
    description: str
    #: Default parameters; the URL may override each.
    params: tuple[tuple[str, str], ...]

    @property
    def url(self) -> str:
        """The shareable address of the preset with its defaults."""
        return "/explore?" + urlencode({"preset": self.id, **dict(self.params)})


_PARTNER_TYPES = "allied_with,shares_intelligence_with,logistics_partner_of"

PRESETS: dict[str, Preset] = {
    p.id: p
    for p in (
        Preset(
            "mission",
            PresetKind.path,
            "China's allies",
            "Who shares intelligence with China's allies?",
            "China's allies (a defense or offense obligation in force) and their intelligence "
            "partners; when none share intelligence, the step that came back empty and the "
            "same question over any formal alliance obligation, each hop named by the "
            "obligation it carries.",
            (("from", "CHN"), ("path", "allied_with/shares_intelligence_with")),
        ),
        Preset(
            "partners",
            PresetKind.network,
            "A state's partners",
            "Who are South Korea's allies and intelligence and logistics partners?",
            "One state and its partners one hop away, and the ties among them. Change the "
            "focus to ask about another state.",
            (("focus", "KOR"), ("types", _PARTNER_TYPES), ("hops", "1")),
        ),
        Preset(
            "treaty",
            PresetKind.network,
            "Treaty members",
            "Which states are members of NATO, and which of them have bilateral defense "
            "cooperation, intelligence or logistics pacts?",
            "The members of a named treaty on the date (NATO, CSTO, the Rio Treaty, "
            "ANZUS...) and the bilateral pacts among them.",
            (
                ("treaty", "NATO"),
                ("types", "defense_cooperation_with,shares_intelligence_with,logistics_partner_of"),
            ),
        ),
        Preset(
            "changes",
            PresetKind.compare,
            "What changed",
            "What changed in South Korea's intelligence and logistics ties between 2015 and 2017?",
            "The view on two dates in one picture: ties added (green), removed (red) and "
            "unchanged (grey), with the list of changes and the events behind them.",
            (
                ("focus", "KOR"),
                ("types", "shares_intelligence_with,logistics_partner_of"),
                ("before", "2015"),
                ("as_of", "2017"),
            ),
        ),
    )
}

#: The preset ``/explore`` opens on when its URL asks for nothing.
LANDING = PRESETS["mission"]


def preset(name: str) -> Preset:
    """The preset called ``name``.

    :raises InvalidParameter: no preset has that name; the error lists them.
    """
    found = PRESETS.get(name)
    if found is None:
        raise InvalidParameter(
            f"unknown preset {name!r}; valid presets: {', '.join(PRESETS)}",
            parameter="preset",
            valid=list(PRESETS),
        )
    return found
