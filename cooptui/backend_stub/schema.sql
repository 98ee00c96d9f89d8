-- The simulated core bank. Money is integer cents; timestamps ISO 8601 with offset.
-- Sign convention of postings: positive credits a member (liability) account.
-- Every journal entry's postings sum to zero (checked by ledger.py before insert).

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE members (
    id             INTEGER PRIMARY KEY,
    id_type        TEXT NOT NULL CHECK (id_type IN ('cedula', 'ruc', 'pasaporte')),
    identification TEXT NOT NULL UNIQUE,
    full_name      TEXT NOT NULL,
    short_name     TEXT NOT NULL,
    email          TEXT NOT NULL,
    phone          TEXT NOT NULL,
    created_at     TEXT NOT NULL
);

CREATE TABLE users (
    id                  INTEGER PRIMARY KEY,
    member_id           INTEGER NOT NULL UNIQUE REFERENCES members (id),
    username            TEXT NOT NULL UNIQUE COLLATE NOCASE,
    password_hash       TEXT NOT NULL,
    must_change         INTEGER NOT NULL DEFAULT 0 CHECK (must_change IN (0, 1)),
    locked              INTEGER NOT NULL DEFAULT 0 CHECK (locked IN (0, 1)),
    last_login_at       TEXT,
    current_login_at    TEXT,
    password_changed_at TEXT,
    created_at          TEXT NOT NULL
);

-- Consecutive failed logins by username, known or not, so that unknown usernames
-- behave exactly like known ones (no user enumeration). They lapse 30 minutes after
-- the last one (the lock with them), and a new user's name starts clean.
CREATE TABLE login_failures (
    username        TEXT PRIMARY KEY COLLATE NOCASE,
    failures        INTEGER NOT NULL CHECK (failures >= 0),
    last_failure_at TEXT
);

CREATE TABLE devices (
    id            INTEGER PRIMARY KEY,
    user_id       INTEGER NOT NULL REFERENCES users (id),
    device_hash   TEXT NOT NULL,
    name          TEXT NOT NULL,
    registered_at TEXT NOT NULL,
    UNIQUE (user_id, device_hash)
);

CREATE TABLE sessions (
    token_hash   TEXT PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id),
    device_hash  TEXT NOT NULL,
    state        TEXT NOT NULL CHECK (state IN ('active', 'password_change', 'device_registration')),
    created_at   TEXT NOT NULL,
    last_seen_at TEXT NOT NULL
);

CREATE TABLE ledger_accounts (
    id        INTEGER PRIMARY KEY,
    code      TEXT NOT NULL UNIQUE,
    name      TEXT NOT NULL,
    kind      TEXT NOT NULL CHECK (kind IN ('member', 'internal')),
    member_id INTEGER REFERENCES members (id),
    product   TEXT CHECK (product IN ('AHO', 'CERT', 'PRE', 'DPF', 'TC_ROT', 'TC_DIF')),
    status    TEXT NOT NULL DEFAULT 'ACTIVO' CHECK (status IN ('ACTIVO', 'INACTIVO', 'BLOQUEADO', 'CANCELADO')),
    opened_at TEXT NOT NULL,
    CHECK ((kind = 'member') = (member_id IS NOT NULL AND product IS NOT NULL))
);

CREATE TABLE journal_entries (
    id              INTEGER PRIMARY KEY,
    created_at      TEXT NOT NULL,
    kind            TEXT NOT NULL,
    reference       TEXT NOT NULL UNIQUE,
    description     TEXT NOT NULL,
    idempotency_key TEXT UNIQUE
);
CREATE INDEX journal_entries_by_time ON journal_entries (created_at);

CREATE TABLE postings (
    id           INTEGER PRIMARY KEY,
    entry_id     INTEGER NOT NULL REFERENCES journal_entries (id),
    account_id   INTEGER NOT NULL REFERENCES ledger_accounts (id),
    amount_cents INTEGER NOT NULL CHECK (amount_cents <> 0),
    description  TEXT NOT NULL
);
CREATE INDEX postings_by_account ON postings (account_id, entry_id);

-- Each ledger account's balance and number of postings, kept by the triggers below in the
-- transaction that posts (whoever writes the postings), so that reading a balance does not
-- add up the account's whole history. Postings are never changed nor removed.
CREATE TABLE account_balances (
    account_id    INTEGER PRIMARY KEY REFERENCES ledger_accounts (id),
    balance_cents INTEGER NOT NULL,
    postings      INTEGER NOT NULL
);
CREATE TRIGGER postings_keep_balances AFTER INSERT ON postings BEGIN
    INSERT OR IGNORE INTO account_balances (account_id, balance_cents, postings)
        VALUES (NEW.account_id, 0, 0);
    UPDATE account_balances
        SET balance_cents = balance_cents + NEW.amount_cents, postings = postings + 1
        WHERE account_id = NEW.account_id;
