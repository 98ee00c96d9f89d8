"""Command line: `cooptui` runs the terminal client (default: the built-in simulated bank)."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path


def _datetime(text: str) -> datetime:
    try:
        return datetime.strptime(text, "%Y-%m-%dT%H:%M")
    except ValueError:
        raise argparse.ArgumentTypeError(f"fecha inválida {text!r}; usa YYYY-MM-DDTHH:MM") from None


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"se esperaba un número entero, no {text!r}") from None
    if value <= 0:
        raise argparse.ArgumentTypeError("debe ser mayor que cero")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cooptui",
        description="Cooprogreso en Línea para la terminal.",
    )
    parser.add_argument(
        "--backend", help="adaptador del banco (por defecto: sim, el banco simulado)"
    )
    parser.add_argument("--data-dir", type=Path, help="carpeta de datos del banco simulado")
    parser.add_argument(
        "--reset", action="store_true", help="vuelve a sembrar el banco simulado guardado"
    )
    parser.add_argument(
        "--fresh", action="store_true", help="usa un banco simulado desechable, en memoria"
    )
    parser.add_argument(
        "--date",
        type=_datetime,
        help="inicia el reloj simulado en ese momento (YYYY-MM-DDTHH:MM), p. ej. 2024-12-18T13:26",
    )
    parser.add_argument(
        "--idle-timeout",
        type=_positive,
        help="segundos de inactividad antes de cerrar la sesión (por defecto 300)",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    from cooptui.backend.registry import UnknownBackend, load_backend_class
    from cooptui.config import load_settings

    settings = load_settings().with_overrides(
        backend=args.backend, data_dir=args.data_dir, idle_timeout=args.idle_timeout
    )
    try:
        backend_cls = load_backend_class(settings.backend)
    except UnknownBackend as exc:
        parser.exit(2, f"cooptui: error: {exc}\n")
    options = {
        **settings.backend_options,
        "data_dir": settings.data_dir,
        "fresh": args.fresh,
        "reset": args.reset,
        "date": args.date,
    }
    backend = backend_cls.from_options(options)
    from cooptui.app import CoopApp

    CoopApp(backend, idle_timeout=settings.idle_timeout).run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
