-- The simulated SMS gateway and mail server: a database of its own (attached as
-- `phone`), so the bank's database never holds an OTP code or temporary secret.

CREATE TABLE IF NOT EXISTS phone.outbox (
    id        INTEGER PRIMARY KEY,
    member_id INTEGER,
    channel   TEXT NOT NULL CHECK (channel IN ('sms', 'email')),
    to_addr   TEXT NOT NULL,
    subject   TEXT NOT NULL,
    body      TEXT NOT NULL,
    sent_at   TEXT NOT NULL
);
