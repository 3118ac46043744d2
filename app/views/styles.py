"""How the views draw relations: one colour and dash pattern per relation, shared by the
network, its legend and the SVG charts of entity pages."""

from __future__ import annotations

from dataclasses import dataclass

from app.ontology import RELATIONS

__all__ = [
    "CHANGE_STYLES",
    "RELATION_STYLES",
    "STATUS_STYLES",
    "ChangeStyle",
    "RelationStyle",
    "StatusStyle",
]


@dataclass(frozen=True)
class RelationStyle:
    """How edges of one relation are drawn; the legend names them by the relation's label."""

    name: str
    colour: str
    #: vis-network dash pattern (``False``: solid line), mirrored by SVG ``stroke-dasharray``.
    dashes: tuple[int, ...] | bool

    @property
    def label(self) -> str:
        """The relation's exact words (:attr:`app.ontology.Relation.label`)."""
        return RELATIONS[self.name].label

    @property
    def dasharray(self) -> str:
        """The same pattern for SVG legends and charts."""
        return " ".join(map(str, self.dashes)) if isinstance(self.dashes, tuple) else ""


#: Colours from Okabe and Ito's palette, told apart with every common colour-vision
#: deficiency; each relation also has its own dash pattern, so no relation is known by colour
#: alone.
RELATION_STYLES: dict[str, RelationStyle] = {
    s.name: s
    for s in (
        RelationStyle("shares_intelligence_with", "#D55E00", False),
        RelationStyle("allied_with", "#0072B2", (2, 3)),
        RelationStyle("pledged_to_defend", "#000000", (6, 2)),
        RelationStyle("has_alliance_with", "#56B4E9", (10, 4)),
        RelationStyle("logistics_partner_of", "#009E73", (8, 4, 2, 4)),
        RelationStyle("defense_cooperation_with", "#E69F00", (4, 4)),
        RelationStyle("strategic_partner_of", "#CC79A7", (14, 4)),
        RelationStyle("cooperates_militarily_with", "#999999", (1, 4)),
    )
}


@dataclass(frozen=True)
class ChangeStyle:
    """How compare mode draws a tie that was added, removed or kept between two dates."""

    name: str
    colour: str
    label: str


#: Compare mode colours (green, red, grey of the same palette); the relation keeps its dash.
CHANGE_STYLES: dict[str, ChangeStyle] = {
    c.name: c
    for c in (
        ChangeStyle("added", "#009E73", "added"),
        ChangeStyle("removed", "#D55E00", "removed"),
        ChangeStyle("unchanged", "#BBBBBB", "unchanged"),
    )
}


@dataclass(frozen=True)
class StatusStyle:
    """How the dyad timeline draws a status period."""

    name: str
    colour: str
    label: str


#: Status periods on the dyad timeline, from the same palette: a light-to-dark path through
#: the lifecycle, then vermillion for a suspension and grey once ended.
STATUS_STYLES: dict[str, StatusStyle] = {
    s.name: s
    for s in (
        StatusStyle("proposed", "#F0E442", "proposed"),
        StatusStyle("negotiating", "#E69F00", "negotiating"),
        StatusStyle("signed", "#56B4E9", "signed"),
        StatusStyle("in_force", "#0072B2", "in force"),
        StatusStyle("suspended", "#D55E00", "suspended"),
        StatusStyle("ended", "#999999", "ended"),
        StatusStyle("rejected", "#000000", "rejected"),
    )
}
