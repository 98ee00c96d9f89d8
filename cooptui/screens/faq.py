"""Ayuda · Preguntas frecuentes (manual 8, Paso 1): searchable as the member types.

The questions are the bank's (`faq()`), grouped by topic; each answer opens in place
under its question (Enter or a click), so the member never loses the list. The search
ignores accents and case ("contrasena" finds "contraseña"), and the Call Center number
is the one Contacto shows (`contact_channels()`), never a second copy of it.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Collapsible, Input, Static
from textual.widgets._collapsible import CollapsibleTitle

from cooptui.backend.errors import BackendError, SessionExpired
from cooptui.domain.catalog import ContactChannel, FaqEntry
from cooptui.domain.formatting import count_of
from cooptui.domain.text_search import match_spans, matches
from cooptui.screens.frame import BankScreen

INTRO = (
    "Accede a la opción si deseas conocer el funcionamiento de Cooprogreso Móvil, números "
    "de contacto del Call Center o cualquier novedad o duda que tengas acerca de la "
    "aplicación."
)
CALL_CENTER_KIND = "Call Center"
LOADING = "Cargando las preguntas frecuentes…"
RETRY = "Presiona F5 para volver a intentar."
NONE_YET = "Por ahora no hay preguntas frecuentes para mostrar."
HIGHLIGHT = "bold underline"


def no_match(query: str) -> str:
    return f"No encontramos preguntas con «{query.strip()}». Prueba con otra palabra."


def call_center_line(channels: list[ContactChannel]) -> Text | None:
    """ "¿Necesitas más ayuda? Llama al Call Center …" from the bank's own channel."""
    channel = next((c for c in channels if c.kind == CALL_CENTER_KIND), None)
    if channel is None:
        return None
    line = Text("¿Necesitas más ayuda? Llama al Call Center ")
    line.append(channel.value, style="bold")
    if channel.hours:
        line.append(f" ({channel.hours})")
    line.append(".")
    return line


def highlighted(text: str, query: str) -> Text:
    """`text` literally, with what the search found in it underlined."""
    shown = Text(text)
    for start, end in match_spans(text, query):
        shown.stylize(HIGHLIGHT, start, end)
    return shown


class Question(Collapsible):
    """One question; its answer opens under it (Enter on the question, or a click)."""

    def __init__(self, entry: FaqEntry, *, collapsed: bool = True) -> None:
        self.entry = entry
        super().__init__(
            Static(Text(entry.answer), classes="faq-answer"),
            title=Content(entry.question),  # type: ignore[arg-type]  # literal, not markup
            collapsed=collapsed,
            id=f"faq-{entry.id}",
            classes="faq-question",
        )

    def show_match(self, query: str) -> None:
        """The question and its answer with the words of `query` underlined."""
        self.title = highlighted(self.entry.question, query)  # type: ignore[assignment]
        self.query_one(".faq-answer", Static).update(highlighted(self.entry.answer, query))


class TopicHeading(Static):
    """A topic's title over its questions, hidden when the search leaves none of them."""

    def __init__(self, topic: str) -> None:
        super().__init__(Text(topic), classes="faq-topic")
        self.topic = topic


class FaqSearch(Input):
    """The search; ↓ goes down to the questions found, as Enter does."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "screen.to_questions", "Preguntas", show=False),
    ]


class FaqList(Vertical):
    """The questions by topic; ↑/↓ go from question to question (Tab does too)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "move(1)", "Siguiente pregunta", show=False),
        Binding("up", "move(-1)", "Pregunta anterior", show=False),
    ]

    def titles(self) -> list[CollapsibleTitle]:
        """The visible questions' titles, top to bottom."""
        return [
            q.query_one(CollapsibleTitle)
            for q in self.query(Question).results(Question)
            if q.display
        ]

    def focus_first(self) -> bool:
        titles = self.titles()
        if titles:
            titles[0].focus()
        return bool(titles)

    def action_move(self, step: int) -> None:
        titles = self.titles()
        focused = self.screen.focused
        if focused not in titles:
            return
        index = titles.index(focused) + step  # type: ignore[arg-type]
        if index < 0:
            self.screen.query_one("#faq-search", Input).focus()
        elif index < len(titles):
            titles[index].focus()


