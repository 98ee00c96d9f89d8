-- Run on every open, after schema.sql: brings a bank saved by an earlier version up to
-- date. Every statement is idempotent (IF NOT EXISTS) and creates exactly what
-- schema.sql creates, word for word (tests/core compares the two).

-- Registro de Servicios.
CREATE TABLE IF NOT EXISTS registered_services (
    id           INTEGER PRIMARY KEY,
    member_id    INTEGER NOT NULL REFERENCES members (id),
    account_id   INTEGER NOT NULL REFERENCES ledger_accounts (id),
    biller_id    TEXT NOT NULL REFERENCES billers (id),
    service_code TEXT NOT NULL,
    alias        TEXT,
    created_at   TEXT NOT NULL,
    deleted_at   TEXT
);
CREATE UNIQUE INDEX IF NOT EXISTS registered_services_unique
    ON registered_services (member_id, biller_id, service_code) WHERE deleted_at IS NULL;

-- Estados de cuenta of credit cards.
CREATE TABLE IF NOT EXISTS card_statements (
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

-- Rate limits (backend_stub/throttle.py): what was allowed in the last minutes.
CREATE TABLE IF NOT EXISTS throttle (
    id      INTEGER PRIMARY KEY,
    subject TEXT NOT NULL,
    kind    TEXT NOT NULL,
    at      TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS throttle_subject ON throttle (subject, kind);

-- Challenges begun before login whose data match no one (backend_stub/decoys.py).
CREATE TABLE IF NOT EXISTS decoy_challenges (
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

-- Movements read a period's entries by their time.
CREATE INDEX IF NOT EXISTS journal_entries_by_time ON journal_entries (created_at);

-- Balances kept beside the postings (schema.sql's triggers); a bank saved before them gets
-- them from its postings, once (the table is empty only then), before the triggers exist.
CREATE TABLE IF NOT EXISTS account_balances (
    account_id    INTEGER PRIMARY KEY REFERENCES ledger_accounts (id),
    balance_cents INTEGER NOT NULL,
    postings      INTEGER NOT NULL
);
INSERT INTO account_balances (account_id, balance_cents, postings)
    SELECT account_id, SUM(amount_cents), COUNT(*) FROM postings
    WHERE NOT EXISTS (SELECT 1 FROM account_balances)
    GROUP BY account_id;
CREATE TRIGGER IF NOT EXISTS postings_keep_balances AFTER INSERT ON postings BEGIN
    INSERT OR IGNORE INTO account_balances (account_id, balance_cents, postings)
        VALUES (NEW.account_id, 0, 0);
    UPDATE account_balances
        SET balance_cents = balance_cents + NEW.amount_cents, postings = postings + 1
        WHERE account_id = NEW.account_id;
END;
CREATE TRIGGER IF NOT EXISTS postings_never_change BEFORE UPDATE ON postings BEGIN
    SELECT RAISE(ABORT, 'los movimientos contables no se modifican');
END;
CREATE TRIGGER IF NOT EXISTS postings_never_go BEFORE DELETE ON postings BEGIN
    SELECT RAISE(ABORT, 'los movimientos contables no se borran');
END;
