-- Every replica may handle updates, one replica per chat at a time: a chat is
-- claimed with a lease that its holder renews while it lives. A replica that
-- dies stops renewing, and another takes the chat over when the lease runs
-- out; an update is marked processed only by the claim's holder.
CREATE TABLE chat_claims (
    chat_id bigint PRIMARY KEY,
    owner   text NOT NULL,
    until   timestamptz NOT NULL
);
CREATE INDEX chat_claims_owner_idx ON chat_claims (owner);

-- An update given up for good (the user was told) is processed and
-- abandoned: it is never run again.
ALTER TABLE updates ADD COLUMN abandoned_at timestamptz;

-- A conversation under way, kept in PostgreSQL as well as Redis (which holds
-- the draft itself), so the user is told their draft was lost even when
-- Redis lost everything. Written when a flow starts and removed when it ends.
CREATE TABLE conversations (
    chat_id    bigint PRIMARY KEY,
    flow       text NOT NULL,
    started_at timestamptz NOT NULL DEFAULT now()
);
