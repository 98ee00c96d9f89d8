"""The manual's "Menú de opciones": every section and sub-item, in the manual's words."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class MenuItem:
    id: str
    label: str
    section: str
    help: str


def _items(section: str, entries: list[tuple[str, str, str]]) -> list[MenuItem]:
    return [MenuItem(id=i, label=label, section=section, help=help_) for i, label, help_ in entries]


MENU: dict[str, list[MenuItem]] = {
    "Productos": _items(
        "Productos",
        [
            ("movimientos", "Detalle de Movimientos", "Transacciones de los últimos 12 meses"),
            ("resumen", "Resumen de Productos", "Cuentas, préstamos, inversiones y tarjetas"),
        ],
    ),
    "Transferencias": _items(
        "Transferencias",
        [
            ("transf-propias", "Transferencias a mis Cuentas", "Entre tus cuentas Cooprogreso"),
            ("transf-coop", "Transferencias Cooprogreso", "A otras cuentas Cooprogreso"),
            ("transf-inter", "Transferencias Interbancarias", "A otras instituciones financieras"),
            (
                "beneficiarios",
                "Administración de Beneficiarios",
                "Buscar, crear, editar y eliminar",
            ),
        ],
    ),
    "Pago de Servicios": _items(
        "Pago de Servicios",
        [
            ("servicios", "Registro de Servicios", "Paga luz, agua, teléfono y más"),
            ("programados", "Pagos Programados", "Débitos automáticos de tus servicios"),
            ("historial", "Historial de Pagos", "Pagos de los últimos 3 meses"),
        ],
    ),
    "Pago de Tarjetas": _items(
        "Pago de Tarjetas",
        [
            ("tarjetas-coop", "Tarjetas Cooprogreso", "Paga tu tarjeta de crédito Cooprogreso"),
            ("tarjetas-otros", "Otros Bancos", "Paga tarjetas de otros bancos"),
        ],
    ),
    "Diferido Tarjetas": _items(
        "Diferido Tarjetas",
        [
            ("diferido-trx", "Diferido Transacciones", "Difiere consumos de tu tarjeta"),
            ("diferido-rotativo", "Diferido Saldo Actual Rotativo", "Difiere tu saldo rotativo"),
        ],
    ),
    "Contacto": _items("Contacto", [("contacto", "Contacto", "Canales de atención")]),
    "Solicita tus Productos": _items(
        "Solicita tus Productos",
        [("solicitudes", "Solicita tus Productos", "Créditos, inversiones, cuentas y tarjetas")],
    ),
    "Ayuda": _items("Ayuda", [("ayuda", "Preguntas frecuentes", "Ayuda y Call Center")]),
}

ITEMS: dict[str, MenuItem] = {item.id: item for items in MENU.values() for item in items}
HOME = "resumen"
