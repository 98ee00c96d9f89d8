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
