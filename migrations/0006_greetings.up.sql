-- Holiday greetings (节假日问候): custom dates admins add, templates admins
-- edit, and contacts who subscribed to greetings through their own invite
-- link (greeting_opt_in exists since 0001).

-- A custom occasion: every year on month-day (year NULL) or once on a full
-- date. A yearly 02-29 is greeted on 02-28 in common years, like birthdays.
CREATE TABLE greeting_dates (
    id         bigserial PRIMARY KEY,
    name_zh    text NOT NULL CHECK (length(name_zh) BETWEEN 1 AND 50),
    name_en    text NOT NULL CHECK (length(name_en) BETWEEN 1 AND 50),
    month      smallint NOT NULL CHECK (month BETWEEN 1 AND 12),
    day        smallint NOT NULL CHECK (day BETWEEN 1 AND 31),
    year       smallint CHECK (year BETWEEN 2000 AND 2200),
    created_by bigint REFERENCES staff (id),
    created_at timestamptz NOT NULL,
    -- make_date fails on a day the month does not have (2000 is a leap year).
    CHECK (make_date(coalesce(year, 2000), month, day) IS NOT NULL)
);

-- An admin's wording for an occasion (a built-in key such as
-- 'spring_festival', 'custom' for every custom date, or 'birthday') in one
-- language; without a row the default wording built into the bot is used.
CREATE TABLE greeting_templates (
    occasion   text NOT NULL CHECK (length(occasion) BETWEEN 1 AND 40),
    lang       text NOT NULL CHECK (lang IN ('zh', 'en')),
    body       text NOT NULL CHECK (length(body) BETWEEN 1 AND 1000),
    updated_by bigint REFERENCES staff (id),
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (occasion, lang)
);

-- A contact who opened their invite link: the chat greetings go to, the
-- language Telegram reported, and when they subscribed.
ALTER TABLE contacts
    ADD COLUMN chat_id     bigint,
    ADD COLUMN lang        text CHECK (lang IN ('zh', 'en')),
    ADD COLUMN opted_in_at timestamptz;
-- /stop finds the contacts of a chat.
CREATE INDEX contacts_chat_idx ON contacts (chat_id) WHERE chat_id IS NOT NULL;
-- The greetings job finds today's birthdays by month and day.
CREATE INDEX contacts_birthday_idx ON contacts ((extract(month FROM birthday)), (extract(day FROM birthday)))
    WHERE birthday IS NOT NULL;

-- A one-time link that subscribes one contact. Only a hash of the code is
-- kept; the code is shown once, to the salesperson who forwards it.
CREATE TABLE contact_invites (
    id         bigserial PRIMARY KEY,
    code_hash  bytea NOT NULL UNIQUE,
    contact_id bigint NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    created_by bigint REFERENCES staff (id),
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    used_at    timestamptz
);
CREATE INDEX contact_invites_contact_idx ON contact_invites (contact_id);
