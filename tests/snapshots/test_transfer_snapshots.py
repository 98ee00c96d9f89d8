"""Transferencias and Administración de Beneficiarios at 120x40: every screen and dialog."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from textual.containers import VerticalScroll
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Select

from cooptui.backend_stub.seed import cedula
from cooptui.screens.beneficiaries import BeneficiariesScreen
from cooptui.screens.beneficiary_form import BeneficiaryFormScreen
from cooptui.screens.institutions_dialog import ImmediateInstitutionsDialog
from cooptui.screens.transfer_form import TransferScreen
from cooptui.widgets.ask_dialog import AskDialog
from cooptui.widgets.confirm_dialog import ConfirmDialog
from cooptui.widgets.otp_dialog import OtpDialog
from cooptui.widgets.receipt_view import ReceiptView
from tests.snapshots.conftest import CODE, SMALL, WIDE, Snap, click, signed_in, snapshot_app, then
from tests.ui.helpers import shown, wait_until

LOJA = "7"  # Patricio Xavier Ramírez Salazar, Banco de Loja (crediting within 24 h)


def transfer_screen(item: str) -> Callable[[Pilot], Awaitable[None]]:
    async def open_it(pilot: Pilot) -> None:
        app = pilot.app
        app.open_section(item)  # type: ignore[attr-defined]
        await wait_until(pilot, lambda: isinstance(app.screen, TransferScreen))
        screen = app.screen
        assert isinstance(screen, TransferScreen)
        await wait_until(pilot, lambda: screen.origin_value() is not None)
        await wait_until(pilot, lambda: shown(app, "#tf-limit") != "")

    return open_it


async def wrong_values(pilot: Pilot) -> None:
    screen = pilot.app.screen
    screen.query_one("#tf-email", Input).value = "andrea@"
    screen.query_one("#tf-amount", Input).value = "10.123"
    screen.query_one("#tf-reference", Input).value = "Cuota del paseo"
    await pilot.pause()  # the messages shown as typed move the button down first
    await click(pilot, "#tf-continue")
    await wait_until(
        pilot, lambda: "Selecciona" in shown(pilot.app, "#field-beneficiary_id .field-error")
    )
    await wait_until(pilot, lambda: screen.query_one("#tf-to").has_focus)


async def to_loja(pilot: Pilot) -> None:
    screen = pilot.app.screen
    screen.query_one("#tf-to", Select).value = LOJA
    screen.query_one("#tf-amount", Input).value = "100"
    screen.query_one("#tf-reference", Input).value = "Arriendo diciembre"
    await pilot.pause()  # the messages shown as typed move the button down first
    await click(pilot, "#tf-continue")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, ConfirmDialog))


async def confirmed(pilot: Pilot) -> None:
    await wait_until(pilot, lambda: pilot.app.screen.query_one("#confirm").has_focus)
    await pilot.press("enter")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, OtpDialog))
    await wait_until(pilot, lambda: pilot.app.screen.query_one("#otp-code").has_focus)


async def code_typed(pilot: Pilot) -> None:
    await pilot.press(*CODE, "enter")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, ReceiptView))


async def receipt_closed(pilot: Pilot) -> None:
    await pilot.press("escape")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, TransferScreen))
    table = pilot.app.screen.query_one("#tf-pending", DataTable)
    await wait_until(pilot, lambda: table.row_count == 1)
    pilot.app.screen.query_one("#content", VerticalScroll).scroll_end(animate=False)
    await pilot.pause()


async def own_transfer_done(pilot: Pilot) -> None:
    screen = pilot.app.screen
    screen.query_one("#tf-amount", Input).value = "10.50"
    screen.query_one("#tf-reference", Input).value = "Aporte diciembre"
    await pilot.pause()
    await click(pilot, "#tf-continue")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, ConfirmDialog))
    await confirmed(pilot)
    await code_typed(pilot)


async def immediate_institutions(pilot: Pilot) -> None:
    await pilot.press("f2")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, ImmediateInstitutionsDialog))
    await wait_until(pilot, lambda: "Pichincha" in shown(pilot.app, "#inst-immediate"))
    await wait_until(pilot, lambda: pilot.app.screen.query_one("#inst-close").has_focus)


async def beneficiaries(pilot: Pilot) -> None:
    pilot.app.open_section("beneficiarios")  # type: ignore[attr-defined]
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, BeneficiariesScreen))
    await wait_until(
        pilot, lambda: pilot.app.screen.query_one("#bn-table", DataTable).row_count == 8
    )
    await wait_until(pilot, lambda: "Diego" in shown(pilot.app, "#bn-detail-lines .summary-value"))


async def new_interbank_form_with_mistakes(pilot: Pilot) -> None:
    pilot.app.screen.query_one("#bn-service", Select).value = "interbank"
    await wait_until(
        pilot, lambda: pilot.app.screen.query_one("#bn-table", DataTable).row_count == 4
    )
    await click(pilot, "#bn-new")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, BeneficiaryFormScreen))
    form = pilot.app.screen
    await wait_until(pilot, lambda: len(form.query_one("#bf-institution", Select)._options) > 1)
    form.query_one("#bf-institution", Select).value = "PRODUBANCO"
    form.query_one("#bf-account-number", Input).value = "1234"
    form.query_one("#bf-name", Input).value = "Martina Ortega Ruiz"
    form.query_one("#bf-identification", Input).value = "1704589125"
    form.query_one("#bf-email", Input).value = "martina@correo"
    await pilot.pause()
    await click(pilot, "#bf-continue")
    await wait_until(
        pilot, lambda: "dígitos" in shown(pilot.app, "#field-account_number .field-error")
    )
    await wait_until(pilot, lambda: form.query_one("#bf-account-number").has_focus)


async def new_internal_beneficiary_confirmation(pilot: Pilot) -> None:
    pilot.app.screen.query_one("#bn-service", Select).value = "internal"
    await wait_until(
        pilot, lambda: pilot.app.screen.query_one("#bn-table", DataTable).row_count == 4
    )
    await click(pilot, "#bn-new")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, BeneficiaryFormScreen))
    form = pilot.app.screen
    form.query_one("#bf-account-number", Input).value = "410112088265"
    form.query_one("#bf-name", Input).value = "María Fernanda Torres Ruiz"
    form.query_one("#bf-identification", Input).value = cedula("172233445")
    form.query_one("#bf-email", Input).value = "maria.torres@correo.example"
    await pilot.pause()
    await click(pilot, "#bf-continue")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, ConfirmDialog))


async def edit_form(pilot: Pilot) -> None:
    await pilot.pause()
    await click(pilot, "#bn-edit")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, BeneficiaryFormScreen))
    await wait_until(pilot, lambda: pilot.app.screen.query_one("#bf-name").has_focus)


async def delete_question(pilot: Pilot) -> None:
    await pilot.pause()
    await click(pilot, "#bn-delete")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, AskDialog))
    await wait_until(pilot, lambda: pilot.app.screen.query_one("#ask-cancel").has_focus)


def snap(snap_compare: Snap, *steps: Callable[[Pilot], Awaitable[None]]) -> bool:
    return snap_compare(snapshot_app(), run_before=then(signed_in, *steps), terminal_size=WIDE)


def test_own_transfer_form(snap_compare: Snap) -> None:
    assert snap(snap_compare, transfer_screen("transf-propias"))


def test_own_transfer_receipt(snap_compare: Snap) -> None:
    assert snap(snap_compare, transfer_screen("transf-propias"), own_transfer_done)


def test_cooprogreso_transfer_with_validation_messages(snap_compare: Snap) -> None:
    assert snap(snap_compare, transfer_screen("transf-coop"), wrong_values)


def test_interbank_transfer_confirmation_with_fees(snap_compare: Snap) -> None:
    assert snap(snap_compare, transfer_screen("transf-inter"), to_loja)


def test_interbank_transfer_code(snap_compare: Snap) -> None:
    assert snap(snap_compare, transfer_screen("transf-inter"), to_loja, confirmed)


def test_interbank_transfer_pending_receipt(snap_compare: Snap) -> None:
    assert snap(snap_compare, transfer_screen("transf-inter"), to_loja, confirmed, code_typed)


def test_interbank_transfer_in_process_list(snap_compare: Snap) -> None:
    assert snap(
        snap_compare,
        transfer_screen("transf-inter"),
        to_loja,
        confirmed,
        code_typed,
        receipt_closed,
    )


def test_institutions_with_immediate_crediting(snap_compare: Snap) -> None:
    assert snap(snap_compare, transfer_screen("transf-inter"), immediate_institutions)


def test_beneficiaries_list(snap_compare: Snap) -> None:
    assert snap(snap_compare, beneficiaries)


def test_new_beneficiary_form_with_validation_messages(snap_compare: Snap) -> None:
    assert snap(snap_compare, beneficiaries, new_interbank_form_with_mistakes)


def test_new_beneficiary_confirmation(snap_compare: Snap) -> None:
    assert snap(snap_compare, beneficiaries, new_internal_beneficiary_confirmation)


def test_edit_beneficiary_form(snap_compare: Snap) -> None:
    assert snap(snap_compare, beneficiaries, edit_form)


def test_delete_beneficiary_question(snap_compare: Snap) -> None:
    assert snap(snap_compare, beneficiaries, delete_question)


AT_80X24: dict[str, tuple[Callable[[Pilot], Awaitable[None]], ...]] = {
    "own_transfer_form": (transfer_screen("transf-propias"),),
    "institutions_with_immediate_crediting": (
        transfer_screen("transf-inter"),
        immediate_institutions,
    ),
    "beneficiaries_list": (beneficiaries,),
    "delete_beneficiary_question": (beneficiaries, delete_question),
    "new_beneficiary_form_with_validation_messages": (
        beneficiaries,
        new_interbank_form_with_mistakes,
    ),
    "interbank_transfer_confirmation_with_fees": (transfer_screen("transf-inter"), to_loja),
    "interbank_transfer_in_process_list": (
        transfer_screen("transf-inter"),
        to_loja,
        confirmed,
        code_typed,
        receipt_closed,
    ),
}
"""The screens above at 80x24."""


@pytest.mark.parametrize("screen", list(AT_80X24))
def test_at_80x24(snap_compare: Snap, screen: str) -> None:
    assert snap_compare(
        snapshot_app(), run_before=then(signed_in, *AT_80X24[screen]), terminal_size=SMALL
    )
