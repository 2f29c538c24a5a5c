-- Client value (客户价值): the nightly ABC class and RFM scores of every live
-- client, and the tier suggestions (等级建议) managers review. The rules and
-- their ties are documented in internal/value.

-- The last computation of each team: the day its values are as of (the
-- deals of the 12 months before it count) and the team's revenue then.
CREATE TABLE value_runs (
    team_id     bigint PRIMARY KEY REFERENCES teams (id),
    computed_on date NOT NULL,
    computed_at timestamptz NOT NULL,
    clients     integer NOT NULL,
    revenue_12m numeric(18, 2) NOT NULL
);

-- One row per live (not archived, not merged) client, as of its team's
-- value_runs.computed_on. Each night's run of the team writes only the rows
-- whose figures changed, and deletes those of clients archived or moved away.
-- The rows are derived, like client_terms: no foreign keys, whose checks
-- (and the key-share lock each takes on the client's row) cost more than
-- the insert of a first run; a statement trigger deletes a deleted client's
-- row, and readers join clients.
CREATE TABLE client_values (
    client_id    bigint PRIMARY KEY,
    team_id      bigint NOT NULL,
    -- A: the clients making the first 80% of the team's 12-month revenue,
    -- B: the next 15%, C: the rest (clients without deals included).
    abc          text NOT NULL CHECK (abc IN ('A', 'B', 'C')),
    -- Recency, frequency, monetary: 1 (worst) to 5 (best) by quintile among
    -- the team's clients with a deal in the 12 months; 1 without one.
    r            smallint NOT NULL CHECK (r BETWEEN 1 AND 5),
    f            smallint NOT NULL CHECK (f BETWEEN 1 AND 5),
    m            smallint NOT NULL CHECK (m BETWEEN 1 AND 5),
    amount_12m   numeric(18, 2) NOT NULL CHECK (amount_12m >= 0),
    deals_12m    integer NOT NULL CHECK (deals_12m >= 0),
    -- The last deal before the computation's day, however old; NULL: never.
    last_deal_on date,
    -- The run day from which the row holds these figures.
    changed_on   date NOT NULL,
    CHECK (deals_12m > 0 OR (amount_12m = 0 AND r = 1 AND f = 1 AND m = 1))
);
-- A team's values: the run's removal of the rows of clients gone, reports.
CREATE INDEX client_values_team_idx ON client_values (team_id, abc);

CREATE FUNCTION drop_client_values() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM client_values v USING gone g WHERE v.client_id = g.id;
    RETURN NULL;
END $$;

CREATE TRIGGER clients_drop_values AFTER DELETE ON clients REFERENCING OLD TABLE AS gone
    FOR EACH STATEMENT EXECUTE FUNCTION drop_client_values();

-- A client whose value disagrees with its tier, while it disagrees: the
-- nightly run opens a row when a rule starts to hold, refreshes its figures
-- while the rule still holds, and closes it on the first night it no
-- longer does (the class or the tier changed, a deal came, the client was
-- archived). A manager's decision stays on the open row, so a kept
-- suggestion is not listed again while its rule keeps holding; once
-- closed, the rule holding again opens a new, undecided row.
CREATE TABLE tier_suggestions (
    id              bigserial PRIMARY KEY,
    client_id       bigint NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    -- The client's team at the last run, for the team's list.
    team_id         bigint NOT NULL REFERENCES teams (id),
    rule            text NOT NULL CHECK (rule IN ('normal_in_a', 'strategic_no_deal', 'strategic_in_c', 'key_no_deal')),
    from_tier       text NOT NULL CHECK (from_tier IN ('strategic', 'key', 'normal')),
    to_tier         text NOT NULL CHECK (to_tier IN ('strategic', 'key', 'normal')),
    -- The evidence as of the last run: the client's value. (Its credit
    -- standing, which a promotion should weigh, is read when the list is:
    -- it moves with every day past due and every payment.)
    abc             text NOT NULL CHECK (abc IN ('A', 'B', 'C')),
    r               smallint NOT NULL,
    f               smallint NOT NULL,
    m               smallint NOT NULL,
    amount_12m      numeric(18, 2) NOT NULL,
    deals_12m       integer NOT NULL,
    last_deal_on    date,
    opened_on       date NOT NULL,
    closed_on       date,
    decision        text CHECK (decision IN ('change', 'keep')),
    decided_by      bigint REFERENCES staff (id),
    decided_at      timestamptz,
    -- The update that carried the decision: a reprocessed update finds it.
    decision_update bigint UNIQUE,
    CHECK (from_tier <> to_tier),
    CHECK ((decision IS NULL) = (decided_at IS NULL))
);
-- At most one open suggestion per client and rule: what the nightly upsert
-- and the memory of a decision rest on.
CREATE UNIQUE INDEX tier_suggestions_open_key ON tier_suggestions (client_id, rule) WHERE closed_on IS NULL;
-- A team's open suggestions, decided or not: the nightly close.
CREATE INDEX tier_suggestions_team_open_idx ON tier_suggestions (team_id) WHERE closed_on IS NULL;
-- A team's review list: open, undecided, largest revenue first.
CREATE INDEX tier_suggestions_review_idx ON tier_suggestions (team_id, amount_12m DESC, id)
    WHERE closed_on IS NULL AND decision IS NULL;
