"""Logins, lockouts, recovery, enrollment, devices, sessions and secrets at rest."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from cooptui.backend.errors import (
    AccountLocked,
    Conflict,
    DeviceNotRegistered,
    InvalidCredentials,
    InvalidInput,
    OtpExpired,
    OtpInvalid,
    PasswordChangeRequired,
    SessionExpired,
)
from cooptui.backend_stub.clock import MANUAL_DATE, FrozenClock
from cooptui.backend_stub.core import Core
from cooptui.backend_stub.secrets import verify_secret
from cooptui.backend_stub.seed import (
    DEMO_CERTIFICATES,
    DEMO_DEBIT_CARD,
    DEMO_PASSWORD,
    DEMO_PIN_CREDIT,
    DEMO_PIN_DEBIT,
    DEMO_SAVINGS,
    DEMO_USERNAME,
    ENROLLABLE_IDENTIFICATION,
    SECOND_USERNAME,
    cedula,
)
from cooptui.domain.auth import LoginStatus
from cooptui.domain.cards import CardKind
from cooptui.domain.operations import (
    Challenge,
    DeviceRegistrationOrder,
    EnrollmentOrder,
    OwnTransferOrder,
    PasswordRecoveryOrder,
    PinChangeOrder,
    UsernameReminderOrder,
)
from cooptui.domain.transfers import IdType
from tests.core.conftest import (
    DEVICE_ID,
    DEVICE_NAME,
    OTHER_DEVICE_ID,
    assert_ledger_sound,
    begin_with_code,
    code_in,
    confirm,
    emails_since,
    last_code,
    logged_in,
    open_core,
    outbox_mark,
    sms_since,
)

WRONG = "Equivocada99"
NEW_PASSWORD = "Cooperativa2025"
SCRYPT_STRING = re.compile(r"scrypt\$\d+\$\d+\$\d+\$[0-9a-f]{32}\$[0-9a-f]{64}")
PEPPERED_STRING = re.compile(r"scrypt\+pepper\$\d+\$\d+\$\d+\$[0-9a-f]{32}\$[0-9a-f]{64}")


def fail_login(core: Core, username: str = DEMO_USERNAME) -> InvalidCredentials:
    with pytest.raises(InvalidCredentials) as caught:
        core.login(username, WRONG, DEVICE_ID)
    return caught.value


def member_identification(core: Core) -> str:
    """Gabriel's cédula, as he knows it (read from his profile in a session)."""
    token = logged_in(core)
    identification = core.profile(token).identification
    core.logout(token)
    return identification


def member_address(core: Core) -> str:
    """Gabriel's e-mail address, from the notice of his terminal's registration."""
    logged_in(core)
    mails = [m for m in emails_since(core, 0, "Nuevo equipo registrado") if DEVICE_NAME in m.body]
    assert len(mails) == 1
    return mails[0].to


def recover_password(core: Core, identification: str, username: str = DEMO_USERNAME) -> str:
    """Olvidé mi contraseña: returns the temporary password the bank e-mails."""
    mark = outbox_mark(core)
    order = PasswordRecoveryOrder(
        username=username, id_type=IdType.CEDULA, identification=identification
    )
    confirm(core, None, order)
    mails = emails_since(core, mark, "Recuperación de contraseña")
    assert len(mails) == 1
    match = re.search(r"CONTRASEÑA TEMPORAL: (\S+)", mails[0].body)
    assert match is not None, mails[0].body
    return match.group(1)


# --------------------------------------------------------------------------- login


def test_correct_login_opens_a_session_in_the_members_name(core: Core) -> None:
    token, result = core.login(DEMO_USERNAME, DEMO_PASSWORD, DEVICE_ID)

    profile = core.profile(token)
    assert profile.username == DEMO_USERNAME
    assert result.member_name == profile.full_name
    assert result.session_expires_in == 300
    # The first login from this terminal asks to register it.
    assert result.status is LoginStatus.DEVICE_REGISTRATION_REQUIRED


def test_username_is_not_case_sensitive_but_password_is(core: Core) -> None:
    logged_in(core)
    _, result = core.login(DEMO_USERNAME.upper(), DEMO_PASSWORD, DEVICE_ID)
    assert result.status is LoginStatus.OK
    with pytest.raises(InvalidCredentials):
        core.login(DEMO_USERNAME, DEMO_PASSWORD.lower(), DEVICE_ID)


