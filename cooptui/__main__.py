"""Command line: `cooptui` runs the terminal client (default: the built-in simulated bank);
`cooptui serve` serves the simulated bank over HTTP (docs/api.md) for `--backend http`.
"""

from __future__ import annotations

import argparse
import ipaddress
import sys
from datetime import datetime
from importlib.util import find_spec
from pathlib import Path
from typing import Any

SERVER_EXTRA_MISSING = (
    "cooptui: error: `cooptui serve` necesita starlette y uvicorn; "
    "ejecútalo con: uv run --extra server cooptui serve"
)

DEMO_ON_NETWORK = (
    "cooptui: error: la demostración (buzón con los códigos, reloj, credenciales) solo"
    " escucha en este equipo; para {host} usa --no-demo, o --insecure-demo si de verdad"
    " quieres exponerla en la red"
)


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


def _port(text: str) -> int:
    value = _positive(text)
    if value > 65535:
        raise argparse.ArgumentTypeError("el puerto va de 1 a 65535")
    return value


def _add_bank_options(parser: argparse.ArgumentParser) -> None:
    """The simulated bank's options, shared by the TUI and `serve`."""
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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cooptui",
        description="Cooprogreso en Línea para la terminal.",
        epilog="`cooptui serve --help`: el banco simulado como servidor HTTP (API REST).",
    )
    parser.add_argument(
        "--backend", help="adaptador del banco (por defecto: sim, el banco simulado; http)"
    )
    parser.add_argument(
        "--url",
        help="dirección del servidor para --backend http (por defecto http://127.0.0.1:8765)",
    )
    _add_bank_options(parser)
    _add_idle_timeout(parser)
    return parser


def _add_idle_timeout(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--idle-timeout",
        type=_positive,
        help="segundos de inactividad antes de cerrar la sesión (por defecto 300)",
    )


def build_serve_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cooptui serve",
        description=(
            "Sirve el banco simulado de Cooprogreso por HTTP (API REST /api/v1, docs/api.md), "
            "para `cooptui --backend http --url ...`."
        ),
    )
    parser.add_argument(
        "--host", default="127.0.0.1", help="dirección donde escuchar (por defecto 127.0.0.1)"
    )
    parser.add_argument(
        "--port", type=_port, default=8765, help="puerto donde escuchar (por defecto 8765)"
    )
    _add_bank_options(parser)
    _add_idle_timeout(parser)
    parser.add_argument(
        "--no-demo",
        action="store_true",
        help="sin las funciones de demostración (/api/v1/demo: buzón, reloj, credenciales)",
    )
    parser.add_argument(
        "--insecure-demo",
        action="store_true",
        help=(
            "permite la demostración en una dirección fuera de este equipo (--host): "
            "cualquiera en la red leería los códigos y las contraseñas"
        ),
    )
    return parser


def _server_extra_installed() -> bool:
    return find_spec("starlette") is not None and find_spec("uvicorn") is not None


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve(argv: list[str]) -> int:
    """`cooptui serve`: the simulated core as the REST API, under uvicorn."""
    parser = build_serve_parser()
    args = parser.parse_args(argv)
    if not _server_extra_installed():
        parser.exit(2, SERVER_EXTRA_MISSING + "\n")
    import uvicorn

    from cooptui.backend.wire import API_PREFIX
    from cooptui.backend_stub.server import create_app, open_core
    from cooptui.config import load_settings

    loopback = _is_loopback(args.host)
    demo = not args.no_demo
    if demo and not loopback and not args.insecure_demo:
        parser.exit(2, DEMO_ON_NETWORK.format(host=args.host) + "\n")
    settings = load_settings().with_overrides(
        data_dir=args.data_dir, idle_timeout=args.idle_timeout
    )
    core = open_core(
        {
            "data_dir": settings.data_dir,
            "fresh": args.fresh,
            "reset": args.reset,
            "date": args.date,
            "idle_timeout": settings.idle_timeout,
        }
    )
    if not loopback:
        print(
            f"cooptui: aviso: escuchando en {args.host}, fuera de este equipo; el banco simulado"
            " no usa TLS"
            + (" y su API de demostración muestra códigos y contraseñas." if demo else "."),
            file=sys.stderr,
        )
    host = f"[{args.host}]" if ":" in args.host else args.host
    print(
        f"Banco simulado de Cooprogreso en http://{host}:{args.port}{API_PREFIX}"
        " (Ctrl+C para detener)",
        flush=True,
    )
    try:
        # On loopback, only requests addressed to this machine (no DNS rebinding from a
        # web page); the bind address joins the names when it is one of its own.
        hosts = frozenset({"127.0.0.1", "localhost", "::1", args.host}) if loopback else None
        app = create_app(core, demo=demo, hosts=hosts)
        uvicorn.run(app, host=args.host, port=args.port, server_header=False)
    finally:
        core.close()
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "serve":
        return serve(argv[1:])
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
    options: dict[str, Any] = {
        **settings.backend_options,
        "data_dir": settings.data_dir,
        "fresh": args.fresh,
        "reset": args.reset,
        "date": args.date,
        "idle_timeout": settings.idle_timeout,  # the bank's timeout is the screen's
    }
    if args.url:
        options["url"] = args.url
    backend = backend_cls.from_options(options)
    _probe(parser, backend)
    from cooptui.app import CoopApp

    CoopApp(backend, idle_timeout=settings.idle_timeout).run()
    return 0


def _probe(parser: argparse.ArgumentParser, backend: Any) -> None:
    """Let an adapter that has a network to cross check it before the screen opens.

    Optional hook (`HttpBackend.probe`): an unreachable bank is one clear line and exit 2,
    not a traceback from inside the app; it also settles whether `backend.demo` exists.
    """
    probe = getattr(backend, "probe", None)
    if not callable(probe):
        return
    import asyncio

    from cooptui.backend.errors import BackendError

    try:
        asyncio.run(probe())
    except BackendError as exc:
        parser.exit(2, f"cooptui: error: {exc.message}\n")


if __name__ == "__main__":
    sys.exit(main())
