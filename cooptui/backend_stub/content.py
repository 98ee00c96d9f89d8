"""The cooperative's static content served by the simulated core bank.

Contacto, Solicita tus productos, Ayuda / Preguntas frecuentes and the security tips of
the login panel. Every phone number, address and domain here is fictional: numbers use
the 555 pattern and mail goes to `cooprogreso.example`, which can never be delivered.
The texts are plain (no square brackets) so Rich never reads them as markup.
"""

from __future__ import annotations

from decimal import Decimal

from cooptui.domain.catalog import (
    SECURITY_TIPS,
    ContactChannel,
    FaqEntry,
    ProductCategory,
    ProductOffer,
    RateTier,
    TermUnit,
)

__all__ = [
    "CALL_CENTER_NUMBER",
    "CONTACT_CHANNELS",
    "FAQ",
    "PRODUCT_CATALOG",
    "SECURITY_TIPS",
]

CALL_CENTER_NUMBER = "1700 555 010"
"""The (fictional) Call Center number, shared by Contacto and the FAQ."""

_OFFICE_HOURS = "Lunes a viernes 08:00 a 18:00; sábados 09:00 a 13:00"
_MAIL_DOMAIN = "cooprogreso.example"

CONTACT_CHANNELS: tuple[ContactChannel, ...] = (
    ContactChannel(
        kind="Call Center",
        label="Call Center",
        value=CALL_CENTER_NUMBER,
        hours=_OFFICE_HOURS,
    ),
    ContactChannel(
        kind="WhatsApp",
        label="WhatsApp Cooprogreso",
        value="+593 99 555 0100",
        hours=_OFFICE_HOURS,
    ),
    ContactChannel(
        kind="Correo",
        label="Correo electrónico",
        value=f"atencion.socios@{_MAIL_DOMAIN}",
    ),
    ContactChannel(
        kind="Agencia",
        label="Agencia Matriz Quito",
        value="Av. del Progreso Solidario N24-180 y calle de la Cooperación, Quito",
        hours=_OFFICE_HOURS,
    ),
    ContactChannel(
        kind="Horario",
        label="Horario de atención",
        value=_OFFICE_HOURS,
    ),
    ContactChannel(
        kind="Tarjetas",
        label="Reportar tarjeta robada o perdida 24/7",
        value=CALL_CENTER_NUMBER,
        hours="Las 24 horas, los 7 días de la semana",
    ),
    ContactChannel(
        kind="Defensor del socio",
        label="Defensor del socio",
        value=f"defensor.socio@{_MAIL_DOMAIN}",
        hours="Lunes a viernes 08:00 a 17:00",
    ),
)

_DESGRAVAMEN = Decimal("0.00144")
"""Seguro de desgravamen: 0.144 % a month on the balance, as on the demo member's loan."""

DPF_RATES: tuple[RateTier, ...] = (
    RateTier(from_term=31, annual_rate=Decimal("0.0525")),
    RateTier(from_term=61, annual_rate=Decimal("0.0575")),
    RateTier(from_term=91, annual_rate=Decimal("0.0650")),
    RateTier(from_term=181, annual_rate=Decimal("0.0700")),
    RateTier(from_term=271, annual_rate=Decimal("0.0750")),
    RateTier(from_term=361, annual_rate=Decimal("0.0790")),
    RateTier(from_term=721, annual_rate=Decimal("0.0825")),
)
"""The DPF rate by plazo in days: 365 days pays the 7.90 % of the manual's deposit 0010."""

_CEDULA = "Copia de cédula de identidad o pasaporte"
_PLANILLA = "Planilla de un servicio básico de los últimos 3 meses"
_INGRESOS = "Certificado de ingresos o rol de pagos de los últimos 3 meses"