def test_last_login_at_is_the_previous_login(core: Core) -> None:
    first_at = core.now()
    token, first = core.login(DEMO_USERNAME, DEMO_PASSWORD, DEVICE_ID)
    assert first.last_login_at is not None
    assert first.last_login_at < first_at
    confirm(core, token, DeviceRegistrationOrder(device_id=DEVICE_ID, device_name=DEVICE_NAME))

    core.advance_clock(3600)
    second_at = core.now()
    _, second = core.login(DEMO_USERNAME, DEMO_PASSWORD, DEVICE_ID)
    assert second.last_login_at == first_at

    core.advance_clock(600)
    fail_login(core)  # a failed attempt is not a login
    core.advance_clock(60)
    token, third = core.login(DEMO_USERNAME, DEMO_PASSWORD, DEVICE_ID)
    assert third.last_login_at == second_at
    assert core.profile(token).last_login_at == second_at


def test_a_login_abandoned_before_its_session_is_complete_is_not_a_connection(
    core: Core,
) -> None:
    identification = member_identification(core)  # a complete session
    connected_at = core.now()

    core.advance_clock(3600)
    token, result = core.login(DEMO_USERNAME, DEMO_PASSWORD, OTHER_DEVICE_ID)
    assert result.status is LoginStatus.DEVICE_REGISTRATION_REQUIRED
    assert result.last_login_at == connected_at
    assert core.profile(token).last_login_at == connected_at
    core.logout(token)  # Esc at Registro habitual

    core.advance_clock(600)
    temporary = recover_password(core, identification)
    token, result = core.login(DEMO_USERNAME, temporary, DEVICE_ID)
    assert result.status is LoginStatus.PASSWORD_CHANGE_REQUIRED
    assert result.last_login_at == connected_at
    core.logout(token)  # the forced password change abandoned

    core.advance_clock(600)
    token, result = core.login(DEMO_USERNAME, temporary, DEVICE_ID)
    assert result.last_login_at == connected_at
    changed_at = core.now()
    assert core.change_password(token, temporary, NEW_PASSWORD) is LoginStatus.OK
    assert core.profile(token).last_login_at == connected_at
    core.logout(token)

    core.advance_clock(600)
    token, result = core.login(DEMO_USERNAME, NEW_PASSWORD, OTHER_DEVICE_ID)
    assert result.status is LoginStatus.DEVICE_REGISTRATION_REQUIRED
    assert result.last_login_at == changed_at
    registered_at = core.now()
    confirm(
        core, token, DeviceRegistrationOrder(device_id=OTHER_DEVICE_ID, device_name=DEVICE_NAME)
    )
    assert core.profile(token).last_login_at == changed_at
    core.logout(token)

    core.advance_clock(60)
    _, result = core.login(DEMO_USERNAME, NEW_PASSWORD, OTHER_DEVICE_ID)
    assert result.status is LoginStatus.OK
    assert result.last_login_at == registered_at


def test_three_wrong_passwords_lock_the_user(core: Core) -> None:
    assert fail_login(core).attempts_left == 2
    assert fail_login(core).attempts_left == 1
    with pytest.raises(AccountLocked):
        core.login(DEMO_USERNAME, WRONG, DEVICE_ID)
    # Locked: not even the right password opens a session.
    with pytest.raises(AccountLocked):
        core.login(DEMO_USERNAME, DEMO_PASSWORD, DEVICE_ID)
    core.clock.advance(timedelta(minutes=29))
    with pytest.raises(AccountLocked, match="30 minutos"):
        core.login(DEMO_USERNAME, DEMO_PASSWORD, DEVICE_ID)


def test_a_lock_lifts_thirty_minutes_after_it_began(core: Core) -> None:
    for _ in range(3):
        with pytest.raises((InvalidCredentials, AccountLocked)):
            core.login(DEMO_USERNAME, WRONG, DEVICE_ID)
    core.clock.advance(timedelta(minutes=29, seconds=59))
    with pytest.raises(AccountLocked):  # trying while locked does not extend the lock
        core.login(DEMO_USERNAME, DEMO_PASSWORD, DEVICE_ID)
    core.clock.advance(timedelta(seconds=1))
    assert core.login(DEMO_USERNAME, DEMO_PASSWORD, DEVICE_ID)[0]  # a session again
    assert fail_login(core).attempts_left == 2  # a fresh count, not the old one


