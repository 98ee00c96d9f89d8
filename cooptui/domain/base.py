"""The base of every domain model: immutable, strict about unknown fields."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, Strict


class Model(BaseModel):
    """Frozen pydantic model; extra fields are refused so a typo never passes silently."""

    model_config = ConfigDict(frozen=True, extra="forbid")


MAX_ID = 2**63 - 1
"""SQLite's largest integer: an id beyond it cannot exist, and could not even be bound."""

RowId = Annotated[int, Strict(), Field(ge=1, le=MAX_ID)]
"""An id on the wire: a JSON integer (never `true`, "5" or 5.0) that a row could have."""

WireInt = Annotated[int, Strict(), Field(ge=-MAX_ID, le=MAX_ID)]
"""A count on the wire (months, seconds): a JSON integer within 64 bits."""