class FaqScreen(BankScreen):
    MENU_ID = "ayuda"
    CSS_PATH = "faq.tcss"
    AUTO_FOCUS = ""  # none at once: see BankScreen.focus_after_layout

    def __init__(self) -> None:
        super().__init__()
        self.entries: list[FaqEntry] = []

    def compose_content(self) -> ComposeResult:
        yield Static(INTRO, id="faq-intro")
        yield Static("", id="faq-call-center")
        yield FaqSearch(
            placeholder="Busca tu duda: contraseña, transferencia, tarjeta…",
            id="faq-search",
        )
        yield Static(LOADING, id="faq-status")
        yield FaqList(id="faq-list")

    def on_mount(self) -> None:
        self.query_one("#faq-call-center").display = False
        self.focus_after_layout("#faq-search")
        self.reload()

    def reload(self) -> None:
        """The questions and the Call Center again (F5), keeping what the member typed."""
        self._load_faq()
        self._load_call_center()

    @work(exclusive=True, group="faq", exit_on_error=False)
    async def _load_faq(self) -> None:
        status = self.query_one("#faq-status", Static)
        if not self.entries:
            status.update(LOADING)
            status.remove_class("-error")
        try:
            entries = await self.backend.faq()
        except SessionExpired:
            raise
        except BackendError as exc:
            if self.is_attached:
                status.update(Text(f"{exc.message} {RETRY}"))
                status.add_class("-error")
                status.display = True
            return
        if self.is_attached:
            await self._show(entries)

    @work(exclusive=True, group="faq-call-center", exit_on_error=False)
    async def _load_call_center(self) -> None:
        try:
            channels = await self.backend.contact_channels()
        except SessionExpired:
            raise
        except BackendError:
            return  # the questions matter more; Contacto in the menu has every channel
        line = call_center_line(channels)
        if self.is_attached and line is not None:
            widget = self.query_one("#faq-call-center", Static)
            widget.update(line)
            widget.display = True

    async def _show(self, entries: list[FaqEntry]) -> None:
        """Mount the questions under their topics, in the bank's order."""
        self.entries = entries
        faq_list = self.query_one(FaqList)
        opened = {q.entry.id for q in faq_list.query(Question).results(Question) if not q.collapsed}
        had_focus = self.focused is not None and faq_list in self.focused.ancestors
        await faq_list.remove_children()
        topics: dict[str, list[FaqEntry]] = {}
        for entry in entries:
            topics.setdefault(entry.topic, []).append(entry)
        widgets: list[TopicHeading | Question] = []
        for topic, members in topics.items():
            widgets.append(TopicHeading(topic))
            widgets.extend(Question(e, collapsed=e.id not in opened) for e in members)
        await faq_list.mount_all(widgets)
        self.query_one("#faq-status", Static).remove_class("-error")
        self.apply_search()
        if had_focus:
            faq_list.focus_first()

    # -- the search ------------------------------------------------------------------------------
    @on(Input.Changed, "#faq-search")
    def apply_search(self) -> None:
        """Show the questions whose topic, question or answer hold every word typed."""
        query = self.query_one("#faq-search", Input).value
        faq_list = self.query_one(FaqList)
        shown = 0
        topic_shown: dict[str, bool] = {}
        for question in faq_list.query(Question).results(Question):
            entry = question.entry
            found = matches(query, entry.topic, entry.question, entry.answer)
            question.display = found
            question.show_match(query)
            topic_shown[entry.topic] = topic_shown.get(entry.topic, False) or found
            shown += found
        for heading in faq_list.query(TopicHeading).results(TopicHeading):
            heading.display = topic_shown.get(heading.topic, False)
        status = self.query_one("#faq-status", Static)
        if not self.entries:
            status.update(NONE_YET)
            status.display = True
        elif query.strip() and shown == 0:
            status.update(Text(no_match(query)))
            status.display = True
        elif query.strip():
            status.update(count_of(shown, "pregunta", "encontrada"))
            status.display = True
        else:
            status.display = False

    @on(Input.Submitted, "#faq-search")
    def action_to_questions(self) -> None:
        """Enter (or ↓) in the search goes to the first question found."""
        self.query_one(FaqList).focus_first()
