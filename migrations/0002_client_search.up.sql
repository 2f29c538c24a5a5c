-- Client search and duplicate detection that stay fast at a million clients
-- whatever the database's locale. pg_trgm ignores Han characters under the C
-- locale, so Chinese is searched through a table of exact keys (terms) kept
-- by internal/client; pg_trgm only compares the ASCII (pinyin) form of names.
-- Every key column is COLLATE "C" so that prefix ranges are byte ranges.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- norm_name: the name without case, width, spaces, punctuation and legal
-- form (有限公司, Co., Ltd.), for duplicates by equal name.
-- search_key: the name as typed on a Latin keyboard (pinyin and Latin words),
-- for duplicates by similar name.
ALTER TABLE clients
    ADD COLUMN norm_name  text COLLATE "C" NOT NULL DEFAULT '',
    ADD COLUMN search_key text COLLATE "C" NOT NULL DEFAULT '';
CREATE INDEX clients_norm_name_idx ON clients (norm_name);
CREATE INDEX clients_search_key_trgm_idx ON clients USING gin (search_key gin_trgm_ops);

-- One row per key a query can hit: Han bigrams and final characters, pinyin
-- and initials from each syllable on, Latin words, contacts' names, phone
-- digits forwards and backwards ("~" + reversed). rank orders the hits of
-- one key (kind of hit, position in the name, length of the name). team_id
-- is copied from the client so that visibility is part of the index probe.
CREATE TABLE client_terms (
    term      text COLLATE "C" NOT NULL,
    team_id   bigint NOT NULL,
    client_id bigint NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    rank      integer NOT NULL
);
-- A team's hits for a key (or a key prefix), best first.
CREATE INDEX client_terms_team_idx ON client_terms (team_id, term, rank, client_id);
-- Every team's hits, for admins.
CREATE INDEX client_terms_term_idx ON client_terms (term, rank, client_id);
-- Reindexing one client.
CREATE INDEX client_terms_client_idx ON client_terms (client_id);

-- The typo dictionary: each word of client names (Latin words, pinyin of Han
-- pairs) with every one-character deletion of it. A query word one edit away
-- from a word shares a variant with it.
CREATE TABLE search_words (
    variant text COLLATE "C" NOT NULL,
    word    text COLLATE "C" NOT NULL,
    PRIMARY KEY (variant, word)
);

-- Duplicates by phone compare the last 11 digits (+86 prefixes vary).
CREATE INDEX contacts_phone_tail_idx ON contacts (right(phone_digits, 11)) WHERE phone_digits <> '';
-- At most one primary contact per client.
CREATE UNIQUE INDEX contacts_one_primary_idx ON contacts (client_id) WHERE is_primary;
