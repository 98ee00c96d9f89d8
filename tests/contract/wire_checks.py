"""Checks of the REST API's wire rules, run on every exchange of the HTTP contract suite.

docs/api.md promises: every write carries an Idempotency-Key; money travels as decimal
strings, never JSON floats; timestamps are ISO 8601 with their offset. A transport that
checks every request and answer lets the whole contract suite hold the server to that.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import httpx

_TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
_OFFSET = re.compile(r"(Z|[+-]\d{2}:\d{2})$")


def _no_float(text: str) -> Any:
    raise AssertionError(f"a JSON float on the wire: {text} (money travels as strings)")


def check_json(body: bytes) -> None:
    """Fail on a JSON float anywhere, or on a timestamp without its offset."""

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)
        elif isinstance(value, str) and _TIMESTAMP.match(value):
            assert _OFFSET.search(value), f"a timestamp without offset: {value!r}"

    walk(json.loads(body, parse_float=_no_float))


class StrictJsonTransport(httpx.AsyncBaseTransport):
    """Passes every exchange to `inner`, checking the wire rules on the way."""

    def __init__(
        self, inner: httpx.AsyncBaseTransport, closing: Callable[[], None] | None = None
    ) -> None:
        self.inner = inner
        self.closing = closing  # what else goes when the client closes (the core)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.method != "GET":
            assert request.headers.get("Idempotency-Key"), f"{request.method} without a key"
        if request.content:
            check_json(request.content)
        response = await self.inner.handle_async_request(request)
        body = await response.aread()
        media = response.headers.get("content-type", "")
        if body:
            assert media.startswith(("application/json", "application/problem+json")), media
            check_json(body)
        if response.status_code >= 400:
            assert media.startswith("application/problem+json"), (response.status_code, media)
        return httpx.Response(
            response.status_code, headers=response.headers, content=body, request=request
        )

    async def aclose(self) -> None:
        await self.inner.aclose()
        if self.closing is not None:
            self.closing()
