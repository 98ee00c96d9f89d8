"""The frame's shared pieces: menu, palette, errors, phone toasts, mailbox, receipts."""

from __future__ import annotations

import threading
from importlib import import_module
from pathlib import Path

import pytest
from textual.widgets import Checkbox, Input

from cooptui.app import CoopApp
from cooptui.backend.errors import InsufficientFunds
from cooptui.credentials import MemoryStore
from cooptui.domain.operations import OwnTransferOrder
from cooptui.screens.contact import ContactScreen
from cooptui.screens.frame import BankScreen
from cooptui.screens.login import NO_KEYRING, LoginScreen
from cooptui.screens.mailbox import MailboxScreen
from cooptui.screens.menu import ITEMS
from cooptui.screens.sections import SECTION_SCREENS
from cooptui.screens.summary import SummaryScreen
from cooptui.widgets.errors import UNEXPECTED
from cooptui.widgets.receipt_view import ReceiptView
from cooptui.widgets.side_menu import SideMenu
from tests.ui.helpers import (
    latest_sms_code,
    make_app,
    make_backend,
    press_button,
    shown,
    sign_in,
    wait_until,
)


async def test_the_sms_arrives_as_a_phone_toast() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await sign_in(pilot, app)
        code = await latest_sms_code(app)
        await wait_until(
            pilot, lambda: any(code in n.message for n in app._notifications), timeout=5
        )
        toast = next(n for n in app._notifications if code in n.message)
        assert toast.message.startswith("📱 SMS: Tu código Cooprogreso es")


async def test_mailbox_opens_with_f9_and_shows_the_emails() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await sign_in(pilot, app)
        await pilot.press("f9")
        await wait_until(pilot, lambda: isinstance(app.screen, MailboxScreen))
        await wait_until(pilot, lambda: "Nuevo equipo registrado" in shown(app, "#message-body"))
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, BankScreen))


async def test_menu_navigates_and_every_item_is_a_palette_command() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await sign_in(pilot, app)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        for expected in (
            "Productos: Detalle de Movimientos",
            "Transferencias: Transferencias Interbancarias",
            "Pago de Servicios: Historial de Pagos",
            "Diferido Tarjetas: Diferido Saldo Actual Rotativo",
            "Contacto",
            "Ayuda: Preguntas frecuentes",
            "Salir",
        ):
            assert expected in titles
        menu = app.screen.query_one(SideMenu)
        menu.focus()
        [node] = [n for n in menu.root.children if str(n.label) == "Contacto"]
        menu.move_cursor(node)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ContactScreen))
        assert app.screen.MENU_ID == "contacto"
        # The palette command for the summary brings it back.
        [summary] = [
            c
            for c in app.get_system_commands(app.screen)
            if c.title.endswith("Resumen de Productos")
        ]
        summary.callback()
        await wait_until(pilot, lambda: isinstance(app.screen, SummaryScreen))
        assert len(app.screen_stack) == 2  # sections replace each other, they don't pile up


async def test_backend_errors_become_messages_and_bugs_never_show_a_traceback() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await sign_in(pilot, app)
        app.present_error(InsufficientFunds())
        app.present_error(RuntimeError("boom at line 42"))
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert InsufficientFunds().message in messages
        assert UNEXPECTED in messages
        assert not any("boom" in m for m in messages)


async def test_remembered_username_is_filled_in_and_never_the_password() -> None:
    store = MemoryStore()
    app = make_app(usernames=store)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: bool(app.screen.query("#remember")))
        app.screen.query_one("#remember", Checkbox).value = True
        await sign_in(pilot, app)
    assert store.load() == "gsilva"
    again = make_app(usernames=store)
    async with again.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: shown_value(again, "#username") == "gsilva")
        assert again.screen.query_one("#password", Input).value == ""
        assert again.screen.query_one("#remember", Checkbox).value is True
        await wait_until(pilot, lambda: again.screen.query_one("#password", Input).has_focus)


def shown_value(app: CoopApp, selector: str) -> str:
    return app.screen.query_one(selector, Input).value


