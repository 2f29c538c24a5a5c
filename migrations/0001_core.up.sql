-- The core ledger: people and teams, invites, clients with their contacts and
-- deals, visits, feedback, the audit trail and the durable update intake.

CREATE TABLE teams (
    id         bigserial PRIMARY KEY,
    name       text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX teams_name_key ON teams (lower(name));

CREATE TABLE staff (
    id          bigserial PRIMARY KEY,
    telegram_id bigint NOT NULL UNIQUE,
    chat_id     bigint NOT NULL,
    name        text NOT NULL DEFAULT '',
    username    text NOT NULL DEFAULT '',
    role        text NOT NULL CHECK (role IN ('admin', 'manager', 'sales')),
    team_id     bigint REFERENCES teams (id),
    lang        text NOT NULL DEFAULT 'zh' CHECK (lang IN ('zh', 'en')),
    active      boolean NOT NULL DEFAULT true,
    created_at  timestamptz NOT NULL DEFAULT now(),
    -- Managers and sales always belong to a team; admins may not.
    CHECK (role = 'admin' OR team_id IS NOT NULL)
);
CREATE INDEX staff_team_idx ON staff (team_id);

CREATE TABLE invites (
    id         bigserial PRIMARY KEY,
    code_hash  bytea NOT NULL UNIQUE,
    role       text NOT NULL CHECK (role IN ('admin', 'manager', 'sales')),
    team_id    bigint REFERENCES teams (id),
    created_by bigint REFERENCES staff (id),
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    used_by    bigint REFERENCES staff (id),
    used_at    timestamptz,
    CHECK (role = 'admin' OR team_id IS NOT NULL)
);

CREATE TABLE clients (
    id              bigserial PRIMARY KEY,
    team_id         bigint NOT NULL REFERENCES teams (id),
    owner_id        bigint REFERENCES staff (id),
    name            text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    industry        text NOT NULL DEFAULT '' CHECK (length(industry) <= 100),
    size            text CHECK (size IN ('small', 'medium', 'large')),
    tier            text NOT NULL DEFAULT 'normal' CHECK (tier IN ('strategic', 'key', 'normal')),
    stage           text NOT NULL DEFAULT 'potential' CHECK (stage IN ('potential', 'new', 'active', 'sleeping', 'churned')),
    region          text NOT NULL DEFAULT '' CHECK (length(region) <= 200),
    address         text NOT NULL DEFAULT '' CHECK (length(address) <= 500),
    source          text NOT NULL DEFAULT '' CHECK (length(source) <= 200),
    needs           text NOT NULL DEFAULT '' CHECK (length(needs) <= 2000),
    risk_note       text NOT NULL DEFAULT '' CHECK (length(risk_note) <= 2000),
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    last_contact_at timestamptz,
    next_review_on  date,
    -- The update that created the row: a reprocessed update finds it again
    -- instead of creating a second client.
    origin_update   bigint UNIQUE
);
CREATE INDEX clients_team_idx ON clients (team_id, id);
CREATE INDEX clients_owner_idx ON clients (owner_id);

CREATE TABLE contacts (
    id              bigserial PRIMARY KEY,
    client_id       bigint NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    name            text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    position        text NOT NULL DEFAULT '' CHECK (length(position) <= 100),
    phone           text NOT NULL DEFAULT '' CHECK (length(phone) <= 40),
    -- Digits only, for lookup by phone whatever the punctuation typed.
    phone_digits    text NOT NULL DEFAULT '',
    email           text NOT NULL DEFAULT '' CHECK (length(email) <= 200),
    birthday        date,
    is_primary      boolean NOT NULL DEFAULT false,
    greeting_opt_in boolean NOT NULL DEFAULT false,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    origin_update   bigint UNIQUE
);
CREATE INDEX contacts_client_idx ON contacts (client_id);
CREATE INDEX contacts_phone_idx ON contacts (phone_digits) WHERE phone_digits <> '';

CREATE TABLE deals (
    id            bigserial PRIMARY KEY,
    client_id     bigint NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    deal_on       date NOT NULL,
    amount        numeric(16, 2) NOT NULL CHECK (amount >= 0),
    description   text NOT NULL DEFAULT '' CHECK (length(description) <= 1000),
    created_by    bigint REFERENCES staff (id),
    created_at    timestamptz NOT NULL,
    origin_update bigint UNIQUE
);
CREATE INDEX deals_client_idx ON deals (client_id, deal_on DESC);

CREATE TABLE visits (
    id            bigserial PRIMARY KEY,
    client_id     bigint NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    author_id     bigint NOT NULL REFERENCES staff (id),
    kind          text NOT NULL CHECK (kind IN ('onsite', 'phone', 'video', 'other')),
    notes         text NOT NULL DEFAULT '' CHECK (length(notes) <= 4000),
    outcome       text NOT NULL DEFAULT '' CHECK (length(outcome) <= 2000),
    -- Telegram file ids of voice messages and photos attached to the visit.
    voice_file_id text NOT NULL DEFAULT '',
    photo_file_ids text[] NOT NULL DEFAULT '{}',
    latitude      double precision,
    longitude     double precision,
    visited_at    timestamptz NOT NULL,
    follow_up_on  date,
    follow_up_done boolean NOT NULL DEFAULT false,
    created_at    timestamptz NOT NULL,
    origin_update bigint UNIQUE
);
CREATE INDEX visits_client_idx ON visits (client_id, visited_at DESC);
CREATE INDEX visits_author_idx ON visits (author_id, visited_at DESC);
CREATE INDEX visits_follow_up_idx ON visits (author_id, follow_up_on) WHERE follow_up_on IS NOT NULL AND NOT follow_up_done;

CREATE TABLE feedback (
    id            bigserial PRIMARY KEY,
    client_id     bigint NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    author_id     bigint NOT NULL REFERENCES staff (id),
    assignee_id   bigint NOT NULL REFERENCES staff (id),
    kind          text NOT NULL CHECK (kind IN ('complaint', 'suggestion', 'praise', 'request')),
    severity      text NOT NULL CHECK (severity IN ('low', 'medium', 'high')),
    body          text NOT NULL CHECK (length(body) BETWEEN 1 AND 4000),
    status        text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'in_progress', 'resolved')),
    due_on        date NOT NULL,
    resolution    text NOT NULL DEFAULT '' CHECK (length(resolution) <= 4000),
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL,
    resolved_at   timestamptz,
    origin_update bigint UNIQUE,
    CHECK (status <> 'resolved' OR resolved_at IS NOT NULL)
);
CREATE INDEX feedback_client_idx ON feedback (client_id, created_at DESC);
CREATE INDEX feedback_open_idx ON feedback (assignee_id, due_on) WHERE status <> 'resolved';

CREATE TABLE audit_log (
    id        bigserial PRIMARY KEY,
    actor_id  bigint REFERENCES staff (id),
    entity    text NOT NULL,
    entity_id bigint NOT NULL,
    action    text NOT NULL,
    changes   jsonb NOT NULL DEFAULT '{}',
    at        timestamptz NOT NULL
);
CREATE INDEX audit_entity_idx ON audit_log (entity, entity_id, at DESC);

-- Every update Telegram delivers is written here before it is acknowledged,
-- then handled in order per chat; processed_at marks it done.
CREATE TABLE updates (
    update_id    bigint PRIMARY KEY,
    chat_id      bigint NOT NULL,
    payload      jsonb NOT NULL,
    received_at  timestamptz NOT NULL DEFAULT now(),
    processed_at timestamptz,
    attempts     integer NOT NULL DEFAULT 0,
    last_error   text NOT NULL DEFAULT ''
);
CREATE INDEX updates_pending_idx ON updates (chat_id, update_id) WHERE processed_at IS NULL;