END;
CREATE TRIGGER postings_never_change BEFORE UPDATE ON postings BEGIN
    SELECT RAISE(ABORT, 'los movimientos contables no se modifican');
END;
CREATE TRIGGER postings_never_go BEFORE DELETE ON postings BEGIN
    SELECT RAISE(ABORT, 'los movimientos contables no se borran');
END;

CREATE TABLE holds (
    id           INTEGER PRIMARY KEY,
    account_id   INTEGER NOT NULL REFERENCES ledger_accounts (id),
    amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
    reason       TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    released_at  TEXT
);
CREATE INDEX holds_open ON holds (account_id) WHERE released_at IS NULL;

CREATE TABLE institutions (
    code      TEXT PRIMARY KEY,
    name      TEXT NOT NULL,
    immediate INTEGER NOT NULL CHECK (immediate IN (0, 1))
);

CREATE TABLE beneficiaries (
    id               INTEGER PRIMARY KEY,
    member_id        INTEGER NOT NULL REFERENCES members (id),
    service          TEXT NOT NULL CHECK (service IN ('internal', 'interbank')),
    institution_code TEXT NOT NULL REFERENCES institutions (code),
    account_type     TEXT NOT NULL CHECK (account_type IN ('AHO', 'CTE')),
    account_number   TEXT NOT NULL,
    name             TEXT NOT NULL,
    id_type          TEXT NOT NULL CHECK (id_type IN ('cedula', 'ruc', 'pasaporte')),
    identification   TEXT NOT NULL,
    email            TEXT,
    alias            TEXT,
    created_at       TEXT NOT NULL,
    deleted_at       TEXT
);
CREATE UNIQUE INDEX beneficiaries_unique
    ON beneficiaries (member_id, institution_code, account_number) WHERE deleted_at IS NULL;

CREATE TABLE transfers (
    id               INTEGER PRIMARY KEY,
    reference        TEXT NOT NULL UNIQUE,
    member_id        INTEGER NOT NULL REFERENCES members (id),
    kind             TEXT NOT NULL CHECK (kind IN ('own', 'internal', 'interbank')),
    from_account_id  INTEGER NOT NULL REFERENCES ledger_accounts (id),
    to_account_id    INTEGER REFERENCES ledger_accounts (id),
    to_account       TEXT NOT NULL,
    to_name          TEXT NOT NULL,
    institution_code TEXT NOT NULL REFERENCES institutions (code),
    amount_cents     INTEGER NOT NULL CHECK (amount_cents > 0),
    commission_cents INTEGER NOT NULL CHECK (commission_cents >= 0),
    iva_cents        INTEGER NOT NULL CHECK (iva_cents >= 0),
    description      TEXT NOT NULL,
    status           TEXT NOT NULL CHECK (status IN ('completed', 'pending')),
    created_at       TEXT NOT NULL,
    settles_at       TEXT,
    settled_at       TEXT,
    hold_id          INTEGER REFERENCES holds (id),
    entry_id         INTEGER REFERENCES journal_entries (id),
    purpose          TEXT NOT NULL DEFAULT 'transfer' CHECK (purpose IN ('transfer', 'card_payment'))
);
CREATE INDEX transfers_by_member_day ON transfers (member_id, created_at);

CREATE TABLE loans (
    id              INTEGER PRIMARY KEY,
    number          TEXT NOT NULL UNIQUE,
    member_id       INTEGER NOT NULL REFERENCES members (id),
    ledger_id       INTEGER NOT NULL UNIQUE REFERENCES ledger_accounts (id),
    debit_account   INTEGER NOT NULL REFERENCES ledger_accounts (id),
    description     TEXT NOT NULL,
    amount_cents    INTEGER NOT NULL CHECK (amount_cents > 0),
    annual_rate     TEXT NOT NULL,
    insurance_rate  TEXT NOT NULL,
    arrears_rate    TEXT NOT NULL,
    term_months     INTEGER NOT NULL CHECK (term_months > 0),
    granted_on      TEXT NOT NULL
);