def test_old_failures_lapse_so_only_three_in_a_row_lock(core: Core) -> None:
    fail_login(core)
    fail_login(core)
    core.clock.advance(timedelta(minutes=31))
    assert fail_login(core).attempts_left == 2


def test_failures_on_a_name_before_it_existed_do_not_lock_the_new_user(core: Core) -> None:
    username, _ = enroll(core)  # learn the name the bank will give, then on a new bank
    fresh = open_core()  # someone tries that name before the member enrolls
    try:
        for _ in range(3):
            with pytest.raises((InvalidCredentials, AccountLocked)):
                fresh.login(username, WRONG, DEVICE_ID)
        enrolled, password = enroll(fresh)
        assert enrolled == username
        _, result = fresh.login(username, password, OTHER_DEVICE_ID)
        assert result.status is LoginStatus.PASSWORD_CHANGE_REQUIRED
    finally:
        fresh.close()


def test_lock_is_notified_by_email(core: Core) -> None:
    address = member_address(core)
    mark = outbox_mark(core)
    fail_login(core)
    fail_login(core)
    assert emails_since(core, mark) == []
    with pytest.raises(AccountLocked):
        core.login(DEMO_USERNAME, WRONG, DEVICE_ID)

    notices = emails_since(core, mark)
    assert len(notices) == 1
    assert notices[0].to == address
    assert "bloquead" in notices[0].subject.lower()
    assert "Olvidé mi contraseña" in notices[0].body


def test_failures_must_be_consecutive(core: Core) -> None:
    fail_login(core)
    fail_login(core)
    logged_in(core)  # a correct login clears the count
    assert fail_login(core).attempts_left == 2
    assert fail_login(core).attempts_left == 1


def test_unknown_username_behaves_like_a_known_one(core: Core) -> None:
    known = [fail_login(core, SECOND_USERNAME) for _ in range(2)]
    unknown = [fail_login(core, "nadie.existe") for _ in range(2)]

    assert [e.attempts_left for e in unknown] == [2, 1]
    assert [e.message for e in unknown] == [e.message for e in known]
    with pytest.raises(AccountLocked) as locked_unknown:
        core.login("nadie.existe", WRONG, DEVICE_ID)
    with pytest.raises(AccountLocked) as locked_known:
        core.login(SECOND_USERNAME, WRONG, DEVICE_ID)
    assert locked_unknown.value.message == locked_known.value.message
    with pytest.raises(AccountLocked):
        core.login("nadie.existe", "Cualquiera123", DEVICE_ID)


# --------------------------------------------------------------------------- password recovery


def test_password_recovery_unlocks_and_forces_a_change(core: Core) -> None:
    identification = member_identification(core)
    for _ in range(2):
        fail_login(core)
    with pytest.raises(AccountLocked):
        core.login(DEMO_USERNAME, WRONG, DEVICE_ID)

    temporary = recover_password(core, identification)

    # The old password is gone and the temporary one opens a restricted session.
    with pytest.raises(InvalidCredentials):
        core.login(DEMO_USERNAME, DEMO_PASSWORD, DEVICE_ID)
    token, result = core.login(DEMO_USERNAME, temporary, DEVICE_ID)
    assert result.status is LoginStatus.PASSWORD_CHANGE_REQUIRED
    with pytest.raises(PasswordChangeRequired):
        core.accounts(token)
    with pytest.raises(PasswordChangeRequired):
        core.begin(
            token,
            OwnTransferOrder(
                from_account=DEMO_SAVINGS, to_account=DEMO_CERTIFICATES, amount=Decimal("1.00")
            ),
        )

    # This terminal was registered before the lock: the change completes the session.
    assert core.change_password(token, temporary, NEW_PASSWORD) is LoginStatus.OK
    assert [a.number for a in core.accounts(token)]
    _, again = core.login(DEMO_USERNAME, NEW_PASSWORD, DEVICE_ID)
    assert again.status is LoginStatus.OK


@pytest.mark.parametrize(
    "new_password",
    [
        pytest.param("Ab1cd", id="too-short"),
        pytest.param("SinNumerosAqui", id="no-digit"),
        pytest.param("Gsilva2025x", id="contains-username"),
    ],
)
def test_password_policy_is_enforced(core: Core, new_password: str) -> None:
    identification = member_identification(core)
    temporary = recover_password(core, identification)
    token, _ = core.login(DEMO_USERNAME, temporary, DEVICE_ID)

    with pytest.raises(InvalidInput) as caught:
        core.change_password(token, temporary, new_password)
    assert caught.value.field == "new_password"
    # Still restricted: nothing changed.
    with pytest.raises(PasswordChangeRequired):
        core.accounts(token)
    with pytest.raises(InvalidCredentials):
        core.login(DEMO_USERNAME, new_password, DEVICE_ID)


