-- Spreadsheet imports (导入). The uploaded file itself is kept here, with the
-- mapping and the dry run's result, so any replica can check, commit or
-- resume an import another one started.
CREATE TABLE imports (
    id              bigserial PRIMARY KEY,
    team_id         bigint NOT NULL REFERENCES teams (id),
    actor_id        bigint NOT NULL REFERENCES staff (id),
    chat_id         bigint NOT NULL,
    lang            text NOT NULL CHECK (lang IN ('zh', 'en')),
    file_name       text NOT NULL CHECK (length(file_name) <= 500),
    format          text NOT NULL CHECK (format IN ('xlsx', 'csv')),
    encoding        text NOT NULL DEFAULT '',
    data            bytea NOT NULL,
    -- Each sheet of the file: its kind, whether it is used, headers and mapping.
    plan            jsonb NOT NULL CHECK (jsonb_typeof(plan) = 'array'),
    status          text NOT NULL DEFAULT 'mapping'
                    CHECK (status IN ('mapping', 'checked', 'committing', 'done', 'failed', 'undone', 'cancelled')),
    dup_policy      text NOT NULL DEFAULT 'skip' CHECK (dup_policy IN ('skip', 'fill', 'overwrite', 'create')),
    owner_policy    text NOT NULL DEFAULT 'error' CHECK (owner_policy IN ('error', 'importer')),
    report          jsonb NOT NULL DEFAULT '{}',
    summary         jsonb NOT NULL DEFAULT '{}',
    undo_report     jsonb,
    error           text NOT NULL DEFAULT '',
    total           integer NOT NULL DEFAULT 0,
    done            integer NOT NULL DEFAULT 0,
    progress_msg_id bigint NOT NULL DEFAULT 0,
    -- The runner holding the commit, renewed while it runs; another replica
    -- takes the import over once lease_until has passed.
    lease_owner     text,
    lease_until     timestamptz,
    -- The update that sent the file: a reprocessed update finds its import.
    origin_update   bigint UNIQUE,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    committed_at    timestamptz,
    finished_at     timestamptz,
    undone_at       timestamptz
);
CREATE INDEX imports_actor_idx ON imports (actor_id, id DESC);
-- The runner's claim: committing imports, oldest first.
CREATE INDEX imports_committing_idx ON imports (id) WHERE status = 'committing';

-- One row per data row of the file's used sheets, written by the dry run,
-- applied by the commit in seq order (clients sheets first). applied_at is
-- set in the transaction that applies the row, so a resumed commit skips it.
CREATE TABLE import_rows (
    import_id  bigint NOT NULL REFERENCES imports (id) ON DELETE CASCADE,
    seq        integer NOT NULL,
    sheet      smallint NOT NULL,
    row_num    integer NOT NULL,
    kind       text NOT NULL CHECK (kind IN ('clients', 'contacts', 'deals', 'visits')),
    -- The parsed values: name, client fields, contacts, deal, visit.
    data       jsonb NOT NULL,
    -- The client fields other than the name, for comparing repeated rows.
    fields     jsonb NOT NULL DEFAULT '{}',
    -- [{"col": 3, "value": "...", "zh": "...", "en": "..."}], NULL when fine.
    errors     jsonb,
    norm_name  text COLLATE "C" NOT NULL DEFAULT '',
    search_key text COLLATE "C" NOT NULL DEFAULT '',
    phones     text[] NOT NULL DEFAULT '{}', -- last 11 digits of the row's contacts' phones
    ref_id     bigint,                       -- the 客户编号 given
    -- The dry run's verdict: create, update, merge (adds contacts to an
    -- earlier row's client), dup_file, contact, deal, visit, error.
    action     text NOT NULL DEFAULT '',
    match_id   bigint,  -- the existing client matched
    match_by   text,    -- id, name or phone
    first_seq  integer, -- the earlier clients row this row repeats or belongs to
    similar_id bigint,  -- an existing client with a similar name
    client_id  bigint,  -- the client the applied row ended on
    applied_at timestamptz,
    -- What applying the row did: created ids, overwritten values (for undo).
    result     jsonb,
    PRIMARY KEY (import_id, seq)
);
CREATE INDEX import_rows_pending_idx ON import_rows (import_id, seq) WHERE applied_at IS NULL;