CREATE TABLE loan_installments (
    loan_id             INTEGER NOT NULL REFERENCES loans (id),
    number              INTEGER NOT NULL CHECK (number > 0),
    due_date            TEXT NOT NULL,
    capital_cents       INTEGER NOT NULL CHECK (capital_cents >= 0),
    interest_cents      INTEGER NOT NULL CHECK (interest_cents >= 0),
    insurance_cents     INTEGER NOT NULL CHECK (insurance_cents >= 0),
    balance_after_cents INTEGER NOT NULL CHECK (balance_after_cents >= 0),
    paid_at             TEXT,
    failed_since        TEXT,    -- set when a debit found no funds: mora runs from here
    arrears_paid_cents  INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (loan_id, number)
);

CREATE TABLE investments (
    id                  INTEGER PRIMARY KEY,
    number              TEXT NOT NULL UNIQUE,
    member_id           INTEGER NOT NULL REFERENCES members (id),
    ledger_id           INTEGER NOT NULL UNIQUE REFERENCES ledger_accounts (id),
    payout_account      INTEGER NOT NULL REFERENCES ledger_accounts (id),
    amount_cents        INTEGER NOT NULL CHECK (amount_cents > 0),
    annual_rate         TEXT NOT NULL,
    days                INTEGER NOT NULL CHECK (days > 0),
    issued_on           TEXT NOT NULL,
    matures_on          TEXT NOT NULL,
    interest_paid_cents INTEGER NOT NULL DEFAULT 0 CHECK (interest_paid_cents >= 0),
    status              TEXT NOT NULL CHECK (status IN ('VIGENTE', 'CANCELADA'))
);

CREATE TABLE cards (
    id                     TEXT PRIMARY KEY,
    member_id              INTEGER NOT NULL REFERENCES members (id),
    kind                   TEXT NOT NULL CHECK (kind IN ('debit', 'credit')),
    brand                  TEXT NOT NULL,
    product                TEXT NOT NULL,
    masked_number          TEXT NOT NULL,
    pin_hash               TEXT NOT NULL,
    pin_temporary          INTEGER NOT NULL DEFAULT 0 CHECK (pin_temporary IN (0, 1)),
    pin_failures           INTEGER NOT NULL DEFAULT 0 CHECK (pin_failures >= 0),
    status                 TEXT NOT NULL CHECK (status IN ('Activa', 'Bloqueada', 'Inactiva')),
    account_id             INTEGER REFERENCES ledger_accounts (id),
    revolving_id           INTEGER REFERENCES ledger_accounts (id),
    deferred_id            INTEGER REFERENCES ledger_accounts (id),
    credit_limit_cents     INTEGER CHECK (credit_limit_cents >= 0),
    statement_date         TEXT,
    payment_due_date       TEXT,
    statement_balance_cents INTEGER,
    minimum_payment_cents  INTEGER CHECK (minimum_payment_cents >= 0),
    CHECK ((kind = 'debit') = (account_id IS NOT NULL)),
    CHECK ((kind = 'credit') = (revolving_id IS NOT NULL AND deferred_id IS NOT NULL
                                AND credit_limit_cents IS NOT NULL))
);

CREATE TABLE card_transactions (
    id           INTEGER PRIMARY KEY,
    card_id      TEXT NOT NULL REFERENCES cards (id),
    posted_at    TEXT NOT NULL,
    merchant     TEXT NOT NULL,
    amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
    deferral_id  INTEGER REFERENCES deferrals (id),
    entry_id     INTEGER REFERENCES journal_entries (id)
);

CREATE TABLE deferrals (
    id                INTEGER PRIMARY KEY,
    card_id           TEXT NOT NULL REFERENCES cards (id),
    created_at        TEXT NOT NULL,
    description       TEXT NOT NULL,
    target            TEXT NOT NULL CHECK (target IN ('transactions', 'revolving')),
    principal_cents   INTEGER NOT NULL CHECK (principal_cents > 0),
    months            INTEGER NOT NULL CHECK (months > 0),
    annual_rate       TEXT NOT NULL,
    installment_cents INTEGER NOT NULL CHECK (installment_cents > 0),
    installments_paid INTEGER NOT NULL DEFAULT 0 CHECK (installments_paid >= 0),
    remaining_cents   INTEGER NOT NULL CHECK (remaining_cents >= 0),
    next_due          TEXT NOT NULL
);