def test_wrong_current_password_is_refused(core: Core) -> None:
    token = logged_in(core)
    with pytest.raises(InvalidInput) as caught:
        core.change_password(token, WRONG, NEW_PASSWORD)
    assert caught.value.field == "current_password"


def test_temporary_password_on_a_new_device_then_registers_it(core: Core) -> None:
    identification = member_identification(core)
    temporary = recover_password(core, identification)

    token, result = core.login(DEMO_USERNAME, temporary, OTHER_DEVICE_ID)
    assert result.status is LoginStatus.PASSWORD_CHANGE_REQUIRED
    status = core.change_password(token, temporary, NEW_PASSWORD)
    assert status is LoginStatus.DEVICE_REGISTRATION_REQUIRED
    with pytest.raises(DeviceNotRegistered):
        core.accounts(token)

    confirm(core, token, DeviceRegistrationOrder(device_id=OTHER_DEVICE_ID, device_name="Prestada"))
    assert core.accounts(token)


def test_recovery_needs_matching_username_and_identification(core: Core) -> None:
    identification = member_identification(core)
    mark = outbox_mark(core)
    mismatch = core.begin(
        None,
        PasswordRecoveryOrder(
            username=SECOND_USERNAME, id_type=IdType.CEDULA, identification=identification
        ),
    )
    assert core.outbox(mark) == []  # answered as usual, but nobody is texted
    with pytest.raises(OtpInvalid):
        core.confirm(None, mismatch.id, "123456")
    bad = identification[:-1] + str((int(identification[-1]) + 1) % 10)
    with pytest.raises(InvalidInput) as caught:
        core.begin(
            None,
            PasswordRecoveryOrder(
                username=DEMO_USERNAME, id_type=IdType.CEDULA, identification=bad
            ),
        )
    assert caught.value.field == "identification"


def test_every_password_change_is_notified_by_email(core: Core) -> None:
    address = member_address(core)
    token = logged_in(core)
    mark = outbox_mark(core)

    core.change_password(token, DEMO_PASSWORD, NEW_PASSWORD)
    core.change_password(token, NEW_PASSWORD, "OtraClave2026")

    notices = emails_since(core, mark, "Cambio de contraseña")
    assert len(notices) == 2
    assert {n.to for n in notices} == {address}
    _, result = core.login(DEMO_USERNAME, "OtraClave2026", DEVICE_ID)
    assert result.status is LoginStatus.OK


# --------------------------------------------------------------------------- enrollment and reminders


def enroll(core: Core, identification: str = ENROLLABLE_IDENTIFICATION) -> tuple[str, str]:
    """Afiliación; returns (username, temporary password) from the welcome e-mail."""
    mark = outbox_mark(core)
    confirm(
        core,
        None,
        EnrollmentOrder(
            id_type=IdType.CEDULA,
            identification=identification,
            device_id=OTHER_DEVICE_ID,
            device_name="Celular de María",
        ),
    )
    mails = emails_since(core, mark, "Bienvenido")
    assert len(mails) == 1
    username = re.search(r"USUARIO: (\S+)", mails[0].body)
    password = re.search(r"CONTRASEÑA TEMPORAL: (\S+)", mails[0].body)
    assert username is not None, mails[0].body
    assert password is not None, mails[0].body
    return username.group(1), password.group(1)


def test_enrollment_emails_credentials_and_first_login_forces_a_change(core: Core) -> None:
    username, temporary = enroll(core)

    token, result = core.login(username, temporary, OTHER_DEVICE_ID)
    assert result.status is LoginStatus.PASSWORD_CHANGE_REQUIRED
    with pytest.raises(PasswordChangeRequired):
        core.accounts(token)
    # The enrolling device was registered with the enrollment's OTP.
    assert core.change_password(token, temporary, "MariaTorres2025") is LoginStatus.OK
    profile = core.profile(token)
    assert profile.identification == ENROLLABLE_IDENTIFICATION
    accounts = core.accounts(token)
    assert accounts
    assert {a.holder_name for a in accounts} == {profile.full_name}