PRODUCT_CATALOG: tuple[ProductOffer, ...] = (
    ProductOffer(
        id="cuenta-ahorros",
        category=ProductCategory.SAVINGS,
        name="Cuenta de ahorros",
        description=(
            "Tu cuenta para ahorrar y manejar tu dinero con tarjeta de débito, "
            "Cooprogreso en línea y la app móvil. Te hace socio de la cooperativa."
        ),
        requirements=(_CEDULA, _PLANILLA, "Depósito inicial para certificados de aportación"),
    ),
    ProductOffer(
        id="ahorro-futuro",
        category=ProductCategory.SAVINGS,
        name="Ahorro Futuro",
        description=(
            "Ahorro programado: eliges una cuota mensual y un plazo, el débito se hace "
            "automáticamente desde tu cuenta y ganas una tasa mayor que la de ahorro a la vista."
        ),
        requirements=("Ser socio con cuenta de ahorros activa", _CEDULA),
    ),
    ProductOffer(
        id="credito-consumo",
        category=ProductCategory.CREDIT,
        name="Crédito de consumo",
        description=(
            "Para tus gastos personales, estudios, viajes o compra de bienes, "
            "con cuota fija y plazos de hasta 60 meses."
        ),
        requirements=(_CEDULA, _PLANILLA, _INGRESOS, "Ahorro encaje según el monto"),
        min_amount=Decimal("500.00"),
        max_amount=Decimal("30000.00"),
        term_unit=TermUnit.MONTHS,
        min_term=3,
        max_term=60,
        rates=(RateTier(from_term=3, annual_rate=Decimal("0.1266")),),
        insurance_rate=_DESGRAVAMEN,
    ),
    ProductOffer(
        id="microcredito",
        category=ProductCategory.CREDIT,
        name="Microcrédito",
        description=(
            "Capital de trabajo o activos fijos para tu negocio, con cuotas que se "
            "ajustan al flujo de tus ventas."
        ),
        requirements=(
            _CEDULA,
            _PLANILLA,
            "RUC del negocio, si lo tiene",
            "Facturas o registro de compras y ventas",
        ),
        min_amount=Decimal("300.00"),
        max_amount=Decimal("20000.00"),
        term_unit=TermUnit.MONTHS,
        min_term=3,
        max_term=48,
        rates=(RateTier(from_term=3, annual_rate=Decimal("0.2050")),),
        insurance_rate=_DESGRAVAMEN,
    ),
    ProductOffer(
        id="credito-vivienda",
        category=ProductCategory.CREDIT,
        name="Crédito hipotecario de vivienda",
        description=(
            "Compra, construcción o remodelación de tu vivienda, con plazos de hasta "
            "20 años y la hipoteca del inmueble como garantía."
        ),
        requirements=(
            _CEDULA,
            _PLANILLA,
            _INGRESOS,
            "Certificado de gravámenes del Registro de la Propiedad",
            "Avalúo del inmueble",
        ),
        min_amount=Decimal("10000.00"),
        max_amount=Decimal("150000.00"),
        term_unit=TermUnit.MONTHS,
        min_term=60,
        max_term=240,
        rates=(RateTier(from_term=60, annual_rate=Decimal("0.0990")),),
        insurance_rate=_DESGRAVAMEN,
    ),
    ProductOffer(
        id="inversion-dpf",
        category=ProductCategory.INVESTMENT,
        name="Inversión a plazo fijo (DPF)",
        description=(
            "Haz crecer tu dinero con un depósito a plazo fijo desde 31 días; la tasa "
            "aumenta con el plazo y los intereses se pagan al vencimiento."
        ),
        requirements=(_CEDULA, "Declaración de licitud de fondos"),
        min_amount=Decimal("500.00"),
        max_amount=Decimal("500000.00"),
        term_unit=TermUnit.DAYS,
        min_term=31,
        max_term=1080,
        rates=DPF_RATES,
    ),
    ProductOffer(
        id="tarjeta-credito-mastercard",
        category=ProductCategory.CARD,
        name="Tarjeta de crédito Mastercard Cooprogreso",
        description=(
            "Compra en el país y en el exterior, difiere tus consumos de 3 a 36 meses "
            "y aprovecha 3 meses sin intereses. El monto solicitado es el cupo."
        ),
        requirements=(_CEDULA, _PLANILLA, _INGRESOS),
        min_amount=Decimal("300.00"),
        max_amount=Decimal("10000.00"),
    ),
    ProductOffer(
        id="tarjeta-debito",
        category=ProductCategory.CARD,
        name="Tarjeta de débito",
        description=(
            "Retira en cajeros automáticos y paga en comercios con el dinero de tu "
            "cuenta de ahorros, con chip y pagos sin contacto."
        ),
        requirements=("Ser socio con cuenta de ahorros activa", _CEDULA),
    ),
)

