"""The App: login gate, the member's session, inactivity, the demo phone and mailbox."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable
from typing import ClassVar

from textual import events, work
from textual.app import SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Input

from cooptui.backend.errors import BackendError, SessionExpired
from cooptui.backend.protocol import Backend
from cooptui.credentials import KeyringStore, UsernameStore
from cooptui.domain.auth import LoginResult, LoginStatus, MessageChannel
from cooptui.domain.formatting import format_datetime
from cooptui.screens.menu import HOME, ITEMS
from cooptui.session import MemberSession
from cooptui.widgets.errors import error_message
from cooptui.widgets.spanish import QUIT, SpanishApp, key_name

IDLE_WARNING_SECONDS = 60
INACTIVITY_LOGOUT = "Tu sesión se cerró por inactividad. Ingresa nuevamente."
DEMO_JUMPS = (("1 hora", 3600), ("1 día", 86400), ("1 semana", 7 * 86400), ("1 mes", 30 * 86400))
HELP_COMMAND = "Ayuda de esta pantalla"
KEY_GUIDE_COMMAND = "Guía de teclas"
ACTIVITY_EVENTS = (events.Key, events.MouseDown, events.MouseScrollDown, events.MouseScrollUp)


class CoopApp(SpanishApp):
    """Cooprogreso en Línea for the terminal."""

    TITLE = "Cooprogreso en Línea"
    CSS_PATH = "app.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f9", "mailbox", "Buzón", show=False),
        # Not a priority: a field that takes "?" (an Input, a Select's open list) types it.
        Binding("question_mark", "help", "Ayuda"),
    ]

    def __init__(
        self,
        backend: Backend,
        *,
        idle_timeout: int = 300,
        device: str | None = None,
        usernames: UsernameStore | None = None,
        watch_outbox: bool = True,
        cursor_blink: bool = True,
    ) -> None:
        super().__init__()
        self.backend = backend
        self.idle_timeout = idle_timeout
        self._device_id = device  # None: asked of the keyring after the first frame
        self._device_lock = threading.Lock()
        self.usernames: UsernameStore = usernames if usernames is not None else KeyringStore()
        self.session: MemberSession | None = None
        self.watch_outbox = watch_outbox
        self.cursor_blink = cursor_blink  # off for deterministic snapshots
        self._last_activity = time.monotonic()
        self._idle_warning: Screen[bool] | None = None
        self._outbox_seen = 0
        self.clock_jumped = 0.0  # seconds the demo clock was moved on: OTP countdowns age too

    @property
    def device_id(self) -> str:
        """This terminal's id. The keyring takes a few hundred milliseconds to load, so it
        is asked in a thread once the login form is drawn (`_resolve_device`); whoever
        needs the id sooner waits for that, or asks here."""
        with self._device_lock:
            if self._device_id is None:
                from cooptui.device import device_id

                self._device_id = device_id()
            return self._device_id

    @work(thread=True, group="device", exit_on_error=False)
    def _resolve_device(self) -> None:
        _ = self.device_id
        _ = self.usernames.available  # the same keyring: loaded here, not on the event loop

    # -- start-up ----------------------------------------------------------------------------
    async def on_mount(self) -> None:
        self.call_after_refresh(self._resolve_device)
        if self.backend.demo is not None and self.watch_outbox:
            try:
                messages = await self.backend.demo.outbox()
            except BackendError:
                messages = []  # the phone is a demo nicety: never a reason not to start
            self._outbox_seen = messages[-1].id if messages else 0
            self.set_interval(1.0, self._poll_outbox)
        self.set_interval(1.0, self._check_idle)
        self.start_login()

    async def on_unmount(self) -> None:
        await self.backend.aclose()

    # -- login and logout --------------------------------------------------------------------
    def start_login(self, notice: str = "") -> None:
        self._login_flow(notice)

    @work(exclusive=True, group="login-flow", exit_on_error=False)
    async def _login_flow(self, notice: str) -> None:
        from cooptui.screens.change_password import ChangePasswordScreen
        from cooptui.screens.device_registration import DeviceRegistrationScreen
        from cooptui.screens.login import LoginScreen

        while True:
            login = LoginScreen(
                self.backend, lambda: self.device_id, notice=notice, usernames=self.usernames
            )
            result: LoginResult = await self.push_screen_wait(login)
            notice = ""
            status: LoginStatus | None = result.status
            if status is LoginStatus.PASSWORD_CHANGE_REQUIRED:
                status = await self.push_screen_wait(
                    ChangePasswordScreen(self.backend, login.username)
                )
            if status is LoginStatus.DEVICE_REGISTRATION_REQUIRED:
                registered = await self.push_screen_wait(
                    DeviceRegistrationScreen(self.backend, self.device_id)
                )
                status = LoginStatus.OK if registered else None
            if status is not LoginStatus.OK:
                await self._end_session()
                continue
            try:
                profile = await self.backend.profile()
            except BackendError as exc:
                notice = exc.message
                await self._end_session()
                continue
            self.session = MemberSession(profile=profile, last_login_at=result.last_login_at)
            self._last_activity = time.monotonic()
            self.open_section(HOME)
            return

    async def _end_session(self) -> None:
        self.session = None
        try:
            await self.backend.logout()
        except BackendError:
            pass  # the server side dies by itself; nothing of it stays here

    async def action_quit(self) -> None:
        """Ctrl+Q: an open session is closed at the bank first, so its token dies now."""
        if self.session is not None:
            await self._end_session()
        self.exit()

    def action_logout(self, notice: str = "") -> None:
        self._logout(notice)

    @work(exclusive=True, group="logout", exit_on_error=False)
    async def _logout(self, notice: str) -> None:
        await self._end_session()
        self._idle_warning = None
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.start_login(notice or "Cerraste tu sesión. ¡Hasta pronto!")

    # -- navigation ---------------------------------------------------------------------------
    def open_section(self, item_id: str, **options: object) -> None:
        """Show a menu item's screen in place of the current section (`options`: its
        constructor's, as when the card detail opens Diferido with that card chosen)."""
        from cooptui.screens.frame import BankScreen
        from cooptui.screens.sections import section_screen

        if self.session is None or item_id not in ITEMS:
            return
        screen = section_screen(item_id, **options)
        # Detail screens pushed over a section go too: the menu starts afresh.
        while isinstance(self.screen, BankScreen) and len(self.screen_stack) > 2:
            self.pop_screen()
        if isinstance(self.screen, BankScreen):
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        if self.session is not None:
            for item in ITEMS.values():
                yield SystemCommand(
                    f"{item.section}: {item.label}" if item.section != item.label else item.label,
                    item.help,
                    lambda item_id=item.id: self.open_section(item_id),
                )
            yield SystemCommand("Salir", "Cerrar la sesión (SALIR)", self.action_logout)
        else:
            yield SystemCommand(
                QUIT, f"Terminar el programa ({key_name('ctrl+q')})", self.action_quit
            )
            yield SystemCommand(
                ITEMS["contacto"].label, ITEMS["contacto"].help, self.action_contact
            )
        yield SystemCommand(
            HELP_COMMAND,
            f"Los pasos del manual y las teclas de la pantalla ({key_name('question_mark')})",
            self.action_help,
        )
        yield SystemCommand(
            KEY_GUIDE_COMMAND,
            "Todas las teclas de la aplicación, por pantalla",
            self.action_key_guide,
        )
        if self.backend.demo is not None:
            yield SystemCommand(
                "Buzón de demostración", "SMS y correos simulados", self.action_mailbox
            )
            for label, seconds in DEMO_JUMPS:
                yield SystemCommand(
                    f"Adelantar el reloj {label}",
                    "Demostración: liquidaciones, pagos programados y cuotas que vencen",
                    lambda seconds=seconds: self.advance_clock(seconds),
                )

    # -- help ---------------------------------------------------------------------------------
    def action_help(self) -> None:
        """The manual's steps and the keys of the screen the member is on."""
        from cooptui.screens.help_dialog import HelpDialog

        dialog = HelpDialog.for_stack(self.screen_stack)
        if dialog is not None:
            self.push_screen(dialog)

    def key_question_mark(self) -> None:
        """`?` over a dialog: a modal screen's binding chain stops before the App's, so an
        unbound "?" that no field took arrives here instead."""
        self.action_help()

    def action_contact(self) -> None:
        """Contacto before login (after it, the menu's screen): it needs no session."""
        from cooptui.screens.contact_dialog import ContactDialog

        if not isinstance(self.screen, ContactDialog):
            self.push_screen(ContactDialog(self.backend))

    def action_key_guide(self) -> None:
        from cooptui.screens.key_guide import KeyGuideScreen, explained_class

        if not isinstance(self.screen, KeyGuideScreen):
            self.push_screen(KeyGuideScreen(explained_class(self.screen_stack)))

    # -- errors ------------------------------------------------------------------------------------
    def present_error(self, error: BaseException | None) -> None:
        if isinstance(error, SessionExpired):
            self.action_logout(error.message)
            return
        self.notify(error_message(error), severity="error", markup=False)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if not self.cursor_blink and isinstance(event.widget, Input):
            event.widget.cursor_blink = False

    # -- inactivity ----------------------------------------------------------------------------------
    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, ACTIVITY_EVENTS):
            self._last_activity = time.monotonic()
        await super().on_event(event)

    def warning_lead(self) -> int:
        """Seconds of warning before an idle logout: a minute, less for short timeouts."""
        return min(IDLE_WARNING_SECONDS, self.idle_timeout // 2)

    def idle_seconds(self) -> float:
        return time.monotonic() - self._last_activity

    def _check_idle(self) -> None:
        if self.session is None:
            return
        idle = self.idle_seconds()
        if idle >= self.idle_timeout:
            self.action_logout(INACTIVITY_LOGOUT)
        elif idle >= self.idle_timeout - self.warning_lead() and self._idle_warning is None:
            from cooptui.widgets.idle_warning import IdleWarning

            self._idle_warning = IdleWarning(self)
            self.push_screen(self._idle_warning, self._idle_warning_closed)

    def _idle_warning_closed(self, _: bool | None) -> None:
        self._idle_warning = None
        self._last_activity = time.monotonic()

    # -- demo phone and mailbox ---------------------------------------------------------------------
    async def _poll_outbox(self) -> None:
        demo = self.backend.demo
        if demo is None:
            return
        try:
            messages = await demo.outbox(self._outbox_seen)
        except BackendError:
            return  # a server that went away surfaces on the member's next operation
        for message in messages:
            self._outbox_seen = message.id
            if message.channel is MessageChannel.SMS:
                self.notify(f"📱 SMS: {message.body}", timeout=12, markup=False)
            else:
                self.notify(
                    f"✉ Nuevo correo: {message.subject} (F9 para abrir el buzón)",
                    timeout=8,
                    markup=False,
                )

    @work(exclusive=True, group="clock", exit_on_error=False)
    async def advance_clock(self, seconds: int) -> None:
        """Demo time travel: what falls due runs, and the current screen reloads."""
        demo = self.backend.demo
        if demo is None:
            return
        try:
            now = await demo.advance_clock(seconds)
        except BackendError as exc:
            self.notify(exc.message, severity="error", markup=False)
            return
        self.clock_jumped += seconds
        self.notify(f"Reloj del banco simulado: {format_datetime(now)}", markup=False)
        self.balances_changed()

    def balances_changed(self) -> None:
        """Money moved (or the bank's clock did): every open screen fetches its data again."""
        for screen in self.screen_stack:
            reload = getattr(screen, "reload", None)
            if callable(reload):
                reload()

    def action_mailbox(self) -> None:
        if self.backend.demo is None:
            return
        from cooptui.screens.mailbox import MailboxScreen

        self.push_screen(MailboxScreen(self.backend.demo))
