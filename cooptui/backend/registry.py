"""Adapters discovered through the `cooptui.backends` entry-point group.

Listing names never imports an adapter, so start-up stays lean and a broken
third-party adapter only fails when somebody chooses it.
"""

from __future__ import annotations

from collections.abc import Mapping
from importlib.metadata import EntryPoint, entry_points
from typing import Any

from cooptui.backend.protocol import Backend

GROUP = "cooptui.backends"
DEFAULT_BACKEND = "sim"


class UnknownBackend(LookupError):
    """No adapter of that name is installed."""


def _entry_points() -> dict[str, EntryPoint]:
    return {ep.name: ep for ep in entry_points(group=GROUP)}


def available_backends() -> list[str]:
    """Names of the installed adapters, sorted; imports none of them."""
    return sorted(_entry_points())


def load_backend_class(name: str) -> type[Backend]:
    eps = _entry_points()
    if name not in eps:
        known = ", ".join(sorted(eps)) or "ninguno"
        raise UnknownBackend(f"backend desconocido: {name!r} (disponibles: {known})")
    cls = eps[name].load()
    if not (isinstance(cls, type) and issubclass(cls, Backend)):
        raise UnknownBackend(f"el backend {name!r} no implementa cooptui.backend.protocol.Backend")
    return cls


def create_backend(name: str, options: Mapping[str, Any] | None = None) -> Backend:
    """Instantiate adapter `name` from its options."""
    return load_backend_class(name).from_options(options or {})
