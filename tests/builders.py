"""Small matrices for tests: one builder, so that every test states only what it is about."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from elo_coord import Matrix


def matrix(rows: Sequence[dict[str, Any]] = (), **fields: Any) -> Matrix:
    """A matrix with ``rows``: a proposal of 18.3.2022 for the ELO strategy 2020–2023 unless
    ``fields`` say otherwise (``id`` ``pieni``, titled as its id)."""
    data: dict[str, Any] = {
        "id": "pieni",
        "kind": "proposal",
        "strategy": "elo-2020-2023",
        "date": "2022-03-18",
        **fields,
    }
    data.setdefault("title", data["id"])
    return Matrix.model_validate({**data, "rows": list(rows)})


def proposal(
    id: str, proposers: Sequence[str], rows: Sequence[dict[str, Any]] = (), **fields: Any
) -> Matrix:
    """A proposal ``id`` by the regions ``proposers``."""
    return matrix(rows, id=id, proposers=list(proposers), **fields)
