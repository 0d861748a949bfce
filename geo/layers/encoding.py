"""The encoding conventions: how each kind of relation is drawn, in one table.

Read by the relation layers (arrows, widths, badges), the partners layer (what its shading
counts), the static figure (through the layers), the legends, :mod:`geo.audit` (which
holds the drawn map to this table) and the README's table of conventions.

A row of ``relations.csv`` says in its ``form`` column how the sentence relates its two
ends (empty: the kind's ``default`` form):

* ``mutual`` - two-way, no direction (turnover, talks, ties, an alliance): a line, no arrow;
* ``flow`` - the source acts on the target in the kind's direction (seller -> buyer,
  investor -> recipient, visitor -> host): an arrow from the ``actor`` to the ``partner``;
* ``claim`` - the source claims a territory the target holds or claims too: an arrow from
  the claimant to each such territory of ``disputes.csv``;
* ``stance`` - the source's wish, demand, view or opposition about the target's conduct or a
  relation between others: not a line, a badge on the source with its card.
"""

from __future__ import annotations

from dataclasses import dataclass

#: What the ``form`` column may say.
FORMS: tuple[str, ...] = ("mutual", "flow", "claim", "stance")
#: Forms drawn with an arrowhead.
DIRECTED: frozenset[str] = frozenset({"flow", "claim"})


@dataclass(frozen=True)
class Convention:
    """How relations of one kind are drawn.

    ``actor`` and ``partner`` name the two ends of an arrow (tail and head); ``mutual``
    names what an undirected row of the kind is; ``default`` is the form of a row whose
    ``form`` is empty; ``forms`` are the forms the kind allows; ``width`` says whether the
    kind's lines are as wide as a figure (in :data:`WIDTH_UNIT`) on :func:`width`'s scale.
    """

    actor: str
    partner: str
    mutual: str
    default: str
    forms: tuple[str, ...] = ("mutual", "flow", "stance")
    width: bool = False

    @property
    def arrow(self) -> str:
        """The arrow's meaning, "seller → buyer"."""
        return f"{self.actor} → {self.partner}"


#: kind -> its convention: the one place the map's encodings are declared.
CONVENTIONS: dict[str, Convention] = {
    "trade": Convention("seller", "buyer", "turnover", "mutual", width=True),
    "investment": Convention("investor", "recipient", "investment ties", "flow"),
    "arms": Convention("seller", "buyer", "arms ties", "flow"),
    "energy": Convention("seller", "buyer", "energy ties", "flow"),
    "diplomacy": Convention("visitor or initiator", "host or partner", "talks, ties", "mutual"),
    "security": Convention("initiator", "partner", "security ties, alliances", "mutual"),
    "dispute": Convention(
        "claimant", "territory", "a dispute", "claim", forms=("claim", "mutual", "stance")
    ),
}

#: Unit of the figures that set a width, and the scale: BASE + PER_UNIT px per unit.
WIDTH_UNIT = "USD bn"
WIDTH_BASE = 1.5
WIDTH_PER_UNIT = 0.12
#: Width of an undirected line or an arrow of a kind whose width measures nothing.
LINE_WIDTH = 2.0
#: Opacity of a band whose figure is the article's, and of one from another source.
ARTICLE_OPACITY = 0.9
OUTSIDE_OPACITY = 0.35
#: A pair with no figure: an open double line this wide, its core white (not a thin line,
#: which would read as a small figure).
NO_FIGURE_WIDTH = 9.0
NO_FIGURE_CORE = 5.0
#: Radius (px) of a stance badge and its ring's dash: a dashed ring, white inside.
BADGE_RADIUS = 9.0
BADGE_DASH = "3 2"

#: Statuses that state no tie (the partners' shading does not count them).
NOT_A_TIE: frozenset[str] = frozenset({"failed", "opposed"})

#: The partners' shading, stated in one line for its legend.
SHADING = (
    "Shade: how many kinds of ties with {focal} the article states (trade, energy...). "
    "Not counted: failures, opposition and stances. A transit country counts the kinds "
    "that would pass through it."
)


def form_of(kind: str, form: str) -> str:
    """A row's form: its ``form`` cell, or its kind's default when the cell is empty."""
    return form or CONVENTIONS[kind].default


def directed(kind: str, form: str) -> bool:
    """Whether a row of ``kind`` and ``form`` is drawn with an arrowhead."""
    return form_of(kind, form) in DIRECTED


def width(value: float) -> float:
    """Line width (px) for a figure of ``value`` in :data:`WIDTH_UNIT`: one scale for all."""
    return round(WIDTH_BASE + WIDTH_PER_UNIT * float(value), 2)


def width_note() -> str:
    """The width scale in words, for the legend and the README."""
    return (
        f"Width: {WIDTH_BASE:g} px + {WIDTH_PER_UNIT:g} px per {WIDTH_UNIT} of two-way "
        "trade in the figure's year, one scale for every pair."
    )


def undirected_label(kind: str) -> str:
    """ "trade (turnover)": the kind and what its undirected rows are, for messages."""
    return f"{kind} ({CONVENTIONS[kind].mutual})"


def conventions_table() -> list[tuple[str, str, str, str]]:
    """(kind, undirected rows, arrow, width) per kind: the README's table, from this one."""
    return [
        (
            kind,
            c.mutual,
            c.arrow if "flow" in c.forms or "claim" in c.forms else "",
            f"figure in {WIDTH_UNIT}" if c.width else "fixed",
        )
        for kind, c in CONVENTIONS.items()
    ]
