"""The anchor of the start-up benchmark: a bare Textual app drawing a login form like
cooptui's (the same widgets and texts, default styles), with no bank, no models and no
keyring. `bench_startup.py` compares `cooptui --fresh` against it.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Checkbox, Footer, Input, Label, Static

TIPS = [
    "Nunca compartas tu usuario, contraseña ni códigos de seguridad.",
    "Cooprogreso nunca te pedirá tus claves por teléfono, correo ni redes sociales.",
    "Ingresa siempre desde la aplicación oficial.",
]


class BareLogin(App[None]):
    CSS = """
    #login-form { width: 1fr; height: auto; padding: 1 2; border: round $primary; }
    #security { width: 1fr; height: auto; padding: 1 2; border: round $secondary; }
    #body { layout: horizontal; height: auto; }
    """

    def compose(self) -> ComposeResult:
        with VerticalScroll(), Horizontal(id="body"):
            with Vertical(id="login-form"):
                yield Static("COOPROGRESO  Cooperativa de Ahorro y Crédito")
                yield Label("¡Bienvenido!")
                yield Label("Usuario")
                yield Input(placeholder="Usuario")
                yield Checkbox("Recordar usuario", compact=True)
                yield Label("Contraseña")
                yield Input(placeholder="Contraseña", password=True)
                yield Button("Ingresar", variant="primary")
                yield Button("Regístrate aquí", compact=True)
                yield Button("Contacto", compact=True)
            with Vertical(id="security"):
                yield Static("¡Pensamos en tu SEGURIDAD!")
                for tip in TIPS:
                    yield Static(f"• {tip}")
        yield Footer()


if __name__ == "__main__":
    BareLogin().run()