async def test_the_device_id_is_asked_of_the_keyring_once_after_the_form_is_drawn(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import cooptui.device

    drawn: list[bool] = []  # at each question: was the login form on the screen already?

    def device_id() -> str:
        drawn.append(app.is_running and isinstance(app.screen, LoginScreen))
        return "terminal-de-prueba-01"

    monkeypatch.setattr(cooptui.device, "device_id", device_id)
    app = CoopApp(make_backend(), usernames=MemoryStore())  # no device given: the keyring's
    async with app.run_test(size=(120, 40)) as pilot:
        await sign_in(pilot, app)  # registers this terminal under the keyring's id
        assert app.device_id == "terminal-de-prueba-01"
    assert drawn == [True]


class SlowKeyring(MemoryStore):
    """A keyring that answers only when told to, as a slow one does after the form is up."""

    def __init__(self) -> None:
        super().__init__()
        self.answer = threading.Event()

    def load(self) -> str | None:
        self.answer.wait(timeout=30)
        return super().load()


async def test_the_form_is_usable_before_the_keyring_answers_and_what_is_typed_stays() -> None:
    store = SlowKeyring()
    store.save("gsilva")
    app = make_app(usernames=store)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: app.screen.query_one("#username", Input).has_focus)
        await pilot.press(*"mlopez")
        store.answer.set()
        await wait_until(pilot, lambda: not any(w.group == "recall" for w in app.workers))
        assert shown_value(app, "#username") == "mlopez"
        assert app.screen.query_one("#remember", Checkbox).value is False
        assert app.screen.query_one("#username", Input).has_focus


async def test_without_a_keyring_the_member_is_told_and_nothing_is_kept() -> None:
    store = MemoryStore(available=False)
    app = make_app(usernames=store)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: bool(app.screen.query("#remember")))
        app.screen.query_one("#remember", Checkbox).value = True
        await pilot.pause()
        assert NO_KEYRING in [n.message for n in app._notifications]
        assert app.screen.query_one("#remember", Checkbox).value is False
    assert store.load() is None


async def test_receipt_exports_as_text_and_never_over_an_earlier_file(tmp_path: Path) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await sign_in(pilot, app)
        backend = app.backend
        challenge = await backend.begin(
            OwnTransferOrder(from_account="410112060750", to_account="410212060750", amount="10")
        )
        receipt = await backend.confirm(challenge.id, await latest_sms_code(app))
        app.push_screen(ReceiptView(receipt, export_folder=tmp_path))
        path = tmp_path / f"comprobante-{receipt.reference}.txt"
        again = tmp_path / f"comprobante-{receipt.reference}-2.txt"
        await press_button(pilot, "#receipt-export")
        await wait_until(pilot, path.exists)
        await press_button(pilot, "#receipt-export")
        await wait_until(pilot, again.exists)
    text = path.read_text(encoding="utf-8")
    assert receipt.reference in text
    assert "$10.00" in text
    assert again.read_text(encoding="utf-8") == text


async def test_a_session_the_bank_ended_takes_the_member_back_to_login() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await sign_in(pilot, app)
        core = app.backend.core  # type: ignore[attr-defined]
        with core.db.transaction() as conn:
            conn.execute("DELETE FROM sessions")  # as the bank does after its idle timeout
        app.open_section("resumen")
        await wait_until(pilot, lambda: isinstance(app.screen, LoginScreen))
        await wait_until(pilot, lambda: "sesión" in shown(app, "#login-notice"))
        assert app.session is None


async def test_support_staff_can_move_the_demo_clock_and_what_falls_due_runs() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await sign_in(pilot, app)
        before = await app.backend.demo.now()  # type: ignore[union-attr]
        [week] = [
            c
            for c in app.get_system_commands(app.screen)
            if c.title == "Adelantar el reloj 1 semana"
        ]
        week.callback()
        await wait_until(
            pilot, lambda: any("Reloj del banco simulado" in n.message for n in app._notifications)
        )
        after = await app.backend.demo.now()  # type: ignore[union-attr]
        assert (after - before).days == 7
        assert app.session is not None  # time travel is not inactivity
        assert isinstance(app.screen, SummaryScreen)


async def test_ctrl_q_closes_the_session_at_the_bank_before_the_app() -> None:
    app = make_app()
    core = app.backend.core  # type: ignore[attr-defined]

    async def keep_the_bank_open() -> None:
        """The app closes its adapter on exit; the bank itself lives on to be asked."""

    app.backend.aclose = keep_the_bank_open  # type: ignore[method-assign]
    async with app.run_test(size=(120, 40)) as pilot:
        await sign_in(pilot, app)
        with core.db.transaction() as conn:
            assert conn.execute("SELECT COUNT(*) FROM sessions").fetchone()[0] == 1
        await pilot.press("ctrl+q")
        await wait_until(pilot, lambda: app.session is None)
    with core.db.transaction() as conn:
        assert conn.execute("SELECT COUNT(*) FROM sessions").fetchone()[0] == 0


def test_every_menu_item_has_its_screen() -> None:
    """No item of the manual's menu leads nowhere (a placeholder or a KeyError)."""
    assert set(SECTION_SCREENS) == set(ITEMS)
    for item_id in ITEMS:
        module, _, name = SECTION_SCREENS[item_id].partition(":")
        screen_class = getattr(import_module(module), name)
        assert issubclass(screen_class, BankScreen)
        assert item_id == screen_class.MENU_ID
