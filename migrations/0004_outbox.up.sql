-- Messages the bot sends on its own initiative (greetings, reminders, alerts,
-- digests, notices). Producers insert them in the transaction of the change
-- that causes them; the sender claims, sends and marks them one by one.
CREATE TABLE outbox (
    id            bigserial PRIMARY KEY,
    -- Deterministic key such as greeting:2027-02-06:contact:42: a message is
    -- enqueued at most once, forever, whoever enqueues it and how often.
    dedup_key     text NOT NULL UNIQUE CHECK (length(dedup_key) BETWEEN 1 AND 500),
    chat_id       bigint NOT NULL CHECK (chat_id <> 0),
    staff_id      bigint REFERENCES staff (id) ON DELETE SET NULL,
    contact_id    bigint REFERENCES contacts (id) ON DELETE SET NULL,
    kind          text NOT NULL CHECK (length(kind) BETWEEN 1 AND 50),
    -- HTML text in the recipient's language; the caption when photo is set.
    text          text NOT NULL,
    -- Inline keyboard rows: [[{"text": ..., "data": ...}]], or NULL.
    buttons       jsonb,
    photo         bytea,
    status        text NOT NULL DEFAULT 'pending'
                  CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'unreachable')),
    -- Failed sends so far (5xx, network); 429 pauses and busy chats do not count.
    attempts      integer NOT NULL DEFAULT 0,
    -- Times below come from the database clock, which every replica shares.
    not_before    timestamptz NOT NULL DEFAULT now(),
    lease_owner   text,
    lease_until   timestamptz,
    last_error    text NOT NULL DEFAULT '',
    created_at    timestamptz NOT NULL DEFAULT now(),
    sent_at       timestamptz,
    failed_at     timestamptz,
    tg_message_id bigint,
    CHECK (status <> 'sending' OR lease_until IS NOT NULL),
    CHECK (text <> '' OR photo IS NOT NULL)
);

-- The claim: due pending rows, oldest first.
CREATE INDEX outbox_pending_idx ON outbox (not_before, id) WHERE status = 'pending';
-- Rows of a sender that died mid-send, reclaimed when their lease expires.
CREATE INDEX outbox_sending_idx ON outbox (lease_until) WHERE status = 'sending';
-- Per-chat order (one message in flight per chat, oldest first) and the
-- per-chat updates of pauses and unreachable chats.
CREATE INDEX outbox_chat_open_idx ON outbox (chat_id, id) WHERE status IN ('pending', 'sending');
-- The admins' list of what did not go out.
CREATE INDEX outbox_failed_idx ON outbox (failed_at DESC, id DESC) WHERE status IN ('failed', 'unreachable');

-- What the sender learned about a chat from Telegram: a 429 pauses it until
-- paused_until; a 403 (the user blocked the bot or was deactivated) makes it
-- unreachable until the user writes to the bot again.
CREATE TABLE outbox_chats (
    chat_id        bigint PRIMARY KEY,
    paused_until   timestamptz,
    unreachable_at timestamptz,
    reason         text NOT NULL DEFAULT '',
    updated_at     timestamptz NOT NULL DEFAULT now()
);
