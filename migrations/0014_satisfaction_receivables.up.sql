-- Satisfaction (满意度), receivables (应收账款) and the payments against them
-- (回款): what the 考核 report, the card and the credit standing (信用) read.

-- One row per reading of a client's satisfaction, 1 (very dissatisfied) to
-- 5 (very satisfied): the salesperson's after a visit, the assignee's after
-- resolving feedback, or a contact's own answer to the survey sent once
-- their feedback was resolved. The card's latest score and trend and the
-- report's average read this one table.
CREATE TABLE satisfaction (
    id          bigserial PRIMARY KEY,
    client_id   bigint NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    score       smallint NOT NULL CHECK (score BETWEEN 1 AND 5),
    source      text NOT NULL CHECK (source IN ('visit', 'feedback', 'survey')),
    visit_id    bigint REFERENCES visits (id) ON DELETE CASCADE,
    feedback_id bigint REFERENCES feedback (id) ON DELETE CASCADE,
    -- Who recorded it (visit, feedback); NULL for a contact's own answer.
    staff_id    bigint REFERENCES staff (id),
    -- Who answered the survey; kept NULL if the contact is removed later.
    contact_id  bigint REFERENCES contacts (id) ON DELETE SET NULL,
    at          timestamptz NOT NULL,
    CHECK ((source = 'visit') = (visit_id IS NOT NULL)),
    CHECK ((source = 'visit') = (feedback_id IS NULL)),
    CHECK (source = 'survey' OR staff_id IS NOT NULL)
);
-- One reading per visit, per resolved feedback, per survey.
CREATE UNIQUE INDEX satisfaction_visit_key ON satisfaction (visit_id) WHERE source = 'visit';
CREATE UNIQUE INDEX satisfaction_feedback_key ON satisfaction (feedback_id) WHERE source = 'feedback';
CREATE UNIQUE INDEX satisfaction_survey_key ON satisfaction (feedback_id) WHERE source = 'survey';
-- A client's latest readings (card), a period's readings (report).
CREATE INDEX satisfaction_client_idx ON satisfaction (client_id, at DESC);
CREATE INDEX satisfaction_at_idx ON satisfaction (at);
CREATE TRIGGER satisfaction_follow_merged BEFORE INSERT ON satisfaction
    FOR EACH ROW EXECUTE FUNCTION follow_merged_client();

-- The contact who raised a piece of feedback, when known: the one the
-- satisfaction survey goes to once it is resolved (if they subscribed
-- through their greeting link).
ALTER TABLE feedback ADD COLUMN contact_id bigint REFERENCES contacts (id) ON DELETE SET NULL;

-- A deal's receivable: the amount invoiced (开票金额; NULL means the deal's
-- amount) falls due on due_on (回款到期日; NULL: no receivable tracked).
-- What is paid against it is the sum of its payments.
ALTER TABLE deals
    ADD COLUMN invoiced numeric(16, 2) CHECK (invoiced >= 0),
    ADD COLUMN due_on   date;
-- Deals with a receivable, for the credit scan and the overdue list.
CREATE INDEX deals_due_idx ON deals (due_on, client_id) WHERE due_on IS NOT NULL;

-- Payments received (回款), each on its day: the report counts what was
-- collected in a period, the card what is still owed.
CREATE TABLE deal_payments (
    id            bigserial PRIMARY KEY,
    deal_id       bigint NOT NULL REFERENCES deals (id) ON DELETE CASCADE,
    amount        numeric(16, 2) NOT NULL CHECK (amount > 0),
    paid_on       date NOT NULL,
    created_by    bigint REFERENCES staff (id),
    created_at    timestamptz NOT NULL,
    origin_update bigint UNIQUE
);
CREATE INDEX deal_payments_deal_idx ON deal_payments (deal_id, paid_on);
CREATE INDEX deal_payments_paid_idx ON deal_payments (paid_on);
