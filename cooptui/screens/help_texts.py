"""The manual's steps for every screen, in the cooperative's words: what `?` shows.

Data only, so the terminal manual can print the same texts. `HELP` is keyed by menu item
id (screens/menu.py, the section's own screen) and, for every other screen (a detail
pushed over a section, a form, the login and its flows), by its class name. A screen
without its own entry shows its menu item's (`BankScreen.MENU_ID`); a dialog without one
shows the entry of the screen under it.

Steps are numbered by position ("Paso 1", "Paso 2"…), as the manual numbers them within
a flow. The texts are the web manual's (its OCR garbling mended), adapted only where the
web's words would send a member to something the terminal does not have (an icon, a logo);
where the manual has no step for a screen, the step is written in the same voice.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class HelpEntry:
    title: str
    steps: tuple[str, ...]
    notes: tuple[str, ...] = ()


_CODE_BY_SMS = (
    "Confirma la transacción e ingresa el código de seguridad que te llegará a tu teléfono"
    " móvil para autorizar la transferencia."
)
_OTP = "Ingresa el código OTP que será enviado a tu teléfono registrado."
_SEND_OTP = "Digita el código OTP que llegará a tu teléfono móvil que registraste en Cooprogreso."
_CHANGE_PIN_NOTE = (
    "No olvides cambiar tu clave, utiliza la opción cambio de clave disponible en tu"
    " Cooprogreso en línea y móvil."
)
_SECURITY = (
    "No solicitamos claves, usuarios, números de tarjetas o números de cuenta, por ningún medio.",
    "No compartas tus claves, son de uso personal e intransferibles.",
)
_CHOOSE_CARD = (
    "Selecciona la tarjeta que deseas pagar, ya sea Tarjetas de Cooprogreso o de Otros Bancos."
)
_PAY_CODE = (
    "Da clic en Continuar, confirma el pago e ingresa el código de seguridad que te llegará a"
    " tu teléfono móvil."
)
_DEFERRAL_CARD = "Accede a la tarjeta que aplicarás el diferido y da clic en el botón Continuar."
_DEFERRAL_SIMULATE = "Simula el diferido en monto y plazo."
_DEFERRAL_CONFIRM = (
    "Da clic en Continuar, confirma el diferido e ingresa el código de seguridad que te"
    " llegará a tu teléfono móvil."
)
_NEW_BENEFICIARY = (
    "Selecciona la cuenta destino; si tu beneficiario aún no está registrado, da clic en"
    " Nuevo Beneficiario +."
)
_SERVICE_ACCOUNT = "Selecciona la cuenta de la que se generarán los débitos de los pagos."
_SERVICE_CATEGORY = "Selecciona la categoría y empresa del servicio que deseas pagar."
_SERVICE_CODE = (
    "Digita el número de suministro/cuenta/contrapartida/comprobante en base al tipo de"
    " servicio que deseas registrar."
)

_NO_CODE = (
    "Por tu seguridad, el banco responde igual a cualquier identificación: si el código no"
    " llega, revisa los datos ingresados o comunícate con nuestro Call Center."
)

HELP: dict[str, HelpEntry] = {
    # -- before the session: the login and its flows ("Como afiliarte…") ----------------------
    "LoginScreen": HelpEntry(
        "Ingreso a Cooprogreso en Línea",
        (
            "Ingresa tu usuario y contraseña, y da clic en el botón Ingresar.",
            "¿Eres un usuario nuevo? Selecciona el botón Regístrate aquí.",
            "¿No recuerdas tus datos? Selecciona Olvidé mi usuario u Olvidé mi contraseña.",
        ),
        _SECURITY,
    ),
    "EnrollmentScreen": HelpEntry(
        "Cómo afiliarte a Cooprogreso en Línea",
        (
            "Valida tu identidad e ingresa la cédula o pasaporte.",
            "Revisa el nombre de tu equipo y da clic en el botón Continuar.",
            _SEND_OTP,
            "Revisa tu correo electrónico, te enviaremos tu usuario y contraseña temporal para"
            " que puedas acceder.",
            "Ingresa tu usuario y contraseña enviados.",
        ),
        ("El sistema te solicitará personalizar tu contraseña.", _NO_CODE),
    ),
    "UsernameReminderScreen": HelpEntry(
        "Olvidé mi usuario",
        (
            "Valida tu identidad e ingresa la cédula o pasaporte.",
            "Da clic en el botón Continuar.",
            _SEND_OTP,
            "Revisa tu correo electrónico registrado en Cooprogreso, te enviaremos tu usuario"
            " por este dato de contacto.",
        ),
        (_NO_CODE,),
    ),
    "PasswordRecoveryScreen": HelpEntry(
        "Olvidé mi contraseña",
        (
            "Ingresa tu usuario y valida tu identidad con la cédula o pasaporte.",
            "Da clic en el botón Continuar.",
            _SEND_OTP,
            "Revisa tu correo electrónico registrado en Cooprogreso, te enviaremos una"
            " contraseña temporal por este dato de contacto.",
            "Ingresa tu usuario y la contraseña temporal enviada.",
        ),
        (
            "El sistema te solicitará personalizar tu contraseña.",
            "Si tu usuario estaba bloqueado, quedará desbloqueado.",
            _NO_CODE,
        ),
    ),
    "ChangePasswordScreen": HelpEntry(
        "Personaliza tu contraseña",
        (
            "Ingresa la contraseña temporal que te enviamos a tu correo electrónico.",
            "Ingresa la nueva contraseña que deseas y confírmala: la lista bajo los campos te"
            " indica lo que le falta.",
            "Da clic en el botón Continuar una vez tengas registrada la información.",
        ),
        _SECURITY[1:],
    ),
    "DeviceRegistrationScreen": HelpEntry(
        "Registro habitual del equipo",
        (
            "Revisa el nombre de tu equipo (Equipo).",
            "Da clic en el botón Continuar.",
            _OTP,
        ),
        ("Solo la primera vez que ingresas desde este equipo.",),
    ),
    # -- 1. Productos ----------------------------------------------------------------------------
    "movimientos": HelpEntry(
        "Detalle de Movimientos",
        (
            "Ingresa al menú Detalle de Movimientos para revisar las transacciones realizadas"
            " en los últimos 12 meses.",
            "Selecciona la cuenta, las fechas y el tipo de movimiento; escribe en Buscar en la"
            " descripción lo que deseas encontrar.",
            "Exporta lo que ves en CSV u OFX.",
        ),
    ),
    "resumen": HelpEntry(
        "Resumen de Productos",
        (
            "Ingresa en la opción para revisar tu/s cuenta/s, saldo/s y productos que dispones"
            " con Cooprogreso.",
            "Evalúa el tipo de gestión que necesitas. ¿Qué deseas consultar? Cuentas, Tarjeta"
            " de Crédito, Crédito o Inversiones.",
            "Selecciona el número de cuenta, la tarjeta, el número de operación de tu crédito"
            " o la inversión que deseas consultar (Enter).",
        ),
    ),
    "AccountDetailScreen": HelpEntry(
        "Detalle de cuenta",
        (
            "¿Qué información deseas consultar? Últimos Movimientos o Tarjeta débito.",
            "Últimos Movimientos: revisa los movimientos que se encuentran generados desde tu"
            " cuenta, podrás visualizar las 10 últimas transacciones.",
            "Tarjeta débito: selecciona el número de cuenta de tu tarjeta de débito.",
            "Evalúa el tipo de gestión que necesitas: Cambiar clave o Recuperar clave.",
        ),
        (_CHANGE_PIN_NOTE,),
    ),
    "CreditCardScreen": HelpEntry(
        "Tarjeta de Crédito",
        (
            "Evalúa el tipo de gestión que necesitas: Pagar tarjeta, Diferir consumos,"
            " Recuperar clave o Cambiar clave.",
            "Recuperar clave: presiona la opción Recuperar clave y revisa tu correo electrónico"
            " registrado en Cooprogreso, enviaremos la clave temporal por este dato de"
            " contacto.",
            "Cambiar clave: presiona la opción Cambiar clave, ingresa la clave anterior y"
            " confirma la nueva clave.",
            _OTP,
        ),
        (_CHANGE_PIN_NOTE,),
    ),
    "LoanDetailScreen": HelpEntry(
        "Detalle de Préstamos",
        (
            "Consulta la información de tu crédito que se encuentra activo, cuota a pagar,"
            " saldo del crédito y fecha de pago.",
            "Si deseas guardar la tabla de amortización, da clic en Exportar tabla (CSV).",
        ),
    ),
    "InvestmentDetailScreen": HelpEntry(
        "Detalle de Inversión",
        (
            "Consulta la información de tu inversión: monto, fecha de emisión, fecha de"
            " vencimiento, tasa de interés, días, interés ganado e interés pagado.",
        ),
    ),
    "PinChangeScreen": HelpEntry(
        "Cambiar clave",
        (
            "Ingresa tu clave anterior y la nueva que deseas.",
            "Da clic en el botón Continuar una vez tengas registrada la información.",
            _OTP,
        ),
        ("Recuerda seguir los consejos de seguridad.",),
    ),
    "RecoverPinDialog": HelpEntry(
        "Recuperar clave",
        (
            "Da clic en el botón Aceptar: automáticamente se enviará la clave temporal a tu"
            " correo electrónico registrado.",
            "Revisa tu correo electrónico registrado en Cooprogreso, enviaremos la clave"
            " temporal por este dato de contacto.",
        ),
        (_CHANGE_PIN_NOTE,),
    ),
    # -- 2. Transferencias -------------------------------------------------------------------------
    "transf-propias": HelpEntry(
        "Transferencias a mis Cuentas",
        (
            "Accede a la opción si deseas mover fondos de una de tus cuentas Cooprogreso hacia"
            " otra de tus cuentas Cooprogreso.",
            "Selecciona la cuenta de origen desde la cual realizarás la transferencia y la"
            " cuenta destino.",
            "Ingresa el monto y detalla la referencia de la transacción.",
            _CODE_BY_SMS,
        ),
    ),
    "transf-coop": HelpEntry(
        "Transferencias Cooprogreso",
        (
            "Accede a la opción si deseas mover tus fondos de una manera eficiente a otras"
            " cuentas Cooprogreso.",
            "Selecciona la cuenta de origen desde la cual realizarás la transferencia.",
            _NEW_BENEFICIARY,
            "Ingresa el monto y detalla el motivo de la transacción.",
            _CODE_BY_SMS,
        ),
    ),
    "transf-inter": HelpEntry(
        "Transferencias Interbancarias",
        (
            "Accede a la opción si deseas mover tus fondos entre cuentas de diferentes"
            " instituciones financieras.",
            "Selecciona la cuenta de origen desde la cual realizarás la transferencia.",
            _NEW_BENEFICIARY,
            "Ingresa el monto y detalla el motivo de la transacción.",
            _CODE_BY_SMS,
        ),
        (
            "El tiempo de acreditación varía según el monto y la institución financiera."
            " Consulta las Instituciones con acreditación inmediata; las demás procesarán"
            " hasta en 24 horas laborables.",
        ),
    ),
    "beneficiarios": HelpEntry(
        "Administración de Beneficiarios",
        (
            "Ingresa en la opción Buscar para visualizar los beneficiarios registrados.",
            "Selecciona el beneficiario que deseas modificar (Enter).",
            "Elige Editar si deseas editar el beneficiario o Eliminar si deseas eliminarlo.",
            "Editar: añade la información en los campos que deseas modificar.",
            "Eliminar: confirma la acción.",
        ),
        (
            "Recuerda que para crear un Nuevo Beneficiario es necesario seleccionar un servicio"
            " (Transferencias Cooprogreso o Transferencias Interbancarias).",
        ),
    ),
    "BeneficiaryFormScreen": HelpEntry(
        "Nuevo Beneficiario",
        (
            "Ingresa la institución financiera, el tipo y el número de cuenta de tu beneficiario.",
            "Ingresa el nombre, el tipo de identificación y la identificación del"
            " beneficiario; el correo electrónico y el alias son opcionales.",
            "Da clic en el botón Continuar, confirma la operación e ingresa el código de"
            " seguridad que te llegará a tu teléfono móvil.",
            "Editar: añade la información en los campos que deseas modificar y da clic en Guardar.",
        ),
    ),
    # -- 3. Pago de Servicios ------------------------------------------------------------------------
    "servicios": HelpEntry(
        "Registro de Servicios",
        (
            "Da clic en la opción Nuevo Pago para registrar tu servicio.",
            "Selecciona el servicio que deseas pagar y da clic en Pagar (o Enter).",
            "Revisa los datos que te presentaremos en la siguiente pantalla, si estás de"
            " acuerdo da clic en Continuar.",
            "Ingresa el código de seguridad que te llegará a tu teléfono móvil.",
        ),
        ("Mediante esta opción podrás realizar el pago de tus servicios públicos y privados.",),
    ),
    "ServiceRegistrationScreen": HelpEntry(
        "Nuevo Pago - Registro de Servicios",
        (
            _SERVICE_ACCOUNT,
            _SERVICE_CATEGORY,
            _SERVICE_CODE,
            "Confirma la operación para que puedas ingresar el código de seguridad que te"
            " llegará a tu teléfono móvil.",
        ),
    ),
    "ServicePaymentScreen": HelpEntry(
        "Pago de Servicios",
        (
            "Selecciona la cuenta de débito.",
            "Revisa los valores a pagar que te presentaremos: monto, comisión y total a pagar.",
            "Si estás de acuerdo da clic en Continuar. Te enviaremos el código de seguridad"
            " que te llegará a tu teléfono móvil.",
        ),
    ),
    "programados": HelpEntry(
        "Pagos Programados",
        (
            "Ingresa a la opción Programar Pago para generar débitos automáticos de los"
            " servicios que consumas de manera más recurrente.",
            "Selecciona la cuenta de la que se generarán los débitos automáticos.",
            "Selecciona la categoría, entidad e ingresa el número de cuenta o contrato.",
            _SERVICE_CODE,
            "Establece el monto máximo que nos autorizas a debitar para el pago de tu factura.",
            "Selecciona la frecuencia de pago y establece la fecha desde y hasta la cual nos"
            " autorizas realizar el pago de tu servicio.",
            "Da clic en el botón Programar Pago y acepta los términos y condiciones.",
            "Ingresa el código de seguridad que enviaremos a tu dispositivo móvil.",
        ),
        (
            "En la opción Consultar Pagos Programados podrás consultar los débitos automáticos"
            " que se hayan generado.",
            "Recuerda que si la factura es mayor al valor establecido en el campo Monto máximo"
            " el pago no se realizará y te lo notificaremos por correo electrónico.",
        ),
    ),
    "historial": HelpEntry(
        "Historial de Pagos",
        (
            "Selecciona la opción si deseas consultar todas las transacciones que ejecutaste"
            " sea por débito automático o no; en el historial podrás encontrar información"
            " como fecha, hora y monto cancelado.",
            "Ingresa los campos que desees consultar y da clic en Consultar.",
        ),
        (
            "Puedes consultar por rango de fechas hasta 3 meses de antigüedad de la fecha actual.",
            "Los campos no son obligatorios.",
        ),
    ),
    # -- 4. Pago Tarjetas --------------------------------------------------------------------------
    "tarjetas-coop": HelpEntry(
        "Tarjetas Cooprogreso",
        (
            _CHOOSE_CARD,
            "Selecciona la tarjeta que vas a cancelar (Enter).",
            "Digita el monto que se va a cancelar.",
            _PAY_CODE,
        ),
    ),
    "tarjetas-otros": HelpEntry(
        "Otros Bancos",
        (
            _CHOOSE_CARD,
            "Selecciona la tarjeta que vas a cancelar.",
            "¿Requieres añadir una nueva tarjeta? SI: da clic en Registrar nueva tarjeta e"
            " ingresa los datos de la nueva tarjeta que deseas registrar. NO: continúa con el"
            " Paso 4.",
            "Da clic en Pagar y digita el monto que se va a cancelar.",
            _PAY_CODE,
        ),
    ),
    "CardRegistrationScreen": HelpEntry(
        "Registro Nueva Tarjeta",
        (
            "Selecciona la Institución Financiera.",
            "Ingresa los datos de la nueva tarjeta que deseas registrar: Tarjeta número y"
            " Alias (opcional).",
            "Ingresa los datos del titular: Identificación tipo e Identificación número.",
            "Da clic en Continuar, confirma el registro e ingresa el código de seguridad que te"
            " llegará a tu teléfono móvil.",
        ),
    ),
    "CardPaymentScreen": HelpEntry(
        "Pago de Tarjetas",
        (
            "Revisa los datos de la tarjeta y selecciona la cuenta a debitar.",
            "Digita el monto que se va a cancelar y la referencia; en tus tarjetas Cooprogreso"
            " elige Pago mínimo, Pago total u Otro valor.",
            _PAY_CODE,
        ),
    ),
    # -- 5. Diferido de tarjetas -------------------------------------------------------------------
    "diferido-trx": HelpEntry(
        "Diferido Transacciones",
        (
            "Selecciona la opción Diferido Transacciones.",
            _DEFERRAL_CARD,
            "Selecciona el consumo que deseas diferir.",
            _DEFERRAL_SIMULATE,
            _DEFERRAL_CONFIRM,
        ),
    ),
    "diferido-rotativo": HelpEntry(
        "Diferido Saldo Actual Rotativo",
        (
            "Selecciona la opción Diferido Saldo Actual Rotativo.",
            _DEFERRAL_CARD,
            "Ingresa el monto de tu saldo rotativo que deseas diferir.",
            _DEFERRAL_SIMULATE,
            _DEFERRAL_CONFIRM,
        ),
    ),
    # -- 6. Contacto, 7. Solicita tus productos, 8. Ayuda -------------------------------------------
    "contacto": HelpEntry(
        "Contacto",
        (
            "Accede a los distintos contactos que tendrás con Cooprogreso.",
            "Copia el número o la dirección del canal que necesites.",
        ),
    ),
    "solicitudes": HelpEntry(
        "Solicita tus Productos",
        (
            "Ingresa al tipo de producto que te interesaría solicitar.",
            "Revisa la descripción y los requisitos del producto; en créditos e inversiones,"
            " simula antes de solicitar.",
            "Da clic en Solicitar, completa los datos y confirma tu solicitud.",
            "Consulta el estado de tus solicitudes en Mis solicitudes.",
        ),
    ),
    "ContactDialog": HelpEntry(
        "Contacto (antes de ingresar)",
        (
            "Accede a los distintos contactos que tendrás con Cooprogreso.",
            "Copia el número o la dirección del canal que necesites.",
        ),
    ),
    "CreditSimulatorScreen": HelpEntry(
        "Simulador de crédito",
        (
            "Ingresa el monto y el plazo en meses del crédito que te interesa.",
            "Da clic en Simular: revisa la cuota, el interés y el seguro de cada mes, y los"
            " totales.",
            "Si deseas guardar la tabla de amortización, da clic en Exportar tabla (CSV).",
            "Da clic en Solicitar para solicitar el crédito con el monto y el plazo simulados.",
        ),
    ),
    "DepositSimulatorScreen": HelpEntry(
        "Simulador de inversión",
        (
            "Ingresa el monto y el plazo en días de tu inversión.",
            "Da clic en Simular: revisa la tasa de interés, la fecha de vencimiento y el"
            " interés que ganarás al vencimiento.",
            "Da clic en Solicitar para solicitar la inversión con el monto y el plazo simulados.",
        ),
    ),
    "ProductRequestScreen": HelpEntry(
        "Solicitud de producto",
        (
            "Completa la información de tu solicitud: el monto y el plazo donde el producto"
            " los tenga, un comentario y tu teléfono de contacto.",
            "Da clic en Enviar y confirma tu solicitud.",
            "Revisa la referencia de tu solicitud; te la enviaremos también a tu correo"
            " electrónico.",
        ),
    ),
    "ayuda": HelpEntry(
        "Preguntas frecuentes",
        (
            "Accede a la opción si deseas conocer el funcionamiento de Cooprogreso en Línea,"
            " números de contacto del Call Center o cualquier novedad o duda que tengas acerca"
            " de la aplicación.",
            "Escribe lo que buscas y abre la respuesta de la pregunta que necesites.",
        ),
    ),
    # -- the demo's mailbox ---------------------------------------------------------------------------
    "MailboxScreen": HelpEntry(
        "Buzón de demostración",
        (
            "Revisa los SMS y correos electrónicos que Cooprogreso envió a tus datos de contacto.",
            "Selecciona un mensaje para leerlo completo.",
        ),
        ("Solo en la demostración: un banco real te los envía a tu celular y a tu correo.",),
    ),
}

GENERAL = HelpEntry(
    "Cooprogreso en Línea",
    ("Selecciona la opción que deseas ejecutar.",),
    (
        "Realiza transferencias, consultas de saldos, pagos de servicios, cambio y recuperación"
        " de clave, diferidos de tus tarjetas y mucho más.",
    ),
)
"""For a screen that has no entry of its own (a test keeps every screen from needing it)."""

SCREEN_NAMES: dict[str, str] = {
    "CoopApp": "En toda la aplicación",
    "HelpDialog": "Ayuda",
    "KeyGuideScreen": "Guía de teclas",
    "ConfirmDialog": "Confirmación",
    "OtpDialog": "Código de seguridad (OTP)",
    "ReceiptView": "Comprobante",
    "AskDialog": "Confirmar una acción",
    "IdleWarning": "Aviso de inactividad",
    "TermsDialog": "Términos y condiciones",
    "ImmediateInstitutionsDialog": "Instituciones con acreditación inmediata",
    "SideMenu": "Menú de opciones",
    "SpanishCommandPalette": "Comandos",
    # Contacto, Solicita tus Productos, Ayuda (their screens have entries above):
    "ProductConfirmDialog": "Confirmación de la solicitud",
    "ContactList": "Lista de contactos",
    "FaqList": "Lista de preguntas frecuentes",
    "FaqSearch": "Búsqueda de preguntas frecuentes",
}
"""Names of the screens, dialogs and controls without an entry, for the Guía de teclas."""