def test_enrollment_otp_goes_to_the_enrolling_members_phone(core: Core) -> None:
    mark = outbox_mark(core)
    logged_in(core)
    gabriel_phone = sms_since(core, mark)[-1].to
    mark = outbox_mark(core)
    core.begin(
        None,
        EnrollmentOrder(
            id_type=IdType.CEDULA,
            identification=ENROLLABLE_IDENTIFICATION,
            device_id=OTHER_DEVICE_ID,
            device_name="Celular",
        ),
    )
    texts = sms_since(core, mark)
    assert len(texts) == 1
    assert texts[0].to != gabriel_phone


def _enrollment(identification: str) -> EnrollmentOrder:
    return EnrollmentOrder(
        id_type=IdType.CEDULA,
        identification=identification,
        device_id=DEVICE_ID,
        device_name=DEVICE_NAME,
    )


def _shape(challenge: Challenge) -> dict[str, object]:
    """What a caller sees of a challenge, but its id and times."""
    return challenge.model_dump(exclude={"id", "created_at", "sent_at", "expires_at"})


def test_a_member_who_already_has_a_user_learns_it_only_after_the_code(core: Core) -> None:
    enroll(core)
    mark = outbox_mark(core)
    challenge = core.begin(None, _enrollment(ENROLLABLE_IDENTIFICATION))
    assert len(sms_since(core, mark)) == 1  # the member's own phone gets the code
    with pytest.raises(Conflict, match="Ya tienes un usuario"):
        core.confirm(None, challenge.id, last_code(core))


def test_an_unknown_cedula_gets_the_answer_a_member_gets_and_no_sms(core: Core) -> None:
    stranger = cedula("175555555")
    assert stranger != ENROLLABLE_IDENTIFICATION
    with_user = member_identification(core)
    member = core.begin(None, _enrollment(ENROLLABLE_IDENTIFICATION))
    mark = outbox_mark(core)
    decoy = core.begin(None, _enrollment(stranger))
    has_user = core.begin(None, _enrollment(with_user))
    assert len(sms_since(core, mark)) == 1  # the member with a user got a code, not the stranger
    masked = {c.id: c.lines[0].value for c in (member, decoy, has_user)}
    for challenge in (member, decoy, has_user):
        shape = _shape(challenge)
        shape["lines"] = [line for line in challenge.lines if line.label != "Identificación"]
        assert shape == {**_shape(member), "lines": list(member.lines[1:])}
        assert challenge.destination == "celular registrado en Cooprogreso"
        assert masked[challenge.id].startswith("******")
    for left in (2, 1, 0):  # every code is wrong, as a guess at a real one would be
        with pytest.raises(OtpInvalid) as wrong:
            core.confirm(None, decoy.id, "123456")
        assert wrong.value.attempts_left == left
    with pytest.raises(OtpExpired):
        core.confirm(None, decoy.id, "123456")


def test_a_decoy_resends_and_cancels_like_a_real_challenge(core: Core) -> None:
    decoy = core.begin(None, _enrollment(cedula("175555555")))
    mark = outbox_mark(core)
    core.clock.advance(timedelta(minutes=6))
    with pytest.raises(OtpExpired) as expired:
        core.confirm(None, decoy.id, "123456")
    assert expired.value.resendable
    again = core.resend(None, decoy.id)
    assert (again.resends_left, again.expires_at - again.sent_at) == (
        decoy.resends_left - 1,
        decoy.expires_at - decoy.sent_at,
    )
    assert core.outbox(mark) == []
    core.cancel(None, decoy.id)
    with pytest.raises(OtpExpired, match="cancelada"):
        core.confirm(None, decoy.id, "123456")


def test_enrolling_an_invalid_cedula_is_invalid_input(core: Core) -> None:
    valid = ENROLLABLE_IDENTIFICATION
    invalid = valid[:-1] + str((int(valid[-1]) + 1) % 10)
    with pytest.raises(InvalidInput) as caught:
        core.begin(
            None,
            EnrollmentOrder(
                id_type=IdType.CEDULA,
                identification=invalid,
                device_id=DEVICE_ID,
                device_name=DEVICE_NAME,
            ),
        )
    assert caught.value.field == "identification"


