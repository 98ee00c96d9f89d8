"""Ayuda · Preguntas frecuentes: search as you type, answers in place, the Call Center."""

from __future__ import annotations

import pytest
from textual.widgets import Collapsible, Input

from cooptui.app import CoopApp
from cooptui.backend.errors import BackendUnavailable
from cooptui.domain.catalog import ContactChannel, FaqEntry
from cooptui.domain.text_search import fold, match_spans, matches
from cooptui.screens.faq import INTRO, FaqScreen, Question, TopicHeading
from tests.ui.helpers import make_app, shown, sign_in, type_text, visible_text, wait_until


async def open_faq(pilot, app: CoopApp, count: int = 15) -> FaqScreen:  # type: ignore[no-untyped-def]
    await sign_in(pilot, app)
    app.open_section("ayuda")
    await wait_until(pilot, lambda: isinstance(app.screen, FaqScreen))
    screen = app.screen
    assert isinstance(screen, FaqScreen)
    await wait_until(pilot, lambda: len(screen.query(Question)) == count)
    await wait_until(pilot, lambda: screen.query_one("#faq-search").has_focus)
    return screen


def shown_questions(screen: FaqScreen) -> set[int]:
    return {q.entry.id for q in screen.query(Question).results(Question) if q.display}


def shown_topics(screen: FaqScreen) -> set[str]:
    return {h.topic for h in screen.query(TopicHeading).results(TopicHeading) if h.display}


# -- the search, as a pure function ---------------------------------------------------------
@pytest.mark.parametrize(
    ("typed", "text"),
    [
        ("contrasena", "Olvidé mi contraseña"),
        ("CONTRASEÑA", "olvidé mi contraseña"),
        ("codigo otp", "¿Qué es el código OTP?"),
        ("otp código", "¿Qué es el código OTP?"),  # any order
        ("", "anything"),
    ],
)
def test_matches_ignores_accents_case_and_order(typed: str, text: str) -> None:
    assert matches(typed, text)


def test_matches_needs_every_word_somewhere() -> None:
    assert matches("tarjeta perdida", "Tarjetas", "Perdí mi tarjeta", "perdida o robada")
    assert not matches("tarjeta hipoteca", "Perdí mi tarjeta")
    assert fold("Ñandú ÁRBOL") == "nandu arbol"


def test_match_spans_point_at_the_text_as_written() -> None:
    text = "Olvidé mi CONTRASEÑA y mi contraseña"
    spans = match_spans(text, "contrasena")
    assert [text[a:b] for a, b in spans] == ["CONTRASEÑA", "contraseña"]
    assert match_spans("olvidé", "olvide") == [(0, 6)]
    assert match_spans("abc", "") == []


# -- the screen -------------------------------------------------------------------------------
async def test_contrasena_finds_contrasena_and_hides_the_rest() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_faq(pilot, app)
        assert INTRO in shown(app, "#faq-intro")
        everything = shown_questions(screen)
        assert len(everything) == 15
        expected = {
            e.id
            for e in await app.backend.faq()
            if "contraseña" in f"{e.topic} {e.question} {e.answer}".lower()
        }
        assert 2 in expected
        assert len(expected) < 15
        await type_text(pilot, "CONTRASENA")
        await wait_until(pilot, lambda: shown_questions(screen) == expected)
        assert shown(app, "#faq-status") == f"{len(expected)} preguntas encontradas"
        assert "Transferencias" not in shown_topics(screen)  # a topic with none found goes
        assert "Acceso y claves" in shown_topics(screen)
        title = visible_text(screen.query_one("#faq-2"))
        assert "Olvidé mi usuario o mi contraseña, ¿qué hago?" in title
        # Clearing the search shows every question again.
        screen.query_one("#faq-search", Input).value = ""
        await wait_until(pilot, lambda: shown_questions(screen) == everything)
        assert not screen.query_one("#faq-status").display