-- Estados de cuenta: one row per closed cycle of a credit card (card_cycle.py). The
-- figures are the card's TC_ROT postings between two closings, so balance_cents is the
-- revolving used at closed_at. migrations.sql creates it too, for banks saved before it
-- existed: keep the two word for word.
CREATE TABLE card_statements (
    id                        INTEGER PRIMARY KEY,
    card_id                   TEXT NOT NULL REFERENCES cards (id),
    period_start              TEXT NOT NULL,
    closed_on                 TEXT NOT NULL,
    closed_at                 TEXT NOT NULL,
    due_date                  TEXT NOT NULL,
    previous_balance_cents    INTEGER NOT NULL,
    payments_cents            INTEGER NOT NULL CHECK (payments_cents >= 0),
    purchases_cents           INTEGER NOT NULL,
    deferred_cents            INTEGER NOT NULL CHECK (deferred_cents >= 0),
    installments_cents        INTEGER NOT NULL CHECK (installments_cents >= 0),
    installment_interest_cents INTEGER NOT NULL
        CHECK (installment_interest_cents BETWEEN 0 AND installments_cents),
    interest_cents            INTEGER NOT NULL CHECK (interest_cents >= 0),
    late_interest_cents       INTEGER NOT NULL CHECK (late_interest_cents BETWEEN 0 AND interest_cents),
    interest_owed_cents       INTEGER NOT NULL CHECK (interest_owed_cents >= 0),
    balance_cents             INTEGER NOT NULL,
    minimum_payment_cents     INTEGER NOT NULL CHECK (minimum_payment_cents >= 0),
    paid_cents                INTEGER NOT NULL DEFAULT 0 CHECK (paid_cents >= 0),
    paid_by_due_cents         INTEGER NOT NULL DEFAULT 0
        CHECK (paid_by_due_cents BETWEEN 0 AND paid_cents),
    UNIQUE (card_id, closed_on),
    CHECK (balance_cents = previous_balance_cents - payments_cents + purchases_cents
                           - deferred_cents + installments_cents + interest_cents)
);

CREATE TABLE external_cards (
    id               INTEGER PRIMARY KEY,
    member_id        INTEGER NOT NULL REFERENCES members (id),
    institution_code TEXT NOT NULL REFERENCES institutions (code),
    masked_number    TEXT NOT NULL,
    number_hash      TEXT NOT NULL,
    alias            TEXT,
    holder_name      TEXT NOT NULL,
    id_type          TEXT NOT NULL CHECK (id_type IN ('cedula', 'ruc', 'pasaporte')),
    identification   TEXT NOT NULL,
    created_at       TEXT NOT NULL,
    deleted_at       TEXT
);
CREATE UNIQUE INDEX external_cards_unique
    ON external_cards (member_id, number_hash) WHERE deleted_at IS NULL;

CREATE TABLE categories (
    id       TEXT PRIMARY KEY,
    name     TEXT NOT NULL,
    position INTEGER NOT NULL
);

CREATE TABLE billers (
    id               TEXT PRIMARY KEY,
    category_id      TEXT NOT NULL REFERENCES categories (id),
    name             TEXT NOT NULL,
    code_label       TEXT NOT NULL,
    code_pattern     TEXT NOT NULL,
    commission_cents INTEGER NOT NULL CHECK (commission_cents >= 0),
    institution_code TEXT
);

-- The billers' own customers: each issues a bill every month (by the clock).
CREATE TABLE service_accounts (
    biller_id    TEXT NOT NULL REFERENCES billers (id),
    service_code TEXT NOT NULL,
    holder_name  TEXT NOT NULL,
    base_cents   INTEGER NOT NULL CHECK (base_cents > 0),
    issue_day    INTEGER NOT NULL CHECK (issue_day BETWEEN 1 AND 28),
    PRIMARY KEY (biller_id, service_code)
);

CREATE TABLE bills (
    id             TEXT PRIMARY KEY,
    biller_id      TEXT NOT NULL REFERENCES billers (id),
    service_code   TEXT NOT NULL,
    receipt_number TEXT NOT NULL,
    period         TEXT NOT NULL,
    description    TEXT NOT NULL,
    amount_cents   INTEGER NOT NULL CHECK (amount_cents > 0),
    issued_on      TEXT NOT NULL,
    due_date       TEXT NOT NULL,
    paid_at        TEXT,
    UNIQUE (biller_id, service_code, period)
);

CREATE TABLE service_payments (
    id               INTEGER PRIMARY KEY,
    reference        TEXT NOT NULL UNIQUE,
    member_id        INTEGER NOT NULL REFERENCES members (id),
    account_id       INTEGER NOT NULL REFERENCES ledger_accounts (id),
    biller_id        TEXT NOT NULL REFERENCES billers (id),
    service_code     TEXT NOT NULL,
    bill_id          TEXT NOT NULL UNIQUE REFERENCES bills (id),
    amount_cents     INTEGER NOT NULL CHECK (amount_cents > 0),
    commission_cents INTEGER NOT NULL CHECK (commission_cents >= 0),
    channel          TEXT NOT NULL CHECK (channel IN ('manual', 'scheduled')),
    paid_at          TEXT NOT NULL,
    entry_id         INTEGER NOT NULL REFERENCES journal_entries (id)
);

