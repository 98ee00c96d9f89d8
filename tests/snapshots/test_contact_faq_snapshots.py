"""Contacto and Ayuda · Preguntas frecuentes at 120x40 and 80x24.

Each scene's steps start from the app's start (signed in, or at the login screen for the
contacts a member reaches before signing in), so `SCENES` can be replayed as they are.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from textual.pilot import Pilot
from textual.widgets import Collapsible, OptionList

from cooptui.screens.contact import ContactScreen
from cooptui.screens.contact_dialog import ContactDialog
from cooptui.screens.faq import FaqScreen, Question
from tests.snapshots.conftest import SMALL, WIDE, Snap, at_login, signed_in, snapshot_app, then
from tests.ui.helpers import shown, wait_until

Step = Callable[[Pilot], Awaitable[None]]


async def channels_listed(pilot: Pilot) -> None:
    options = pilot.app.screen.query_one("#contact-options", OptionList)
    await wait_until(pilot, lambda: options.option_count > 0 and options.has_focus)


async def contact(pilot: Pilot) -> None:
    pilot.app.open_section("contacto")  # type: ignore[attr-defined]
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, ContactScreen))
    await channels_listed(pilot)


async def contact_from_login(pilot: Pilot) -> None:
    await pilot.press("f4")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, ContactDialog))
    await channels_listed(pilot)


async def agency_highlighted(pilot: Pilot) -> None:
    """Down to the agency: its address is what a member copies most after the number."""
    screen = pilot.app.screen
    await pilot.press("down", "down", "down")
    await wait_until(
        pilot, lambda: screen.query_one("#contact-options", OptionList).highlighted == 7
    )


async def faq(pilot: Pilot) -> None:
    pilot.app.open_section("ayuda")  # type: ignore[attr-defined]
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, FaqScreen))
    await wait_until(pilot, lambda: len(pilot.app.screen.query(Question)) == 15)
    await wait_until(pilot, lambda: "Call Center" in shown(pilot.app, "#faq-call-center"))
    await wait_until(pilot, lambda: pilot.app.screen.query_one("#faq-search").has_focus)


async def searched_and_opened(pilot: Pilot) -> None:
    await pilot.press(*"contrasena")
    await wait_until(pilot, lambda: "encontradas" in shown(pilot.app, "#faq-status"))
    await pilot.press("enter")  # to the first question found
    await pilot.press("down", "enter")  # the second one opens in place
    opened = pilot.app.screen.query_one("#faq-2", Collapsible)
    await wait_until(pilot, lambda: not opened.collapsed)


async def no_match(pilot: Pilot) -> None:
    await pilot.press(*"hipoteca")
    await wait_until(pilot, lambda: "No encontramos" in shown(pilot.app, "#faq-status"))


SCENES: dict[str, tuple[Step, ...]] = {
    "contact": (signed_in, contact),
    "contact_agency": (signed_in, contact, agency_highlighted),
    "contact_before_login": (at_login, contact_from_login),
    "faq": (signed_in, faq),
    "faq_search_opened": (signed_in, faq, searched_and_opened),
    "faq_no_match": (signed_in, faq, no_match),
}
"""Scene -> its steps from the app's start (not to be prefixed with `signed_in`)."""


@pytest.mark.parametrize("size", [WIDE, SMALL], ids=["120x40", "80x24"])
@pytest.mark.parametrize("scene", list(SCENES))
def test_contacto_y_ayuda(snap_compare: Snap, scene: str, size: tuple[int, int]) -> None:
    assert snap_compare(snapshot_app(), run_before=then(*SCENES[scene]), terminal_size=size)
