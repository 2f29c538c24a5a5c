-- A faster import commit: its search keys are written beside its rows.

-- client_terms rows are derived from clients and were cascaded by a foreign
-- key. Checking that key cost a fifth of every term row's insert (about 38
-- rows per client), and every writer of terms holds the client's row
-- anyway. A statement trigger keeps the cascade: deleting clients deletes
-- their terms.
ALTER TABLE client_terms DROP CONSTRAINT client_terms_client_id_fkey;

CREATE FUNCTION drop_client_terms() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM client_terms t USING gone g WHERE t.client_id = g.id;
    RETURN NULL;
END $$;

CREATE TRIGGER clients_drop_terms AFTER DELETE ON clients REFERENCING OLD TABLE AS gone
    FOR EACH STATEMENT EXECUTE FUNCTION drop_client_terms();

-- An import's commit writes each batch's rows in one transaction and their
-- search keys in another, on a second connection, so the two overlap. seq
-- is the last row whose clients' keys are written: a resumed commit
-- rebuilds the keys of the applied rows after it, and an import is done
-- only once its keys are all written. A table of its own, not a column of
-- imports, whose row each batch's transaction holds locked.
CREATE TABLE import_indexed (
    import_id bigint PRIMARY KEY REFERENCES imports (id) ON DELETE CASCADE,
    seq       integer NOT NULL
);