def test_username_reminder_emails_the_username(core: Core) -> None:
    identification = member_identification(core)
    address = member_address(core)
    mark = outbox_mark(core)

    confirm(core, None, UsernameReminderOrder(id_type=IdType.CEDULA, identification=identification))

    mails = emails_since(core, mark, "Recordatorio de usuario")
    assert len(mails) == 1
    assert mails[0].to == address
    assert DEMO_USERNAME in mails[0].body


def test_username_reminder_for_a_member_without_user_texts_nothing(core: Core) -> None:
    mark = outbox_mark(core)
    challenge = core.begin(
        None, UsernameReminderOrder(id_type=IdType.CEDULA, identification=ENROLLABLE_IDENTIFICATION)
    )
    assert challenge.destination == "celular registrado en Cooprogreso"
    assert core.outbox(mark) == []


# --------------------------------------------------------------------------- devices


def test_device_registration_is_needed_once_per_device(core: Core) -> None:
    token, first = core.login(DEMO_USERNAME, DEMO_PASSWORD, DEVICE_ID)
    assert first.status is LoginStatus.DEVICE_REGISTRATION_REQUIRED
    with pytest.raises(DeviceNotRegistered):
        core.accounts(token)
    confirm(core, token, DeviceRegistrationOrder(device_id=DEVICE_ID, device_name=DEVICE_NAME))
    assert core.accounts(token)

    _, again = core.login(DEMO_USERNAME, DEMO_PASSWORD, DEVICE_ID)
    assert again.status is LoginStatus.OK
    _, elsewhere = core.login(DEMO_USERNAME, DEMO_PASSWORD, OTHER_DEVICE_ID)
    assert elsewhere.status is LoginStatus.DEVICE_REGISTRATION_REQUIRED


def test_only_the_device_logged_in_from_can_be_registered(core: Core) -> None:
    token, _ = core.login(DEMO_USERNAME, DEMO_PASSWORD, DEVICE_ID)
    mark = outbox_mark(core)
    with pytest.raises(InvalidInput) as caught:
        core.begin(token, DeviceRegistrationOrder(device_id=OTHER_DEVICE_ID, device_name="Ajeno"))
    assert caught.value.field == "device_id"
    assert core.outbox(mark) == []
    _, later = core.login(DEMO_USERNAME, DEMO_PASSWORD, OTHER_DEVICE_ID)
    assert later.status is LoginStatus.DEVICE_REGISTRATION_REQUIRED


def test_new_device_registration_is_notified_by_email(core: Core) -> None:
    mark = outbox_mark(core)
    logged_in(core)
    notices = emails_since(core, mark, "Nuevo equipo registrado")
    assert len(notices) == 1
    assert DEVICE_NAME in notices[0].body


# --------------------------------------------------------------------------- sessions


def test_session_expires_after_five_idle_minutes(core: Core) -> None:
    token = logged_in(core)
    core.clock.advance(timedelta(seconds=301))
    with pytest.raises(SessionExpired):
        core.accounts(token)
    # Gone for good, even if the member comes back quickly.
    with pytest.raises(SessionExpired):
        core.accounts(token)


def test_activity_keeps_the_session_alive(core: Core) -> None:
    token = logged_in(core)
    for _ in range(3):
        core.clock.advance(timedelta(seconds=240))
        assert core.accounts(token)


def test_demo_time_travel_does_not_log_the_member_out(core: Core) -> None:
    token = logged_in(core)
    core.advance_clock(40 * 86_400)
    assert core.accounts(token)
    core.clock.advance(timedelta(seconds=299))
    assert core.accounts(token)


