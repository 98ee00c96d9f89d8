"""Solicita tus Productos at 120x40 and 80x24: the catalog by type, Mis solicitudes (empty
and with a request), the request form refused, its confirmation and result, and both
simulators with the manual's figures."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Tabs

from cooptui.screens.credit_simulator import CreditSimulatorScreen
from cooptui.screens.deposit_simulator import DepositSimulatorScreen
from cooptui.screens.product_catalog import TABS, ProductCatalogScreen
from cooptui.screens.product_request import ProductRequestScreen
from cooptui.widgets.product_confirm import ProductConfirmDialog
from tests.snapshots.conftest import SMALL, WIDE, Snap, click, signed_in, snapshot_app, then
from tests.ui.helpers import error_of, wait_until

Step = Callable[[Pilot], Awaitable[None]]


def catalog(pilot: Pilot) -> ProductCatalogScreen:
    return next(s for s in pilot.app.screen_stack if isinstance(s, ProductCatalogScreen))


async def products(pilot: Pilot) -> None:
    pilot.app.open_section("solicitudes")  # type: ignore[attr-defined]
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, ProductCatalogScreen))
    screen = pilot.app.screen
    assert isinstance(screen, ProductCatalogScreen)
    await wait_until(pilot, lambda: screen.current() is not None)
    await wait_until(pilot, lambda: screen.query_one("#pc-tabs").has_focus)
    await wait_until(
        pilot, lambda: "solicitud" in str(screen.query_one("#pc-requests-status").render())
    )


def tab(tab_id: str) -> Step:
    async def step(pilot: Pilot) -> None:
        screen = catalog(pilot)
        screen.query_one("#pc-tabs", Tabs).active = tab_id
        category = TABS.get(tab_id)
        if category is not None:
            await wait_until(pilot, lambda: getattr(screen.current(), "category", None) is category)
        else:
            await wait_until(pilot, lambda: screen.query_one("#pc-requests").display)

    return step


credits = tab("pc-tab-credits")
investments = tab("pc-tab-investments")


async def my_requests(pilot: Pilot) -> None:
    await pilot.press("f4")
    screen = catalog(pilot)
    await wait_until(pilot, lambda: screen.query_one("#pc-requests").display)
    await wait_until(pilot, lambda: screen.tab == "pc-tab-requests")


async def request_form(pilot: Pilot) -> None:
    await pilot.press("f2")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, ProductRequestScreen))
    await wait_until(pilot, lambda: isinstance(pilot.app.focused, Input))


def fill(**values: str) -> Step:
    async def step(pilot: Pilot) -> None:
        for name, text in values.items():
            pilot.app.screen.query_one(f"#pr-{name}", Input).value = text
        await pilot.pause()

    return step


async def refused(pilot: Pilot) -> None:
    await fill(amount="40000", term="2", phone="12345")(pilot)
    await click(pilot, "#pr-send")
    form = pilot.app.screen
    await wait_until(pilot, lambda: error_of(form, "contact_phone") != "")


async def confirmation(pilot: Pilot) -> None:
    await fill(amount="13750", term="48", comment="Para remodelar la cocina", phone="0991234567")(
        pilot
    )
    await click(pilot, "#pr-send")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, ProductConfirmDialog))
    await wait_until(pilot, lambda: pilot.app.screen.query_one("#confirm").has_focus)


async def result(pilot: Pilot) -> None:
    await pilot.press("enter")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, ProductRequestScreen))
    form = pilot.app.screen
    assert isinstance(form, ProductRequestScreen)
    await wait_until(pilot, lambda: form.request is not None)
    await wait_until(pilot, lambda: form.query_one("#pr-close").has_focus)


async def closed(pilot: Pilot) -> None:
    await pilot.press("escape")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, ProductCatalogScreen))


async def listed(pilot: Pilot) -> None:
    screen = catalog(pilot)
    table = screen.query_one("#pc-requests-table", DataTable)
    await wait_until(pilot, lambda: table.row_count == 1 and table.display)


async def credit_simulator(pilot: Pilot) -> None:
    await pilot.press("f3")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, CreditSimulatorScreen))
    screen = pilot.app.screen
    await wait_until(pilot, lambda: screen.query_one("#cs-amount").has_focus)
    await pilot.press(*"13750", "tab", *"48", "enter")
    table = screen.query_one("#cs-table", DataTable)
    await wait_until(pilot, lambda: table.row_count == 48)


async def deposit_simulator(pilot: Pilot) -> None:
    await pilot.press("f3")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, DepositSimulatorScreen))
    screen = pilot.app.screen
    assert isinstance(screen, DepositSimulatorScreen)
    await wait_until(pilot, lambda: screen.query_one("#ds-amount").has_focus)
    await pilot.press(*"10000", "tab", *"365", "enter")
    await wait_until(pilot, lambda: screen.simulation is not None)


SCENES: dict[str, tuple[Step, ...]] = {
    "catalog": (products,),
    "credits": (products, credits),
    "requests_empty": (products, my_requests),
    "form_refused": (products, credits, request_form, refused),
    "confirmation": (products, credits, request_form, confirmation),
    "result": (products, credits, request_form, confirmation, result),
    "requests_one": (
        products,
        credits,
        request_form,
        confirmation,
        result,
        closed,
        my_requests,
        listed,
    ),
    "credit_simulator": (products, credits, credit_simulator),
    "deposit_simulator": (products, investments, deposit_simulator),
}


@pytest.mark.parametrize("size", [WIDE, SMALL], ids=["120x40", "80x24"])
@pytest.mark.parametrize("scene", list(SCENES))
def test_solicita_tus_productos(snap_compare: Snap, scene: str, size: tuple[int, int]) -> None:
    steps = then(signed_in, *SCENES[scene])
    assert snap_compare(snapshot_app(), run_before=steps, terminal_size=size)
