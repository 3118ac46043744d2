"""How the views draw relations: one colour and dash pattern per relation, shared by the
network, its legend and the SVG charts of entity pages."""

from __future__ import annotations

from dataclasses import dataclass

from app.ontology import RELATIONS

__all__ = ["RELATION_STYLES", "RelationStyle"]


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


RELATION_STYLES: dict[str, RelationStyle] = {
    s.name: s
    for s in (
        RelationStyle("shares_intelligence_with", "#C0392B", False),
        RelationStyle("allied_with", "#0B1F4A", (2, 3)),
        RelationStyle("pledged_to_defend", "#2E4053", (6, 2)),
        RelationStyle("has_alliance_with", "#1F4E9C", (10, 4)),
        RelationStyle("logistics_partner_of", "#1E8449", (8, 4, 2, 4)),
        RelationStyle("defense_cooperation_with", "#CA6F1E", (4, 4)),
        RelationStyle("strategic_partner_of", "#7D3C98", (14, 4)),
        RelationStyle("cooperates_militarily_with", "#7F8C8D", (1, 4)),
    )
}
