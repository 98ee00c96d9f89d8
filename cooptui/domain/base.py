"""The base of every domain model: immutable, strict about unknown fields."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Model(BaseModel):
    """Frozen pydantic model; extra fields are refused so a typo never passes silently."""

    model_config = ConfigDict(frozen=True, extra="forbid")
