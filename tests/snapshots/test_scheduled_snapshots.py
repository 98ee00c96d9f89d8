"""Pagos Programados at 120x40 and 80x24: the form filled, the terms, the list."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date
from decimal import Decimal

import pytest
from textual.pilot import Pilot
from textual.widgets import Checkbox, DataTable, Input, Select, TabbedContent

from cooptui.backend.protocol import Backend
from cooptui.backend_stub.seed import DEMO_CNT_CODE, DEMO_SAVINGS
from cooptui.domain.operations import ScheduledPaymentOrder
from cooptui.domain.services import Frequency
from cooptui.screens.scheduled_payments import TAB_LIST, ScheduledPaymentsScreen
from cooptui.screens.terms_dialog import TermsDialog
from tests.snapshots.conftest import CODE, SMALL, WIDE, Snap, click, signed_in, snapshot_app, then
from tests.ui.helpers import wait_until

Step = Callable[[Pilot], Awaitable[None]]


async def scheduled_payments(pilot: Pilot) -> None:
    app = pilot.app
    app.open_section("programados")  # type: ignore[attr-defined]
    await wait_until(pilot, lambda: isinstance(app.screen, ScheduledPaymentsScreen))
    screen = app.screen
    assert isinstance(screen, ScheduledPaymentsScreen)
    await wait_until(pilot, lambda: screen.account.value == DEMO_SAVINGS)
    await wait_until(pilot, lambda: screen.query_one("#pp-table", DataTable).row_count > 0)


async def form_filled(pilot: Pilot) -> None:
    """The manual's Paso 6: CNT, a maximum of $100, until a year from now; on the button."""
    screen = pilot.app.screen
    screen.query_one("#pp-category", Select).value = "telefonia"
    await wait_until(pilot, lambda: len(screen.query_one("#pp-biller", Select)._options) > 1)
    screen.query_one("#pp-biller", Select).value = "cnt"
    screen.query_one("#pp-code", Input).value = DEMO_CNT_CODE
    screen.query_one("#pp-max", Input).value = "100"
    screen.query_one("#pp-end", Input).value = "18/12/2025"
    await pilot.pause()
    button = screen.query_one("#pp-submit")
    button.focus()
    await wait_until(pilot, lambda: screen.region.contains_region(button.region))


async def terms(pilot: Pilot) -> None:
    await pilot.press("enter")  # Programar Pago has the focus
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, TermsDialog))
    await wait_until(pilot, lambda: pilot.app.screen.query_one("#terms-cancel").has_focus)


async def _schedule(backend: Backend, order: ScheduledPaymentOrder) -> int:
    challenge = await backend.begin(order)
    await backend.confirm(challenge.id, CODE)
    return max(s.id for s in await backend.scheduled_payments())


async def with_history(pilot: Pilot) -> None:
    """Before the screen opens: the manual's CNT line scheduled and paid an hour later, and a
    water bill scheduled and then cancelled, besides the demo's own schedule."""
    backend: Backend = pilot.app.backend  # type: ignore[attr-defined]
    today = date(2024, 12, 18)
    await _schedule(
        backend,
        ScheduledPaymentOrder(
            from_account=DEMO_SAVINGS,
            biller_id="cnt",
            service_code=DEMO_CNT_CODE,
            max_amount=Decimal("20.00"),
            frequency=Frequency.ASAP,
            start_date=today,
            terms_accepted=True,
        ),
    )
    water = await _schedule(
        backend,
        ScheduledPaymentOrder(
            from_account=DEMO_SAVINGS,
            biller_id="epmaps",
            service_code="2087331",
            max_amount=Decimal("35.00"),
            frequency=Frequency.MONTHLY,
            start_date=today,
            end_date=date(2025, 6, 30),
            terms_accepted=True,
        ),
    )
    await backend.cancel_scheduled_payment(water)
    assert backend.demo is not None
    await backend.demo.advance_clock(3600)


async def the_list(pilot: Pilot) -> None:
    """Consultar Pagos Programados, on the schedule that has just paid a bill."""
    screen = pilot.app.screen
    assert isinstance(screen, ScheduledPaymentsScreen)
    screen.query_one("#pp-tabs", TabbedContent).active = TAB_LIST
    table = screen.query_one("#pp-table", DataTable)
    # Laid out first: focusing a table not yet shown would scroll the screen to center it.
    await wait_until(pilot, lambda: table.row_count == 3 and table.region.area > 0)
    paid = next(k for k, sp in screen.schedules.items() if sp.service_code == DEMO_CNT_CODE)
    table.move_cursor(row=table.get_row_index(paid))
    table.focus()
    await wait_until(pilot, lambda: table.has_focus)
    await wait_until(pilot, lambda: screen.current() is screen.schedules[paid])


async def list_with_a_cancelled_row(pilot: Pilot) -> None:
    await with_history(pilot)
    await scheduled_payments(pilot)
    await the_list(pilot)


async def mistakes(pilot: Pilot) -> None:
    """Programar Pago with a 3-decimal maximum and Fecha hasta before Fecha desde."""
    screen = pilot.app.screen
    screen.query_one("#pp-category", Select).value = "telefonia"
    await wait_until(pilot, lambda: len(screen.query_one("#pp-biller", Select)._options) > 1)
    screen.query_one("#pp-biller", Select).value = "cnt"
    screen.query_one("#pp-max", Input).value = "10.125"
    screen.query_one("#pp-end", Input).value = "17/12/2024"
    screen.query_one("#pp-indefinite", Checkbox).value = False
    await pilot.pause()
    await click(pilot, "#pp-submit")
    await wait_until(pilot, lambda: screen.query_one("#pp-code").has_focus)


SCENES: dict[str, tuple[Step, ...]] = {
    "form_filled": (scheduled_payments, form_filled),
    "form_with_mistakes": (scheduled_payments, mistakes),
    "terms": (scheduled_payments, form_filled, terms),
    "list": (list_with_a_cancelled_row,),
}
SIZES = {"120x40": WIDE, "80x24": SMALL}


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("scene", list(SCENES))
def test_scheduled_payments(snap_compare: Snap, scene: str, size: str) -> None:
    assert snap_compare(
        snapshot_app(), run_before=then(signed_in, *SCENES[scene]), terminal_size=SIZES[size]
    )