CREATE TABLE scheduled_payments (
    id               INTEGER PRIMARY KEY,
    member_id        INTEGER NOT NULL REFERENCES members (id),
    account_id       INTEGER NOT NULL REFERENCES ledger_accounts (id),
    biller_id        TEXT NOT NULL REFERENCES billers (id),
    service_code     TEXT NOT NULL,
    max_amount_cents INTEGER NOT NULL CHECK (max_amount_cents > 0),
    frequency        TEXT NOT NULL CHECK (frequency IN ('asap', 'monthly')),
    start_date       TEXT NOT NULL,
    end_date         TEXT,
    status           TEXT NOT NULL CHECK (status IN ('Activo', 'Cancelado', 'Finalizado')),
    created_at       TEXT NOT NULL,
    last_run_at      TEXT,
    last_result      TEXT,
    CHECK (end_date IS NULL OR end_date >= start_date)
);

-- Registro de Servicios: billers and codes a member keeps to pay later. migrations.sql
-- creates it too, for banks saved before it existed: keep the two word for word.
CREATE TABLE registered_services (
    id           INTEGER PRIMARY KEY,
    member_id    INTEGER NOT NULL REFERENCES members (id),
    account_id   INTEGER NOT NULL REFERENCES ledger_accounts (id),
    biller_id    TEXT NOT NULL REFERENCES billers (id),
    service_code TEXT NOT NULL,
    alias        TEXT,
    created_at   TEXT NOT NULL,
    deleted_at   TEXT
);
CREATE UNIQUE INDEX registered_services_unique
    ON registered_services (member_id, biller_id, service_code) WHERE deleted_at IS NULL;

CREATE TABLE challenges (
    id            TEXT PRIMARY KEY,
    user_id       INTEGER REFERENCES users (id),
    member_id     INTEGER NOT NULL REFERENCES members (id),
    session_hash  TEXT,
    order_kind    TEXT NOT NULL,
    order_json    TEXT NOT NULL,
    order_digest  TEXT NOT NULL,
    code_hash     TEXT NOT NULL,
    summary_json  TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    expires_at    TEXT NOT NULL,
    attempts_left INTEGER NOT NULL CHECK (attempts_left >= 0),
    resends_left  INTEGER NOT NULL CHECK (resends_left >= 0),
    state         TEXT NOT NULL CHECK (state IN ('open', 'used', 'cancelled', 'failed'))
);

CREATE TABLE idempotency (
    key          TEXT PRIMARY KEY,
    challenge_id TEXT NOT NULL REFERENCES challenges (id),
    receipt_json TEXT NOT NULL,
    created_at   TEXT NOT NULL
);



CREATE TABLE product_requests (
    id            INTEGER PRIMARY KEY,
    reference     TEXT NOT NULL UNIQUE,
    member_id     INTEGER NOT NULL REFERENCES members (id),
    product_id    TEXT NOT NULL,
    amount_cents  INTEGER CHECK (amount_cents > 0),
    comment       TEXT NOT NULL,
    contact_phone TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    status        TEXT NOT NULL,
    idempotency_key TEXT,
    term          INTEGER CHECK (term > 0),
    UNIQUE (member_id, idempotency_key)
);

-- Rate limits (backend_stub/throttle.py): what was allowed in the last minutes.
CREATE TABLE throttle (
    id      INTEGER PRIMARY KEY,
    subject TEXT NOT NULL,
    kind    TEXT NOT NULL,
    at      TEXT NOT NULL
);
CREATE INDEX throttle_subject ON throttle (subject, kind);

-- Challenges begun before login whose data match no one (backend_stub/decoys.py).
CREATE TABLE decoy_challenges (
    id            TEXT PRIMARY KEY,
    order_kind    TEXT NOT NULL,
    subject       TEXT NOT NULL,
    title         TEXT NOT NULL,
    lines_json    TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    expires_at    TEXT NOT NULL,
    attempts_left INTEGER NOT NULL CHECK (attempts_left >= 0),
    resends_left  INTEGER NOT NULL CHECK (resends_left >= 0),
    state         TEXT NOT NULL CHECK (state IN ('open', 'cancelled', 'failed'))
);
