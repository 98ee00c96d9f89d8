"""The bank's contact channels, grouped by kind, with one key to copy a number or address.

Used by Contacto in the menu and by the login screen (before signing in: a member whose
user is locked needs the Call Center most), so it fetches with the backend it is given
and never needs a session. Every channel comes from `Backend.contact_channels()`: a new
agency or a changed number reaches the screen without touching it.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.geometry import Region
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from cooptui.backend.errors import BackendError, SessionExpired
from cooptui.backend.protocol import Backend
from cooptui.domain.catalog import ContactChannel

LOADING = "Cargando los canales de atención…"
NONE = "Por ahora no hay canales de atención para mostrar."
RETRY = "Presiona F5 para volver a intentar."
HINT = "↑↓ elegir · c o Enter: copiar el número, correo o dirección"


def group_by_kind(channels: list[ContactChannel]) -> list[tuple[str, list[ContactChannel]]]:
    """Channels grouped by `kind`, groups in the order the bank first lists each kind."""
    groups: dict[str, list[ContactChannel]] = {}
    for channel in channels:
        groups.setdefault(channel.kind, []).append(channel)
    return list(groups.items())


def channel_prompt(channel: ContactChannel) -> Text:
    """A channel as the member reads it: its name (when the group's title does not already
    say it), the number, e-mail or address, and its hours. Shown literally, never markup."""
    text = Text()
    if channel.label != channel.kind:
        text.append(channel.label, style="bold")
        text.append("\n")
    text.append(channel.value, style="" if channel.label != channel.kind else "bold")
    if channel.hours:
        text.append("\n")
        text.append(f"Horario: {channel.hours}", style="italic")
    return text


class ChannelOptions(OptionList):
    """An OptionList whose group headings stay in view with their first channel."""

    def scroll_to_highlight(self, top: bool = False) -> None:
        """Moving up onto a group's first channel shows its heading too (OptionList only
        scrolls to the highlighted option, and the heading is the option before it)."""
        index = self.highlighted
        if index is None or not self.is_mounted:
            return
        first = index
        if index > 0 and self.get_option_at_index(index - 1).disabled:
            first = index - 1
        self._update_lines()
        try:
            y = self._index_to_line[first]
            bottom = self._index_to_line[index] + self._heights[index]
        except KeyError:
            return
        self.scroll_to_region(
            Region(0, y, self.scrollable_content_region.width, bottom - y),
            force=True,
            animate=False,
            top=top,
            immediate=True,
        )


class ContactList(Vertical):
    """Loads the channels in a worker; `load()` again (F5 on its screen) after an error."""

    DEFAULT_CSS = """
    ContactList {
        height: auto;
    }
    ContactList #contact-status {
        height: auto;
        color: $text-muted;
    }
    ContactList #contact-status.-error {
        color: $error;
    }
    ContactList #contact-options {
        height: auto;
        max-height: 100%;
    }
    ContactList #contact-options > .option-list--option-disabled {
        color: $text-primary;
        text-style: bold;
    }
    ContactList #contact-hint {
        height: auto;
        color: $text-muted;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("c", "copy", "Copiar"),
    ]

    def __init__(
        self, backend: Backend, *, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.backend = backend
        self.channels: dict[str, ContactChannel] = {}

    def compose(self) -> ComposeResult:
        yield Static(LOADING, id="contact-status")
        yield ChannelOptions(id="contact-options")
        yield Static(HINT, id="contact-hint")

    def on_mount(self) -> None:
        self.query_one("#contact-options").display = False
        self.query_one("#contact-hint").display = False
        self.load()

    @work(exclusive=True, group="contact-channels", exit_on_error=False)
    async def load(self) -> None:
        """Fetch the channels (again): the list keeps the highlighted channel if it is
        still there."""
        status = self.query_one("#contact-status", Static)
        if not self.channels:
            status.update(LOADING)
            status.remove_class("-error")
        try:
            channels = await self.backend.contact_channels()
        except SessionExpired:
            raise
        except BackendError as exc:
            if self.is_attached:
                self._show_error(exc.message)
            return
        if self.is_attached:
            self._show(channels)

    def _show_error(self, message: str) -> None:
        status = self.query_one("#contact-status", Static)
        status.update(Text(f"{message} {RETRY}"))
        status.add_class("-error")
        status.display = True

    def _show(self, channels: list[ContactChannel]) -> None:
        options = self.query_one("#contact-options", OptionList)
        before = self.current()
        options.clear_options()
        self.channels = {}
        for group_index, (kind, members) in enumerate(group_by_kind(channels)):
            heading = Text(kind) if group_index == 0 else Text(f"\n{kind}")
            options.add_option(Option(heading, id=f"kind-{group_index}", disabled=True))
            for index, channel in enumerate(members):
                key = f"channel-{group_index}-{index}"
                self.channels[key] = channel
                options.add_option(Option(channel_prompt(channel), id=key))
        status = self.query_one("#contact-status", Static)
        status.remove_class("-error")
        status.update(NONE)
        status.display = not self.channels
        options.display = bool(self.channels)
        self.query_one("#contact-hint").display = bool(self.channels)
        if self.channels:
            keys = list(self.channels)
            wanted = next((k for k, c in self.channels.items() if c == before), keys[0])
            options.highlighted = options.get_option_index(wanted)
            if self.screen.focused is None:
                options.focus()  # the screens focus nothing until there is a list
        self.refresh_bindings()

    def current(self) -> ContactChannel | None:
        """The highlighted channel, if the list has one."""
        options = self.query_one("#contact-options", OptionList)
        option = options.highlighted_option
        if option is None or option.id is None:
            return None
        return self.channels.get(option.id)

    def focus_list(self) -> None:
        self.query_one("#contact-options", OptionList).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Copiar is offered only while a channel is highlighted."""
        if action == "copy":
            return self.is_mounted and self.current() is not None
        return super().check_action(action, parameters)

    @on(OptionList.OptionHighlighted, "#contact-options")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self.refresh_bindings()

    @on(OptionList.OptionSelected, "#contact-options")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        """Enter on a channel copies it too: choosing a channel is wanting its number."""
        event.stop()
        self.action_copy()

    def action_copy(self) -> None:
        channel = self.current()
        if channel is None:
            return
        self.app.copy_to_clipboard(channel.value)
        self.notify(
            f"{channel.label}: {channel.value}",
            title="Copiado al portapapeles",
            markup=False,
        )
