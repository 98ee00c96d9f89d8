"""Ayuda (`?`) and the Guía de teclas at 120x40 and 80x24.

Each scene starts from a fresh app: its first step signs in or waits at the login.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from textual.pilot import Pilot
from textual.widgets import Button, DataTable

from cooptui.screens.help_dialog import HelpDialog
from cooptui.screens.key_guide import KeyGuideScreen
from cooptui.screens.summary import SummaryScreen
from tests.snapshots.conftest import SMALL, WIDE, Snap, at_login, signed_in, snapshot_app, then
from tests.snapshots.test_transfer_snapshots import transfer_screen
from tests.ui.helpers import wait_until

Step = Callable[[Pilot], Awaitable[None]]


async def summary_loaded(pilot: Pilot) -> None:
    screen = pilot.app.screen
    assert isinstance(screen, SummaryScreen)
    await wait_until(pilot, lambda: screen.query_one("#cards", DataTable).row_count > 0)


async def on_ingresar(pilot: Pilot) -> None:
    """At the login the user name's field has the focus (and would take "?"): Tab on."""
    pilot.app.screen.query_one("#login", Button).focus()
    await wait_until(pilot, lambda: pilot.app.screen.query_one("#login").has_focus)


async def help_opened(pilot: Pilot) -> None:
    await pilot.press("?")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, HelpDialog))
    dialog = pilot.app.screen
    await wait_until(pilot, lambda: dialog.focused is not None)


async def key_guide(pilot: Pilot) -> None:
    await pilot.press("g")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, KeyGuideScreen))
    guide = pilot.app.screen
    await wait_until(pilot, lambda: guide.query_one("#kg-body").has_focus)


SCENES: dict[str, tuple[Step, ...]] = {
    "summary": (signed_in, summary_loaded, help_opened),
    "transfer_form": (signed_in, transfer_screen("transf-coop"), help_opened),
    "login": (at_login, on_ingresar, help_opened),
    "key_guide": (signed_in, summary_loaded, help_opened, key_guide),
}


@pytest.mark.parametrize("size", [WIDE, SMALL], ids=["120x40", "80x24"])
@pytest.mark.parametrize("scene", list(SCENES))
def test_ayuda(snap_compare: Snap, scene: str, size: tuple[int, int]) -> None:
    assert snap_compare(snapshot_app(), run_before=then(*SCENES[scene]), terminal_size=size)
