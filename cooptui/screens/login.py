"""The login screen: the web manual's first screenshot, in a terminal."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import ClassVar

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container, Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Checkbox, Footer, Input, Label, Static

from cooptui.backend.errors import AccountLocked, BackendError
from cooptui.backend.protocol import Backend
from cooptui.credentials import UsernameStore
from cooptui.domain.auth import LoginResult
from cooptui.domain.catalog import SECURITY_TIPS
from cooptui.widgets.errors import PresentsWorkerErrors

REQUIRED = "Campo requerido"
WIDE_FOOTER = 100
"""Columns from which the footer has room for its spacing and Comandos beside the F-keys."""
NO_KEYRING = "Este equipo no tiene un llavero del sistema: no podremos recordar tu usuario."


class LoginScreen(PresentsWorkerErrors, Screen[LoginResult]):
    """Usuario and Contraseña; dismisses with the backend's LoginResult."""

    CSS_PATH = "login.tcss"
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]] | None] = [
        (0, "-narrow"),
        (100, "-wide"),
    ]
    VERTICAL_BREAKPOINTS: ClassVar[list[tuple[int, str]] | None] = [(0, "-short"), (34, "-tall")]
    BINDINGS: ClassVar[list[BindingType]] = [
        # Told next to the password (the footer keeps room for the F-keys at 80 columns).
        Binding("ctrl+t", "toggle_password", "Ver contraseña", show=False),
        Binding("f5", "register", "Regístrate"),
        Binding("f6", "forgot_username", "Olvidé mi usuario"),
        Binding("f7", "forgot_password", "Olvidé mi contraseña"),
        Binding("f4", "contact", "Contacto"),
    ]

    def __init__(
        self,
        backend: Backend,
        device_id: Callable[[], str],
        *,
        notice: str = "",
        usernames: UsernameStore | None = None,
    ) -> None:
        super().__init__()
        self.backend = backend
        self._device_id = device_id
        """The app's device id, read when first needed (the keyring is slow to load)."""
        self.notice = notice
        self.usernames = usernames
        self.username = ""
        self._typed = False  # the member has typed in a field of this screen

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="login-scroll"), Container(id="login-body"):
            with Vertical(id="login-form"):
                with Horizontal(id="brand-row"):
                    yield Static("COOPROGRESO", id="brand")
                    yield Static("Cooperativa de Ahorro y Crédito", id="brand-sub")
                yield Label("¡Bienvenido!", id="welcome")
                yield Static(self.notice, id="login-notice", markup=False)
                with Horizontal(classes="field-head"):
                    yield Label("Usuario")
                    yield Label("", id="username-error", classes="field-error", markup=False)
                yield Input(placeholder="Usuario", id="username")
                with Horizontal(classes="link-row"):
                    yield Checkbox("Recordar usuario", id="remember", compact=True)
                    yield Button(
                        "Olvidé mi usuario", id="forgot-user", classes="link", compact=True
                    )
                with Horizontal(classes="field-head"):
                    yield Label("Contraseña")
                    yield Label("", id="password-error", classes="field-error", markup=False)
                yield Input(placeholder="Contraseña", password=True, id="password")
                with Horizontal(classes="link-row"):
                    yield Static("Ctrl+T: ver u ocultar", classes="spacer")
                    yield Button(
                        "Olvidé mi contraseña", id="forgot-password", classes="link", compact=True
                    )
                yield Button("Ingresar", id="login", variant="primary")
                yield Label("", id="login-error", classes="form-error", markup=False)
                with Horizontal(classes="link-row"):
                    yield Static("¿Eres un usuario nuevo?", classes="hint")
                    yield Button("Regístrate aquí", id="register", classes="link", compact=True)
                with Horizontal(classes="link-row"):
                    yield Static("¿Necesitas ayuda?", classes="hint")
                    yield Button("Contacto", id="contact", classes="link", compact=True)
                yield Static("", id="demo-hint")
            with Vertical(id="security"):
                yield Static("¡Pensamos en tu SEGURIDAD!", id="security-title")
                yield Static("Ten en cuenta estos consejos", id="security-sub")
                for tip in SECURITY_TIPS:
                    yield Static(f"• {tip}", classes="tip", markup=False)
        yield Footer()

    def on_resize(self, event: events.Resize) -> None:
        """Below 100 columns the footer is compact and leaves out Ctrl+P (Comandos, which
        still works): the four F-keys, the ways out of a login that fails, and ? (Ayuda)
        then fit in 80."""
        footer = self.query_one(Footer)
        footer.compact = event.size.width < WIDE_FOOTER
        footer.show_command_palette = event.size.width >= WIDE_FOOTER

    async def on_mount(self) -> None:
        self.query_one("#login-notice", Static).display = bool(self.notice)
        self.query_one("#username", Input).focus()
        if self.usernames is not None:
            self.call_after_refresh(self._recall_username)  # once the form is drawn
        demo = self.backend.demo
        if demo is not None:
            try:
                creds = await demo.demo_credentials()
            except BackendError:
                creds = []  # no hint is better than no login screen
            if creds:
                user, password = creds[0]
                self.query_one("#demo-hint", Static).update(
                    f"Banco de demostración: usuario {user} · contraseña {password}"
                )

    @work(thread=True, group="recall", exit_on_error=False)
    def _recall_username(self) -> None:
        """The remembered username, read in a thread: the keyring may take a while to load
        and the form is drawn meanwhile."""
        assert self.usernames is not None
        remembered = self.usernames.load()
        if remembered:
            self.app.call_from_thread(self._fill_username, remembered)

    @on(Input.Changed)
    def _noticed_typing(self) -> None:
        self._typed = True

    def _fill_username(self, remembered: str) -> None:
        """Fill in the remembered username, unless the member has started typing: what
        they type is never split between two fields."""
        if not self.is_attached or self._typed:
            return
        field = self.query_one("#username", Input)
        if field.value:
            return
        field.value = remembered
        self.query_one("#remember", Checkbox).value = True
        if self.focused in (None, field):
            self.query_one("#password", Input).focus()

    def show_notice(self, text: str) -> None:
        notice = self.query_one("#login-notice", Static)
        notice.update(text)
        notice.display = bool(text)

    def action_toggle_password(self) -> None:
        field = self.query_one("#password", Input)
        field.password = not field.password

    @on(Checkbox.Changed, "#remember")
    def _remember_changed(self, event: Checkbox.Changed) -> None:
        if event.value and self.usernames is not None and not self.usernames.available:
            self.notify(NO_KEYRING, severity="warning")
            event.checkbox.value = False

    @on(Input.Submitted, "#username")
    def _next_field(self) -> None:
        self.query_one("#password", Input).focus()

    @on(Input.Submitted, "#password")
    @on(Button.Pressed, "#login")
    def _submit(self) -> None:
        username = self.query_one("#username", Input).value.strip()
        password = self.query_one("#password", Input).value
        self.query_one("#username-error", Label).update("" if username else REQUIRED)
        self.query_one("#password-error", Label).update("" if password else REQUIRED)
        self.query_one("#login-error", Label).update("")
        if username and password:
            self.query_one("#login", Button).disabled = True
            self._login(username, password)

    @work(exclusive=True, group="login", exit_on_error=False)
    async def _login(self, username: str, password: str) -> None:
        try:
            device = await asyncio.to_thread(self._device_id)  # ready by now, as a rule
            result = await self.backend.login(username, password, device)
        except BackendError as exc:
            message = exc.message
            if isinstance(exc, AccountLocked):
                message += " (F7) · Call Center: Contacto (F4)"
            self.query_one("#login-error", Label).update(message)
            field = self.query_one("#password", Input)
            field.value = ""
            field.focus()
        else:
            self.username = username
            self._store_username(username)
            self.query_one("#password", Input).value = ""
            self.dismiss(result)
        finally:
            if self.is_attached:
                self.query_one("#login", Button).disabled = False

    def _store_username(self, username: str) -> None:
        if self.usernames is None:
            return
        if self.query_one("#remember", Checkbox).value:
            self.usernames.save(username)
        else:
            self.usernames.clear()

    # -- the three flows that start here -------------------------------------------------------
    @on(Button.Pressed, "#register")
    async def action_register(self) -> None:
        from cooptui.screens.enrollment import EnrollmentScreen

        device = await asyncio.to_thread(self._device_id)  # the keyring, off the event loop
        if self.app.screen is self:  # not pressed twice meanwhile, nor left
            self.app.push_screen(EnrollmentScreen(self.backend, device), self._flow_done)

    @on(Button.Pressed, "#forgot-user")
    def action_forgot_username(self) -> None:
        from cooptui.screens.forgot_username import UsernameReminderScreen

        self.app.push_screen(UsernameReminderScreen(self.backend), self._flow_done)

    @on(Button.Pressed, "#forgot-password")
    def action_forgot_password(self) -> None:
        from cooptui.screens.forgot_password import PasswordRecoveryScreen

        username = self.query_one("#username", Input).value.strip()
        self.app.push_screen(PasswordRecoveryScreen(self.backend, username), self._flow_done)

    @on(Button.Pressed, "#contact")
    async def action_contact(self) -> None:
        """Contacto needs no session: a locked-out member needs the Call Center most."""
        await self.run_action("app.contact")

    def _flow_done(self, message: str | None) -> None:
        if message:
            self.show_notice(message)
            self.query_one("#login-error", Label).update("")
