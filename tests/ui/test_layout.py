"""Every screen and dialog at 80×24 and 120×40: nothing cut off that cannot be scrolled to.

Measured from the widgets' regions, not from a picture, so a failure names the widget:
- a widget that sticks out of a parent that cannot scroll that way is cut off for good;
- text whose wrapped lines do not fit its widget is cut off (a message losing its end),
  and a word (a figure, a date, an account number) wider than its widget is broken into
  pieces (a Select one character wide spelling its text down the screen);
- an Input too narrow to show what it takes, a Select too narrow for its text;
- every focusable control, scrolled to as focus does, lies whole inside the screen;
- no table scrolls sideways, at either size.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Iterator

import pytest
from rich.text import Text
from textual.containers import VerticalScroll
from textual.geometry import Region
from textual.pilot import Pilot
from textual.screen import Screen
from textual.scrollbar import ScrollBar, ScrollBarCorner
from textual.widget import Widget
from textual.widgets import (
    Button,
    DataTable,
    Footer,
    Input,
    Select,
    Static,
    TabbedContent,
)
from textual.widgets._toast import ToastRack
from textual.widgets._tooltip import Tooltip

from cooptui.backend_stub import otp
from cooptui.screens.change_password import ChangePasswordScreen
from cooptui.screens.device_registration import DeviceRegistrationScreen
from cooptui.screens.enrollment import EnrollmentScreen
from cooptui.screens.forgot_password import PasswordRecoveryScreen
from cooptui.screens.forgot_username import UsernameReminderScreen
from cooptui.screens.mailbox import MailboxScreen
from cooptui.screens.movements import MovementsScreen
from cooptui.screens.summary import SummaryScreen
from cooptui.widgets.confirm_dialog import ConfirmDialog
from cooptui.widgets.otp_dialog import OtpDialog
from cooptui.widgets.receipt_view import ReceiptView
from cooptui.widgets.side_menu import SideMenu
from tests.snapshots import test_card_payment_snapshots as card_payment_scenes
from tests.snapshots import test_contact_faq_snapshots as contact_faq
from tests.snapshots import test_deferral_snapshots as deferral_scenes
from tests.snapshots import test_help_snapshots as help_scenes
from tests.snapshots import test_other_cards_snapshots as other_cards_scenes
from tests.snapshots import test_product_request_snapshots as products
from tests.snapshots.conftest import CODE, SMALL, WIDE, at_login, click, signed_in, snapshot_app
from tests.snapshots.test_loan_investment_snapshots import open_investment, open_loan
from tests.snapshots.test_product_detail_snapshots import (
    account_detail,
    credit_card,
    debit_tab,
    pin_form_with_a_trivial_pin,
)
from tests.snapshots.test_scheduled_snapshots import (
    form_filled,
    list_with_a_cancelled_row,
    mistakes,
    scheduled_payments,
    terms,
)
from tests.snapshots.test_service_payment_snapshots import (
    continued,
    new_with_mistakes,
    pay_cnt,
    services,
)
from tests.snapshots.test_services_snapshots import beyond_three_months, payment_history
from tests.snapshots.test_snapshots import interbank_challenge
from tests.snapshots.test_transfer_snapshots import (
    beneficiaries,
    code_typed,
    confirmed,
    immediate_institutions,
    new_interbank_form_with_mistakes,
    receipt_closed,
    to_loja,
    transfer_screen,
)
from tests.ui.helpers import wait_until

Scene = Callable[[Pilot], Awaitable[None]]

SETTLE = 5.0
"""Seconds a screen may take to settle before what is still cut off counts."""
INPUT_MIN = 12
"""Cells an Input shows at least (fewer when it takes fewer characters: a 4-digit PIN)."""
LONGEST_WORD = 32
"""Longer "words" (a file path, a URL) may wrap anywhere: no person reads them as one."""
NOT_MEASURED = (ScrollBar, ScrollBarCorner, ToastRack, Tooltip, Footer)
"""Chrome: the footer scrolls its keys itself; toasts and tooltips come and go."""


# -- getting to each screen ----------------------------------------------------------------------
def pushed(make: Callable[[Pilot], Awaitable[Screen[object]]], kind: type) -> Scene:
    async def scene(pilot: Pilot) -> None:
        pilot.app.push_screen(await make(pilot))
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, kind))

    return scene


def key(name: str, kind: type) -> Scene:
    async def scene(pilot: Pilot) -> None:
        await pilot.press(name)
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, kind))

    return scene


async def change_password(pilot: Pilot) -> Screen[object]:
    return ChangePasswordScreen(pilot.app.backend, "gsilva")  # type: ignore[attr-defined]


async def device_registration(pilot: Pilot) -> None:
    app = pilot.app
    app.screen.query_one("#username", Input).value = "gsilva"
    app.screen.query_one("#password", Input).value = "Progreso2024"
    await click(pilot, "#login")
    await wait_until(pilot, lambda: isinstance(app.screen, DeviceRegistrationScreen))


async def summary(pilot: Pilot) -> None:
    assert isinstance(pilot.app.screen, SummaryScreen)
    await wait_until(pilot, lambda: pilot.app.screen.query_one("#cards", DataTable).row_count > 0)


async def movements(pilot: Pilot) -> None:
    app = pilot.app
    app.open_section("movimientos")  # type: ignore[attr-defined]
    await wait_until(pilot, lambda: isinstance(app.screen, MovementsScreen))
    await wait_until(pilot, lambda: app.screen.query_one("#mv-table", DataTable).row_count > 0)


async def mailbox(pilot: Pilot) -> None:
    await pilot.press("f9")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, MailboxScreen))


async def interbank_confirmation(pilot: Pilot) -> Screen[object]:
    return ConfirmDialog(await interbank_challenge(pilot))


async def otp_dialog(pilot: Pilot) -> Screen[object]:
    return OtpDialog(pilot.app.backend, await interbank_challenge(pilot))  # type: ignore[attr-defined]


async def receipt(pilot: Pilot) -> Screen[object]:
    challenge = await interbank_challenge(pilot)
    return ReceiptView(await pilot.app.backend.confirm(challenge.id, CODE))  # type: ignore[attr-defined]


SCENES: dict[str, tuple[Scene, ...]] = {
    "login": (at_login,),
    "registration": (at_login, key("f5", EnrollmentScreen)),
    "forgot_username": (at_login, key("f6", UsernameReminderScreen)),
    "forgot_password": (at_login, key("f7", PasswordRecoveryScreen)),
    "change_password": (at_login, pushed(change_password, ChangePasswordScreen)),
    "device_registration": (at_login, device_registration),
    "summary": (signed_in, summary),
    "movements": (signed_in, movements),
    "account_movements": (signed_in, account_detail),
    "account_debit_card": (signed_in, account_detail, debit_tab),
    "pin_change": (signed_in, account_detail, debit_tab, pin_form_with_a_trivial_pin),
    "credit_card": (signed_in, credit_card),
    "loan": (signed_in, open_loan),
    "investment": (signed_in, open_investment),
    "mailbox": (signed_in, mailbox),
    "own_transfer": (signed_in, transfer_screen("transf-propias")),
    "coop_transfer": (signed_in, transfer_screen("transf-coop")),
    "interbank_transfer": (signed_in, transfer_screen("transf-inter")),
    "interbank_in_process": (
        signed_in,
        transfer_screen("transf-inter"),
        to_loja,
        confirmed,
        code_typed,
        receipt_closed,
    ),
    "institutions": (signed_in, transfer_screen("transf-inter"), immediate_institutions),
    "beneficiaries": (signed_in, beneficiaries),
    "beneficiary_form": (signed_in, beneficiaries, new_interbank_form_with_mistakes),
    "services": (signed_in, services),
    "service_payment": (signed_in, services, pay_cnt),
    "service_payment_confirmation": (signed_in, services, pay_cnt, continued),
    "service_registration_refused": (signed_in, services, new_with_mistakes),
    "payment_history": (signed_in, payment_history),
    "payment_history_beyond_three_months": (signed_in, payment_history, beyond_three_months),
    "confirmation": (signed_in, pushed(interbank_confirmation, ConfirmDialog)),
    "otp": (signed_in, pushed(otp_dialog, OtpDialog)),
    "receipt": (signed_in, pushed(receipt, ReceiptView)),
    "scheduled_form": (signed_in, scheduled_payments, form_filled),
    "scheduled_form_mistakes": (signed_in, scheduled_payments, mistakes),
    "scheduled_terms": (signed_in, scheduled_payments, form_filled, terms),
    "scheduled_list": (signed_in, list_with_a_cancelled_row),
}
# The card screens' snapshot scenes, each after signing in: one list of steps, two checks.
for _prefix, _scenes in (
    ("card_payment", card_payment_scenes.SCENES),
    ("other_cards", other_cards_scenes.SCENES),
    ("deferral", deferral_scenes.SCENES),
):
    SCENES.update({f"{_prefix}_{name}": (signed_in, *steps) for name, steps in _scenes.items()})
SCENES.update({f"products_{name}": (signed_in, *steps) for name, steps in products.SCENES.items()})
# These scenes start from the app's start themselves (some at the login screen).
for _prefix, _scenes in (("contact_faq", contact_faq.SCENES), ("help", help_scenes.SCENES)):
    SCENES.update({f"{_prefix}_{name}": steps for name, steps in _scenes.items()})


# -- measuring ---------------------------------------------------------------------------------
def shown_widgets(screen: Screen[object]) -> Iterator[Widget]:
    """Every widget painted on the screen (not hidden, not in a hidden container)."""
    stack: list[Widget] = list(reversed(screen.children))
    while stack:
        widget = stack.pop()
        if not widget.display or isinstance(widget, NOT_MEASURED):
            continue
        if widget.visible:
            yield widget
        stack.extend(reversed(widget.children))


def name(widget: Widget) -> str:
    """`Select#mv-account in VerticalScroll#content`: enough to find it in the code."""
    here = f"{type(widget).__name__}{'#' + widget.id if widget.id else ''}"
    for ancestor in widget.ancestors:
        if isinstance(ancestor, Widget) and ancestor.id:
            return f"{here} in {type(ancestor).__name__}#{ancestor.id}"
    return here


def plain_text(widget: Widget) -> str:
    """What a text widget shows, without styles."""
    if isinstance(widget, Button):
        return str(widget.label)
    if isinstance(widget, Static):
        visual = widget.visual
        plain = getattr(visual, "plain", None)
        if isinstance(plain, str):
            return plain
        if isinstance(visual, Text):
            return visual.plain
    return ""


def clipped_by_parent(widget: Widget) -> str | None:
    """Why `widget` sticks out of its parent where the parent cannot scroll, if it does."""
    parent = widget.parent
    if not isinstance(parent, Widget) or widget.styles.overlay == "screen":
        return None
    inner = parent.scrollable_content_region
    box = widget.region
    if not box.area:
        return None
    out_x = box.x < inner.x or box.right > inner.right
    out_y = box.y < inner.y or box.bottom > inner.bottom
    if out_x and not parent.allow_horizontal_scroll:
        return f"cut at the sides by {name(parent)} ({box} outside {inner})"
    if out_y and not parent.allow_vertical_scroll:
        return f"cut above or below by {name(parent)} ({box} outside {inner})"
    if out_y and box.height > inner.height and not widget.is_scrollable:
        return f"taller than {name(parent)} can show ({box.height} > {inner.height} rows)"
    return None


def clipped_inside(widget: Widget) -> str | None:
    """Why the lines a scroll view draws (a tree, a table) are cut at its edges, if they are."""
    if widget.is_container or not widget.is_scrollable:
        return None
    inner = widget.scrollable_content_region
    virtual = widget.virtual_size
    if virtual.width > inner.width and not widget.allow_horizontal_scroll:
        return f"its {virtual.width}-cell lines cut at {inner.width} cells"
    if virtual.height > inner.height and not widget.allow_vertical_scroll:
        return f"its {virtual.height} lines cut at {inner.height}"
    return None


def text_problem(widget: Widget) -> str | None:
    """Why the text of a text widget cannot be read whole, if it cannot."""
    text = plain_text(widget)
    if not text.strip() or widget.is_container:
        return None
    width = widget.content_region.width
    if width <= 0:
        return f"no room for {text[:30]!r}"
    words = [w for w in re.split(r"\s+", text) if len(w) <= LONGEST_WORD]
    longest = max(words, key=len, default="")
    if len(longest) > width:
        return f"{longest!r} broken into {width}-cell pieces"
    if isinstance(widget, Button):
        needed = len(text)
        if needed > width:
            return f"label {text!r} cut to {width} cells"
        return None
    viewport = widget.app.size
    needed_rows = widget.get_content_height(widget.content_region.size, viewport, width)
    if needed_rows > widget.content_region.height and not widget.allow_vertical_scroll:
        return f"{text[:40]!r}… needs {needed_rows} rows, has {widget.content_region.height}"
    return None


def control_problem(widget: Widget) -> str | None:
    """Why an Input or Select is too narrow to show what it holds, if it is."""
    if isinstance(widget, Input):
        wanted = min(widget.max_length or INPUT_MIN, INPUT_MIN)
        if widget.content_region.width < wanted:
            return f"shows {widget.content_region.width} characters (needs {wanted})"
    if isinstance(widget, Select):
        options = [str(prompt) for prompt, _ in widget._options if str(prompt)]
        longest = max((len(o) for o in options), default=0)
        label = widget.query_one("SelectCurrent #label", Static)
        if label.content_region.width < min(longest, INPUT_MIN):
            return f"shows {label.content_region.width} cells of its {longest}-cell options"
    return None


def table_problem(table: DataTable[object]) -> str | None:
    """Why a table needs sideways scrolling, if it does."""
    inner = table.scrollable_content_region
    if table.virtual_size.width > inner.width or table.show_horizontal_scrollbar:
        columns = ", ".join(str(c.label) for c in table.columns.values())
        return f"{table.virtual_size.width} cells wide in {inner.width} ({columns})"
    return None


def layout_problems(screen: Screen[object]) -> list[str]:
    """What is cut off on `screen` as it stands."""
    problems: list[str] = []
    for widget in shown_widgets(screen):
        for check in (clipped_by_parent, clipped_inside, text_problem, control_problem):
            problem = check(widget)
            if problem:
                problems.append(f"{name(widget)}: {problem}")
        if isinstance(widget, DataTable):
            problem = table_problem(widget)
            if problem:
                problems.append(f"{name(widget)} scrolls sideways: {problem}")
    return problems


def fully_visible(widget: Widget) -> bool:
    """Whether the widget (or its first rows, for a tall one) is on screen, whole across."""
    box = widget.region
    seen = widget.screen.find_widget(widget).visible_region
    rows = min(box.height, 3)
    return (
        seen.width == box.width
        and seen.height >= rows
        and widget.screen.region.contains_region(Region(seen.x, seen.y, seen.width, rows))
    )


async def unreachable_controls(pilot: Pilot) -> list[str]:
    """The focusable controls that scrolling to them (as focus does) does not show whole."""
    screen = pilot.app.screen
    problems = []
    for widget in list(shown_widgets(screen)):
        if not widget.focusable or isinstance(widget, (VerticalScroll, TabbedContent)):
            continue
        widget.scroll_visible(animate=False, immediate=True)
        try:
            await wait_until(pilot, lambda w=widget: fully_visible(w), timeout=SETTLE)
        except AssertionError:
            problems.append(
                f"{name(widget)}: not visible once scrolled to ({widget.region}, "
                f"screen {screen.region})"
            )
    return problems


def tables_measured(screen: Screen[object]) -> bool:
    """Whether every shown table has measured the rows it holds (it does so when idle)."""
    return all(
        table.virtual_size.height
        >= table.row_count + (table.header_height if table.show_header else 0)
        for table in shown_widgets(screen)
        if isinstance(table, DataTable)
    )


async def settled(pilot: Pilot, measure: Callable[[], list[str]]) -> list[str]:
    """What `measure` still finds once the screen has settled (rows arrive in a worker,
    tables measure them when idle): waits for a clean screen, never for a fixed time."""
    screen = pilot.app.screen
    await wait_until(pilot, lambda: tables_measured(screen))
    try:
        await wait_until(pilot, lambda: not measure(), timeout=SETTLE)
    except AssertionError:
        pass
    return measure()


@pytest.fixture(autouse=True)
def _fixed_code(monkeypatch: pytest.MonkeyPatch) -> None:
    """The sign-in helpers type this code, as the snapshots do."""
    monkeypatch.setattr(otp, "new_code", lambda: CODE)


SIZES = {"80x24": SMALL, "120x40": WIDE}


def cases() -> list[object]:
    return [
        pytest.param(scene, SIZES[size], id=f"{scene}-{size}") for scene in SCENES for size in SIZES
    ]


@pytest.mark.parametrize(("scene", "size"), cases())
async def test_nothing_is_cut_off(scene: str, size: tuple[int, int]) -> None:
    app = snapshot_app()
    async with app.run_test(size=size) as pilot:
        for step in SCENES[scene]:
            await step(pilot)
        problems = await settled(pilot, lambda: layout_problems(app.screen))
        problems += await unreachable_controls(pilot)
        assert not problems, "\n".join(problems)


async def test_the_menu_opens_whole_over_a_narrow_screen_and_closes_again() -> None:
    """At 80 columns the menu would leave the tables too little room: F1 shows it over
    the content, whole; Esc gives the focus back; choosing an item opens its screen."""
    app = snapshot_app()
    async with app.run_test(size=SMALL) as pilot:
        await signed_in(pilot)
        screen = app.screen
        menu = screen.query_one(SideMenu)
        accounts = screen.query_one("#accounts", DataTable)
        accounts.focus()
        await wait_until(pilot, lambda: not menu.display and accounts.has_focus)
        await pilot.press("f1")
        await wait_until(pilot, lambda: menu.has_focus)
        assert not await settled(pilot, lambda: layout_problems(screen))
        await pilot.press("escape")
        await wait_until(pilot, lambda: not menu.display and accounts.has_focus)
        assert isinstance(app.screen, SummaryScreen)  # Esc closed the menu, nothing more
        await pilot.press("f1")
        await wait_until(pilot, lambda: menu.has_focus)
        [movements_item] = [
            node
            for section in menu.root.children
            for node in section.children
            if node.data == "movimientos"
        ]
        menu.move_cursor(movements_item)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, MovementsScreen))
        assert not app.screen.query_one(SideMenu).display