def test_a_session_ends_after_twelve_hours_however_active(core: Core) -> None:
    token = logged_in(core)
    for _ in range(12 * 60 // 4):  # a call every 4 minutes for 12 hours: never idle
        core.clock.advance(timedelta(minutes=4))
        assert core.accounts(token)
    core.clock.advance(timedelta(minutes=1))
    with pytest.raises(SessionExpired, match="12 horas"):
        core.accounts(token)


def test_demo_time_travel_does_not_age_the_session(core: Core) -> None:
    token = logged_in(core)
    core.advance_clock(3 * 86_400)
    core.clock.advance(timedelta(minutes=4))
    assert core.accounts(token)


def test_logout_kills_the_token(core: Core) -> None:
    token = logged_in(core)
    other = logged_in(core)
    core.logout(token)
    with pytest.raises(SessionExpired):
        core.accounts(token)
    with pytest.raises(SessionExpired):
        core.profile(token)
    assert core.accounts(other)  # only that session ends


# --------------------------------------------------------------------------- secrets at rest


def _dump(core: Core) -> str:
    """The whole database as SQL, with hex blobs (salts, hashes, fingerprints) removed."""
    text = "\n".join(core.db.conn.iterdump())
    return re.sub(r"[0-9a-f]{16,}", "", text)


def _occurs(secret: str, text: str) -> bool:
    return re.search(rf"(?<![0-9A-Za-z]){re.escape(secret)}(?![0-9A-Za-z])", text) is not None


def test_passwords_and_pins_are_stored_only_as_scrypt_hashes(core: Core) -> None:
    token = logged_in(core)
    core.change_password(token, DEMO_PASSWORD, NEW_PASSWORD)
    new_pin = "5829"
    confirm(
        core,
        token,
        PinChangeOrder(
            card_kind=CardKind.DEBIT,
            card_id=DEMO_DEBIT_CARD,
            current_pin=DEMO_PIN_DEBIT,
            new_pin=new_pin,
        ),
    )

    with core.db.reading() as conn:
        users = conn.execute("SELECT username, password_hash FROM users").fetchall()
        pins = conn.execute("SELECT pin_hash FROM cards").fetchall()
    assert users
    assert all(SCRYPT_STRING.fullmatch(u["password_hash"]) for u in users)
    assert all(PEPPERED_STRING.fullmatch(p["pin_hash"]) for p in pins)
    gabriel = next(u for u in users if u["username"] == DEMO_USERNAME)
    assert verify_secret(NEW_PASSWORD, gabriel["password_hash"])

    dump = _dump(core)
    for secret in (DEMO_PASSWORD, NEW_PASSWORD, DEMO_PIN_DEBIT, DEMO_PIN_CREDIT, new_pin, token):
        assert not _occurs(secret, dump), f"{secret!r} stored in clear"


def test_otp_codes_are_not_stored_in_clear(core: Core) -> None:
    mark = outbox_mark(core)
    token = logged_in(core)
    challenge, code = begin_with_code(
        core,
        token,
        OwnTransferOrder(
            from_account=DEMO_SAVINGS, to_account=DEMO_CERTIFICATES, amount=Decimal("3.00")
        ),
    )
    pending = core.begin(
        token,
        OwnTransferOrder(
            from_account=DEMO_SAVINGS, to_account=DEMO_CERTIFICATES, amount=Decimal("4.00")
        ),
    )
    assert pending.id
    pending_code = last_code(core)
    core.confirm(token, challenge.id, code)
    assert_ledger_sound(core)

    codes = {code_in(m) for m in sms_since(core, mark)}
    assert pending_code in codes
    assert len(codes) >= 3
    with core.db.reading() as conn:
        hashes = [r["code_hash"] for r in conn.execute("SELECT code_hash FROM challenges")]
    assert hashes
    assert all(PEPPERED_STRING.fullmatch(h) for h in hashes)
    dump = _dump(core)
    leaked = sorted(c for c in codes if _occurs(c, dump))
    where = sorted(
        {
            line.split('"')[1]
            for line in dump.splitlines()
            if line.startswith("INSERT INTO") and any(_occurs(c, line) for c in leaked)
        }
    )
    assert leaked == [], f"OTP codes in clear in the database dump (tables {where})"


def test_a_pin_hash_is_useless_without_the_pepper_kept_outside_the_database(
    tmp_path: Path,
) -> None:
    bank = tmp_path / "bank.db"
    core = Core.open(bank, FrozenClock(MANUAL_DATE), scrypt_n=2**10)
    with core.db.reading() as conn:
        (stored,) = conn.execute(
            "SELECT pin_hash FROM cards WHERE id = ?", (DEMO_DEBIT_CARD,)
        ).fetchone()
    core.close()
    pepper_file = tmp_path / "bank.db-pepper"
    assert pepper_file.stat().st_mode & 0o777 == 0o600
    pepper = pepper_file.read_bytes()
    assert pepper not in bank.read_bytes()
    assert not verify_secret(DEMO_PIN_DEBIT, stored)  # the right PIN, but no pepper: no fit
    assert verify_secret(DEMO_PIN_DEBIT, stored, pepper=pepper)
    reopened = Core.open(bank, FrozenClock(MANUAL_DATE), scrypt_n=2**10)
    try:
        assert reopened.pepper == pepper  # the same key at every open: PINs keep working
    finally:
        reopened.close()
