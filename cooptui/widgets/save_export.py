"""Saving an export from a screen: off the event loop, then one toast that says where."""

from __future__ import annotations

import asyncio
from pathlib import Path

from textual.dom import DOMNode

from cooptui.exports import write_export


async def save_export(node: DOMNode, folder: Path, name: str, text: str, saved: str) -> Path | None:
    """Write `text` as `name` in `folder` (never over an earlier file) in a thread, and
    tell the member "<saved> en <path>", or why it could not be written. Call from a worker.
    """
    try:
        path = await asyncio.to_thread(write_export, folder, name, text)
    except OSError as exc:
        node.notify(
            f"No se pudo guardar el archivo: {exc.strerror or exc}",
            title="Exportar",
            severity="error",
            markup=False,
        )
        return None
    node.notify(f"{saved} en {path}", title="Exportar", markup=False)
    return path
