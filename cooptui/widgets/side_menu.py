"""The side menu of the manual: sections with their sub-items, keyboard and mouse."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from cooptui.screens.menu import MENU


class SideMenu(Tree[str]):
    """Selecting a sub-item posts `SideMenu.Selected` with the item's id.

    36 columns hold the longest item ("Administración de Beneficiarios") whole; Esc posts
    `SideMenu.Closed` while the menu is open over a narrow screen (else Esc is the screen's).
    """

    DEFAULT_CSS = """
    SideMenu { width: 36; background: $panel; padding: 0 1; overflow-x: hidden; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Cerrar menú", show=False),
    ]

    class Closed(Message):
        """Esc in the menu opened over a narrow screen."""

    class Selected(Message):
        def __init__(self, item_id: str) -> None:
            super().__init__()
            self.item_id = item_id

    def __init__(self, current: str | None = None, **kwargs: object) -> None:
        super().__init__("Cooprogreso en Línea", **kwargs)  # type: ignore[arg-type]
        self.current = current
        self.show_root = False
        self.guide_depth = 2

    def on_mount(self) -> None:
        target: TreeNode[str] | None = None
        for section, items in MENU.items():
            if len(items) == 1:
                node = self.root.add_leaf(section, data=items[0].id)
                if items[0].id == self.current:
                    target = node
                continue
            parent = self.root.add(section, expand=True)
            for item in items:
                leaf = parent.add_leaf(item.label, data=item.id)
                if item.id == self.current:
                    target = leaf
        if target is not None:
            # The tree's lines exist only after the next refresh; moving earlier is ignored.
            self.call_after_refresh(self.move_cursor, target)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "close":
            return self.screen.has_class("-menu-open")
        return super().check_action(action, parameters)

    def action_close(self) -> None:
        self.post_message(self.Closed())

    def on_tree_node_selected(self, event: Tree.NodeSelected[str]) -> None:
        event.stop()
        if event.node.data is not None:
            self.post_message(self.Selected(event.node.data))
