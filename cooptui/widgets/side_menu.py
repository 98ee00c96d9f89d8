"""The side menu of the manual: sections with their sub-items, keyboard and mouse."""

from __future__ import annotations

from textual.message import Message
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from cooptui.screens.menu import MENU


class SideMenu(Tree[str]):
    """Selecting a sub-item posts `SideMenu.Selected` with the item's id."""

    DEFAULT_CSS = """
    SideMenu { width: 36; background: $panel; padding: 0 1; overflow-x: hidden; }
    """

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

    def on_tree_node_selected(self, event: Tree.NodeSelected[str]) -> None:
        event.stop()
        if event.node.data is not None:
            self.post_message(self.Selected(event.node.data))
