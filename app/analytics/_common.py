"""Small helpers every analytics module shares: choosing among named options, rounding."""

from __future__ import annotations

from collections.abc import Sequence

from app.errors import InvalidParameter

#: Scores are rounded so that results are stable across platforms and readable in JSON.
DIGITS = 6


def rounded(value: float) -> float:
    """``value`` to :data:`DIGITS` digits, with ``-0.0`` made ``0.0``.

    Examples
    --------
    >>> rounded(2 / 3), rounded(-1e-9)
    (0.666667, 0.0)
    """
    return round(value, DIGITS) + 0.0


def one_of(value: str, valid: Sequence[str], parameter: str, noun: str) -> str:
    """``value`` if it is one of ``valid``; otherwise an error that lists them.

    Examples
    --------
    >>> one_of("gexf", ("graphml", "gexf"), "format", "format")
    'gexf'

    :raises InvalidParameter: naming ``parameter`` and the valid values.
    """
    if value not in valid:
        raise InvalidParameter(
            f"unknown {noun} {value!r}; valid {noun}s: {', '.join(valid)}",
            parameter=parameter,
            valid=list(valid),
        )
    return value
