"""How the views draw relations: one colour and dash pattern per relation, shared by the
network, its legend and the SVG charts of entity pages."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["RELATION_STYLES", "RelationStyle"]


@dataclass(frozen=True)
class RelationStyle:
    """How edges of one relation are drawn, and how the legend names them."""

    colour: str
    #: vis-network dash pattern (``False``: solid line), mirrored by SVG ``stroke-dasharray``.
    dashes: tuple[int, ...] | bool
    label: str

    @property
    def dasharray(self) -> str:
        """The same pattern for SVG legends and charts."""
        return " ".join(map(str, self.dashes)) if isinstance(self.dashes, tuple) else ""


RELATION_STYLES: dict[str, RelationStyle] = {
    "shares_intelligence_with": RelationStyle("#C0392B", False, "shares intelligence"),
    "has_alliance_with": RelationStyle("#1F4E9C", (10, 4), "alliance (any obligation)"),
    "allied_with": RelationStyle("#0B1F4A", (2, 3), "mutual defense"),
    "logistics_partner_of": RelationStyle("#1E8449", (8, 4, 2, 4), "logistics"),
    "defense_cooperation_with": RelationStyle("#CA6F1E", (4, 4), "defense cooperation"),
    "strategic_partner_of": RelationStyle("#7D3C98", (14, 4), "strategic partnership"),
    "cooperates_militarily_with": RelationStyle("#7F8C8D", (1, 4), "any military agreement"),
}