_ACCESS = "Acceso y claves"
_TRANSFERS = "Transferencias"
_PAYMENTS = "Pagos"
_CARDS = "Tarjetas"
_SECURITY = "Seguridad"
_ONLINE = "Cooprogreso en línea / Móvil"

FAQ: tuple[FaqEntry, ...] = (
    FaqEntry(
        id=1,
        topic=_ACCESS,
        question="¿Cómo me registro en Cooprogreso en línea?",
        answer=(
            "En la pantalla de ingreso elige «Registrarse» e ingresa tu número de cédula "
            "o pasaporte. Te enviaremos un código OTP por SMS al celular que tienes "
            "registrado en la cooperativa; ingrésalo para validar tu identidad. Luego "
            "recibirás en tu correo electrónico tu usuario y una contraseña temporal. "
            "La primera vez que ingreses, el sistema te pedirá personalizar tu contraseña."
        ),
    ),
    FaqEntry(
        id=2,
        topic=_ACCESS,
        question="Olvidé mi usuario o mi contraseña, ¿qué hago?",
        answer=(
            "En la pantalla de ingreso elige «Olvidé mi usuario» u «Olvidé mi contraseña», "
            "ingresa tu cédula o pasaporte y el código OTP que te llegará al celular. "
            "Te enviaremos tu usuario o una contraseña temporal a tu correo electrónico; "
            "la contraseña temporal deberás cambiarla al ingresar."
        ),
    ),
    FaqEntry(
        id=3,
        topic=_ACCESS,
        question="Mi usuario está bloqueado, ¿cómo lo desbloqueo?",
        answer=(
            "Por tu seguridad, el usuario se bloquea después de 3 intentos fallidos de "
            "ingreso. Para desbloquearlo usa la opción «Olvidé mi contraseña»: al validar "
            "tu identidad con el código OTP recibirás una contraseña temporal y podrás "
            "ingresar de nuevo."
        ),
    ),
    FaqEntry(
        id=4,
        topic=_ACCESS,
        question="¿Qué es el código OTP?",
        answer=(
            "Es una clave temporal de un solo uso (One Time Password) que te enviamos por "
            "SMS a tu celular para confirmar tu registro, tus transacciones y los cambios "
            "en tu perfil. El código caduca en 5 minutos; si expira, solicita uno nuevo. "
            "Nunca lo compartas con nadie."
        ),
    ),
    FaqEntry(
        id=5,
        topic=_TRANSFERS,
        question="¿En cuánto tiempo se acredita una transferencia interbancaria?",
        answer=(
            "Si la institución de destino es una de las instituciones con acreditación "
            "inmediata, el dinero llega en pocos minutos. En las demás instituciones del "
            "sistema financiero se acredita en un plazo de hasta 24 horas laborables."
        ),
    ),
    FaqEntry(
        id=6,
        topic=_TRANSFERS,
        question="¿Cuánto cuesta una transferencia interbancaria?",
        answer=(
            "Cada transferencia a otra institución financiera tiene una comisión de "
            "$0.36 + IVA, que se debita de la cuenta de origen. Las transferencias entre "
            "tus cuentas y a otras cuentas de Cooprogreso no tienen costo."
        ),
    ),
    FaqEntry(
        id=7,
        topic=_TRANSFERS,
        question="¿Cuáles son los montos máximos diarios para transferir?",
        answer=(
            "Entre tus propias cuentas puedes transferir hasta $15,000.00 diarios; a "
            "cuentas de otros socios de Cooprogreso, hasta $5,000.00; y a cuentas de "
            "otras instituciones (interbancarias), hasta $3,000.00."
        ),
    ),
    FaqEntry(
        id=8,
        topic=_PAYMENTS,
        question="¿Cómo funcionan los pagos programados?",
        answer=(
            "Puedes programar el pago de tus servicios para que se debite "
            "automáticamente de tu cuenta en la fecha que elijas. Al crearlo defines un "
            "Monto máximo: si el valor de la planilla supera ese monto, el pago no se "
            "realiza y te lo notificamos por correo electrónico."
        ),
    ),
    FaqEntry(
        id=9,
        topic=_CARDS,
        question="¿Cómo cambio o recupero el PIN de mi tarjeta?",
        answer=(
            "En la sección Tarjetas elige tu tarjeta y la opción para cambiar el PIN: "
            "ingresa el nuevo PIN y confírmalo con el código OTP. Si lo olvidaste, "
            "solicita la recuperación y te enviaremos un PIN temporal a tu correo "
            "electrónico; cámbialo apenas puedas."
        ),
    ),
    FaqEntry(
        id=10,
        topic=_CARDS,
        question="¿Cómo difiero un consumo de mi tarjeta de crédito?",
        answer=(
            "En Tarjetas elige la opción para diferir, el consumo o el saldo y el plazo: "
            "de 3 a 36 meses (3, 6, 9, 12, 18, 24 o 36). El plazo de 3 meses es sin "
            "intereses. El monto mínimo para diferir es $50.00. Antes de confirmar verás "
            "la simulación con el valor de cada cuota."
        ),
    ),
    FaqEntry(
        id=11,
        topic=_CARDS,
        question="Perdí mi tarjeta o me la robaron, ¿qué hago?",
        answer=(
            "Repórtala de inmediato al Call Center "
            f"{CALL_CENTER_NUMBER}, que atiende este servicio las 24 horas, los 7 días "
            "de la semana. La tarjeta quedará bloqueada y podrás solicitar una nueva en "
            "cualquier agencia."
        ),
    ),
    FaqEntry(
        id=12,
        topic=_SECURITY,
        question="¿Cooprogreso me puede pedir mis claves por teléfono o correo?",
        answer=(
            "No. No solicitamos claves, usuarios, números de tarjetas o números de "
            "cuenta, por ningún medio. Si recibes una llamada, un mensaje o un correo "
            "que te los pida, no respondas y repórtalo al Call Center "
            f"{CALL_CENTER_NUMBER}."
        ),
    ),
    FaqEntry(
        id=13,
        topic=_SECURITY,
        question="¿Qué debo hacer para proteger mis claves?",
        answer=(
            "No compartas tus claves, son de uso personal e intransferibles. Cámbialas "
            "con frecuencia, no uses fechas ni datos fáciles de adivinar y no las "
            "guardes junto a tu tarjeta ni en tu celular."
        ),
    ),
    FaqEntry(
        id=14,
        topic=_ONLINE,
        question="¿Por qué se cerró mi sesión?",
        answer=(
            "Por tu seguridad, la sesión se cierra automáticamente después de 5 minutos "
            "de inactividad. Vuelve a ingresar con tu usuario y contraseña para continuar."
        ),
    ),
    FaqEntry(
        id=15,
        topic=_ONLINE,
        question="¿Cómo me comunico con el Call Center?",
        answer=(
            f"Llámanos al {CALL_CENTER_NUMBER}, de lunes a viernes de 08:00 a 18:00 y "
            "los sábados de 09:00 a 13:00. Para reportar una tarjeta robada o perdida "
            "atendemos las 24 horas, los 7 días de la semana."
        ),
    ),
)
