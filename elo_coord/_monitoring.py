"""Monitoring the groups: who sits in them, counted and said in words.

:func:`representation` counts, across the groups of a composition, how many groups each kind of
organisation sits in, and bands the kinds as the ELO guide words its statement (seed ``S000``):
represented most often, in over half of the groups, less often. :func:`representation_lines`
says it in words, with the source's own statement beside it. The good practices are in
``_practices``.
"""

from __future__ import annotations

from typing import Literal

import polars as pl

from elo_coord._labels import check_lang, label
from elo_coord._model import Composition

__all__ = [
    "MOST_OFTEN",
    "REPRESENTATION_SCHEMA",
    "Band",
    "representation",
    "representation_lines",
]

Band = Literal["most_often", "over_half", "less_often"]
"""How often a kind of organisation sits in the groups, in the words of the ELO guide."""

MOST_OFTEN = 0.75
"""The share of groups from which a kind counts as represented most often (at least 3 in 4).
Over half is more than 0.5; less often, half or fewer."""

_BANDS: tuple[Band, ...] = ("most_often", "over_half", "less_often")

REPRESENTATION_SCHEMA: pl.Schema = pl.Schema(
    {
        "kind_id": pl.String(),
        "kind": pl.String(),
        "body_id": pl.String(),
        "groups": pl.Int64(),
        "total": pl.Int64(),
        "share": pl.Float64(),
        "steering": pl.Int64(),
        "band": pl.Enum(list(_BANDS)),
        "published": pl.Enum(list(_BANDS)),
        "illustrative": pl.Boolean(),
    }
)
"""Columns of :func:`representation`: a line per kind of organisation, most often first.

``groups`` is how many groups it sits in at any tier, of ``total``; ``steering`` how many have
it in their first tier (the steering group); ``band`` is worked out from ``share``
(:data:`MOST_OFTEN`, over half, less often), ``published`` is the band the source's own statement
puts it in (null where the source does not name it)."""


def representation(composition: Composition) -> pl.DataFrame:
    """Return how many groups each kind of organisation sits in, banded as the source words it.

    Examples
    --------
    >>> from elo_coord import load_composition
    >>> made_up = load_composition("matrices/monitoring/composition/kuvitteellinen-2014.yaml")
    >>> shares = representation(made_up)
    >>> shares.select("kind_id", "groups", "band").row(-1)
    ('yritykset', 2, 'less_often')
    """
    total = len(composition.groups)
    steering = composition.tiers[0].id
    published: dict[str, Band] = {}
    if composition.published is not None:
        p = composition.published
        for band, kinds in zip(_BANDS, (p.most_often, p.over_half, p.less_often), strict=True):
            published |= dict.fromkeys(kinds, band)
    lines = []
    for order, kind in enumerate(composition.kinds):
        sits = [m for m in composition.groups if any(kind.id in t for t in m.tiers.values())]
        share = len(sits) / total if total else 0.0
        lines.append(
            {
                "kind_id": kind.id,
                "kind": kind.name,
                "body_id": kind.body,
                "groups": len(sits),
                "total": total,
                "share": share,
                "steering": sum(kind.id in m.tiers.get(steering, ()) for m in composition.groups),
                "band": _band(share),
                "published": published.get(kind.id),
                "illustrative": composition.illustrative,
                "order": order,
            }
        )
    frame = pl.DataFrame(lines, schema={**REPRESENTATION_SCHEMA, "order": pl.Int64()}, orient="row")
    return frame.sort(["groups", "order"], descending=[True, False]).drop("order")


def _band(share: float) -> Band:
    if share >= MOST_OFTEN:
        return "most_often"
    return "over_half" if share > 0.5 else "less_often"


def representation_lines(composition: Composition, *, lang: str = "fi") -> list[str]:
    """Say which kinds sit in the groups most and least often, as the ELO guide says it.

    One sentence per band, each kind with its count of groups; then whether the source's own
    statement agrees, naming each kind it puts in another band. Illustrative data says so first.

    Examples
    --------
    >>> from elo_coord import load_composition
    >>> made_up = load_composition("matrices/monitoring/composition/kuvitteellinen-2014.yaml")
    >>> lines = representation_lines(made_up, lang="en")
    >>> for line in lines[3].split(": "):
    ...     print(line)
    Less often (in half of the groups or fewer)
    elinkeinoelämän järjestöt 5/12, kolmas sektori 4/12, hankkeet 3/12, yritykset 2/12.
    >>> lines[4]
    'The source (S000) bands every kind alike.'
    """
    check_lang(lang)
    shares = representation(composition)
    lines = []
    if composition.illustrative:
        lines.append(label("representation_illustrative", lang).format(n=len(composition.groups)))
    for band in _BANDS:
        kinds = shares.filter(pl.col("band") == band)
        if kinds.height:
            listed = ", ".join(
                f"{kind} {groups}/{total}"
                for kind, groups, total in kinds.select("kind", "groups", "total").iter_rows()
            )
            lines.append(f"{label(f'band_{band}', lang)}: {listed}.")
    published = composition.published
    if published is not None:
        apart = shares.filter(
            pl.col("published").is_not_null() & (pl.col("published") != pl.col("band"))
        )
        if apart.height == 0:
            lines.append(label("representation_agrees", lang).format(source=published.source))
        else:
            differ = "; ".join(
                label("representation_differs", lang).format(
                    kind=kind,
                    published=label(f"band_{said}", lang).split(" (")[0].lower(),
                    band=label(f"band_{band}", lang).split(" (")[0].lower(),
                )
                for kind, said, band in apart.select("kind", "published", "band").iter_rows()
            )
            lines.append(f"{published.source}: {differ}.")
    return lines