async def test_an_answer_opens_in_place_under_its_question() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_faq(pilot, app)
        await type_text(pilot, "contrasena")
        await wait_until(pilot, lambda: "encontradas" in shown(app, "#faq-status"))
        await pilot.press("enter")  # to the first question found
        first = screen.query_one("#faq-1", Collapsible)
        await wait_until(pilot, lambda: screen.focused in first.query("*").nodes)
        await pilot.press("down")  # to the next one found
        second = screen.query_one("#faq-2", Collapsible)
        await wait_until(pilot, lambda: screen.focused in second.query("*").nodes)
        assert first.collapsed
        assert second.collapsed
        await pilot.press("enter")
        await wait_until(pilot, lambda: not second.collapsed)
        answer = second.query_one(".faq-answer")
        await wait_until(pilot, lambda: answer.region.height > 0)
        assert "Te enviaremos tu usuario o una contraseña temporal" in visible_text(answer)
        # In place: right under its question, above the next one, still in the list.
        title_row = second.region.y
        assert answer.region.y == title_row + 1
        assert screen.query_one("#faq-3").region.y > answer.region.bottom - 1
        assert first.collapsed  # the others stay as they were
        await pilot.press("enter")
        await wait_until(pilot, lambda: second.collapsed)
        # ↑ from the first question found goes back to the search, ↓ down again.
        search = screen.query_one("#faq-search", Input)
        await pilot.press("up", "up")
        await wait_until(pilot, lambda: search.has_focus)
        await pilot.press("down")
        await wait_until(pilot, lambda: screen.focused in first.query("*").nodes)
        assert search.value == "contrasena"


async def test_a_search_that_finds_nothing_says_so() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_faq(pilot, app)
        await type_text(pilot, "hipoteca")
        await wait_until(pilot, lambda: "No encontramos" in shown(app, "#faq-status"))
        assert shown(app, "#faq-status") == (
            "No encontramos preguntas con «hipoteca». Prueba con otra palabra."
        )
        assert shown_questions(screen) == set()
        assert shown_topics(screen) == set()
        assert screen.query_one("#faq-search", Input).value == "hipoteca"  # kept


async def test_the_call_center_number_is_contactos() -> None:
    app = make_app()
    real = app.backend.contact_channels

    async def contact_channels() -> list[ContactChannel]:
        channels = await real()
        return [
            c.model_copy(update={"value": "1800 000 999"}) if c.kind == "Call Center" else c
            for c in channels
        ]

    app.backend.contact_channels = contact_channels  # type: ignore[method-assign]
    async with app.run_test(size=(120, 40)) as pilot:
        await open_faq(pilot, app)
        await wait_until(pilot, lambda: "Call Center" in shown(app, "#faq-call-center"))
        line = shown(app, "#faq-call-center")
        assert line.startswith("¿Necesitas más ayuda? Llama al Call Center 1800 000 999")
        assert "1700 555 010" not in line


async def test_questions_come_from_the_backend_and_are_shown_literally() -> None:
    app = make_app()

    async def faq() -> list[FaqEntry]:
        return [
            FaqEntry(
                id=1, topic="Créditos", question="¿[b]Cuánto[/b] me prestan?", answer="$5 [i]"
            ),
            FaqEntry(id=2, topic="Agencias", question="¿Abren los domingos?", answer="No."),
        ]

    app.backend.faq = faq  # type: ignore[method-assign]
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_faq(pilot, app, count=2)
        assert "¿[b]Cuánto[/b] me prestan?" in visible_text(screen.query_one("#faq-1"))
        assert shown_topics(screen) == {"Créditos", "Agencias"}
        await type_text(pilot, "cuanto")
        await wait_until(pilot, lambda: shown_questions(screen) == {1})


async def test_a_failure_is_told_in_spanish_and_f5_tries_again() -> None:
    app = make_app()
    real = app.backend.faq
    down = True

    async def faq() -> list[FaqEntry]:
        if down:
            raise BackendUnavailable()
        return await real()

    app.backend.faq = faq  # type: ignore[method-assign]
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_faq(pilot, app, count=0)
        await wait_until(pilot, lambda: "F5" in shown(app, "#faq-status"))
        assert shown(app, "#faq-status") == (
            f"{BackendUnavailable.default_message} Presiona F5 para volver a intentar."
        )
        await type_text(pilot, "caduca")  # typed while the bank was down: kept
        down = False
        await pilot.press("f5")
        await wait_until(pilot, lambda: len(screen.query(Question)) == 15)
        await wait_until(pilot, lambda: shown_questions(screen) == {4})
        assert shown(app, "#faq-status") == "1 pregunta encontrada"
