"""Registro de Servicios at 120x40 and 80x24: the list, Nuevo Pago, Pagar and its steps."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Select

from cooptui.backend_stub.seed import DEMO_CNT_CODE
from cooptui.screens.service_payment import ServicePaymentScreen
from cooptui.screens.service_registration import ServiceRegistrationScreen
from cooptui.screens.services import RegisteredServicesScreen
from cooptui.widgets.confirm_dialog import ConfirmDialog, SummaryRow
from cooptui.widgets.receipt_view import ReceiptView
from tests.snapshots.conftest import CODE, SMALL, WIDE, Snap, click, signed_in, snapshot_app, then
from tests.ui.helpers import shown, wait_until

Step = Callable[[Pilot], Awaitable[None]]


async def services(pilot: Pilot) -> None:
    pilot.app.open_section("servicios")  # type: ignore[attr-defined]
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, RegisteredServicesScreen))
    table = pilot.app.screen.query_one("#sv-table", DataTable)
    await wait_until(pilot, lambda: table.row_count == 3)
    await wait_until(
        pilot, lambda: "Empresa" in shown(pilot.app, "#sv-detail-lines .summary-label")
    )


async def pay_cnt(pilot: Pilot) -> None:
    screen = pilot.app.screen
    assert isinstance(screen, RegisteredServicesScreen)
    table = screen.query_one("#sv-table", DataTable)
    key = next(k for k, s in screen.found.items() if s.service_code == DEMO_CNT_CODE)
    table.move_cursor(row=table.get_row_index(key))
    table.focus()
    await wait_until(pilot, lambda: table.has_focus)
    await pilot.press("enter")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, ServicePaymentScreen))
    await wait_until(pilot, lambda: "Titular" in shown(pilot.app, "#sp-holder"))
    rows = pilot.app.screen.query_one("#sp-totals").query(SummaryRow)
    await wait_until(pilot, lambda: "$7.44" in [row.value for row in rows.results(SummaryRow)])


async def continued(pilot: Pilot) -> None:
    await click(pilot, "#sp-continue")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, ConfirmDialog))
    await wait_until(pilot, lambda: pilot.app.screen.query_one("#confirm").has_focus)


async def paid(pilot: Pilot) -> None:
    await pilot.press("enter")
    await wait_until(pilot, lambda: pilot.app.screen.query("#otp-code"))
    await wait_until(pilot, lambda: pilot.app.screen.query_one("#otp-code").has_focus)
    await pilot.press(*CODE, "enter")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, ReceiptView))


async def new_with_mistakes(pilot: Pilot) -> None:
    await pilot.press("f2")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, ServiceRegistrationScreen))
    form = pilot.app.screen
    await wait_until(pilot, lambda: len(form.query_one("#sr-category", Select)._options) > 1)
    form.query_one("#sr-category", Select).value = "telefonia"
    await pilot.pause()
    form.query_one("#sr-biller", Select).value = "cnt"
    form.query_one("#sr-code", Input).value = DEMO_CNT_CODE
    await pilot.pause()
    await click(pilot, "#sr-continue")
    await wait_until(
        pilot, lambda: "registrado" in shown(pilot.app, "#field-service_code .field-error")
    )


SCENES: dict[str, tuple[Step, ...]] = {
    "list": (services,),
    "payment": (services, pay_cnt),
    "confirmation": (services, pay_cnt, continued),
    "receipt": (services, pay_cnt, continued, paid),
    "new_refused": (services, new_with_mistakes),
}


@pytest.mark.parametrize("size", [WIDE, SMALL], ids=["120x40", "80x24"])
@pytest.mark.parametrize("scene", list(SCENES))
def test_registro_de_servicios(snap_compare: Snap, scene: str, size: tuple[int, int]) -> None:
    steps = then(signed_in, *SCENES[scene])
    assert snap_compare(snapshot_app(), run_before=steps, terminal_size=size)
