-- Search: one row per findable thing in search_docs, kept in step with the catalog by triggers,
-- so ingestion code knows nothing about it. Same docs and rules as migrations/sqlite/0002.
--
-- * search_docs.doc_id = kind code * 1e12 + the row's id (service 1, function 2, event 3, team 4).
-- * Services and functions have a doc only while they are current (removed_at IS NULL, and the
--   function's service too). Events and teams have no removed_at: the search query keeps only
--   events with a current subscription or producer and teams with a current service.
-- * name_key is the name in ASCII lowercase (search_fold, the same fold as SQLite's lower() and
--   the Rust side), in the "C" collation so ranges compare bytes.
-- * Words are cut as SQLite's unicode61 tokenizer cuts the text in lowercase, as is and with a
--   space before every capital letter (search_words_of): createOrder gives createorder, create
--   and order; GET gives get (and g, e, t).
-- * search_terms lists each doc's words, once for its name (scope 'n') and once for name and
--   other fields (scope 'a'). A query word is a range of the B-tree, read in order so a LIMIT
--   stops it early however common the word is; a doc found so is then checked for the other
--   words in search_terms_doc.
-- * search_words is the names' vocabulary, where misspelt words look for corrections. It only
--   grows: no unique key, so concurrent ingests never wait on each other's new words (a
--   duplicate is harmless; readers use DISTINCT), and a word of a removed doc stays, matching
--   nothing.

CREATE FUNCTION search_fold(text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT translate($1, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') $$;

CREATE FUNCTION search_words_of(text) RETURNS SETOF text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
    SELECT DISTINCT word
    FROM regexp_split_to_table(lower($1 || ' ' || regexp_replace($1, '([A-Z])', ' \1', 'g')), '[^[:alnum:]]+') AS word
    WHERE word <> '' AND length(word) <= 64
$$;

-- While a bulk load runs (Database::defer_search_index), the triggers below return at once and
-- the load ends by rebuilding docs, postings and vocabulary in one pass
-- (Database::compact_search_index). Searches meanwhile answer from the index as it was. A
-- process that died while deferring leaves deferred = 1; the next start rebuilds.
CREATE TABLE search_state (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    deferred INTEGER NOT NULL
);
INSERT INTO search_state (id, deferred) VALUES (1, 0);

CREATE TABLE search_docs (
    doc_id BIGINT PRIMARY KEY,
    kind TEXT NOT NULL,
    entity_id BIGINT NOT NULL,
    -- The service of a function doc, so a change to the service refreshes its functions.
    service_id BIGINT,
    name TEXT NOT NULL,
    name_key TEXT COLLATE "C" NOT NULL,
    subtitle TEXT NOT NULL,
    -- Other searchable fields, one per line in a fixed order per kind (newlines inside values
    -- become spaces); server/src/search/fields.rs names the lines.
    body TEXT NOT NULL,
    -- The words of the name, and of name and body, each followed by a space and the whole
    -- starting with one: ' orders api '. LIKE '% word%' tests whether a word starts with one.
    name_words TEXT NOT NULL,
    all_words TEXT NOT NULL,
    team TEXT NOT NULL,
    provider TEXT NOT NULL,
    stage TEXT NOT NULL,
    event_type TEXT NOT NULL
);
CREATE INDEX search_docs_name ON search_docs (kind, name_key);
CREATE INDEX search_docs_service ON search_docs (service_id) WHERE service_id IS NOT NULL;

CREATE TABLE search_terms (
    term TEXT COLLATE "C" NOT NULL,
    kind TEXT NOT NULL,
    scope "char" NOT NULL,
    doc_id BIGINT NOT NULL
);
CREATE INDEX search_terms_lookup ON search_terms (kind, scope, term, doc_id);
-- A doc's words: checking that a candidate found by one word has the others is one index-only
-- descent per word here, where reading the doc and matching its text cost a heap fetch each.
CREATE INDEX search_terms_doc ON search_terms (doc_id, scope, term);

CREATE TABLE search_words (
    word TEXT COLLATE "C" NOT NULL
);
CREATE INDEX search_words_word ON search_words (word);

-- Postings follow the docs. Ingestion writes docs a statement at a time (a manifest's functions
-- or events in one INSERT), so these triggers run once per statement over its transition table
-- rather than once per row: a manifest costs a few set-based statements, not a plpgsql call and
-- two regular-expression splits per doc. A doc's words are already in name_words and all_words.
CREATE FUNCTION search_docs_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (SELECT deferred FROM search_state WHERE id = 1) <> 0 THEN RETURN NULL; END IF;
    INSERT INTO search_terms (term, kind, scope, doc_id)
    SELECT w.term, a.kind, 'n', a.doc_id FROM added a CROSS JOIN LATERAL unnest(string_to_array(btrim(a.name_words), ' ')) AS w(term)
    WHERE w.term <> ''
    UNION ALL
    SELECT w.term, a.kind, 'a', a.doc_id FROM added a CROSS JOIN LATERAL unnest(string_to_array(btrim(a.all_words), ' ')) AS w(term)
    WHERE w.term <> '';
    -- Corrections are at least 3 characters (within two edits of a word of 4 or more).
    INSERT INTO search_words (word)
    SELECT DISTINCT w.term FROM added a CROSS JOIN LATERAL unnest(string_to_array(btrim(a.name_words), ' ')) AS w(term)
    WHERE length(w.term) >= 3
      AND NOT EXISTS (SELECT 1 FROM search_words known WHERE known.word = w.term COLLATE "C");
    RETURN NULL;
END $$;
CREATE TRIGGER search_docs_added AFTER INSERT ON search_docs
REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION search_docs_added();

CREATE FUNCTION search_docs_removed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (SELECT deferred FROM search_state WHERE id = 1) <> 0 THEN RETURN NULL; END IF;
    DELETE FROM search_terms WHERE doc_id IN (SELECT doc_id FROM removed);
    RETURN NULL;
END $$;
CREATE TRIGGER search_docs_removed AFTER DELETE ON search_docs
REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION search_docs_removed();

-- Nothing updates a doc in place today (changes delete and insert it again); if something does,
-- its postings are rebuilt. Transition tables cannot go with a column list, hence a row trigger.
CREATE FUNCTION search_docs_reindexed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (SELECT deferred FROM search_state WHERE id = 1) <> 0 THEN RETURN NULL; END IF;
    DELETE FROM search_terms WHERE doc_id = OLD.doc_id;
    INSERT INTO search_terms (term, kind, scope, doc_id)
    SELECT w.term, NEW.kind, 'n', NEW.doc_id FROM unnest(string_to_array(btrim(NEW.name_words), ' ')) AS w(term) WHERE w.term <> ''
    UNION ALL
    SELECT w.term, NEW.kind, 'a', NEW.doc_id FROM unnest(string_to_array(btrim(NEW.all_words), ' ')) AS w(term) WHERE w.term <> '';
    RETURN NULL;
END $$;
CREATE TRIGGER search_docs_reindexed AFTER UPDATE OF doc_id, name_words, all_words ON search_docs
FOR EACH ROW EXECUTE FUNCTION search_docs_reindexed();

-- What each kind's doc holds, written once; the triggers below copy rows of these views.
-- The order of the body lines must match server/src/search/fields.rs.

CREATE VIEW search_service_docs AS
SELECT doc_id, kind, entity_id, service_id, name, search_fold(name) AS name_key, subtitle, body,
       ' ' || COALESCE((SELECT string_agg(word, ' ') FROM search_words_of(name) AS word), '') || ' ' AS name_words,
       ' ' || COALESCE((SELECT string_agg(word, ' ') FROM search_words_of(name || ' ' || body) AS word), '') || ' ' AS all_words,
       team, provider, stage, event_type
FROM (
    SELECT 1000000000000 + s.id AS doc_id, 'service' AS kind, s.id AS entity_id, NULL::bigint AS service_id, s.name AS name,
           substr(CASE WHEN s.stage <> '' THEN ' · ' || s.stage ELSE '' END
                  || CASE WHEN s.region <> '' THEN ' · ' || s.region ELSE '' END
                  || COALESCE(' · ' || t.name, ''), 4) AS subtitle,
           COALESCE(replace(s.description, chr(10), ' '), '') || chr(10) || COALESCE(s.runtime, '') || chr(10)
           || CASE WHEN s.tags <> '{}' THEN replace(s.tags, chr(10), ' ') ELSE '' END AS body,
           COALESCE(t.name, '') AS team, s.provider AS provider, s.stage AS stage, '' AS event_type
    FROM services s LEFT JOIN teams t ON t.id = s.team_id
    WHERE s.removed_at IS NULL
) doc;

CREATE VIEW search_function_docs AS
SELECT doc_id, kind, entity_id, service_id, name, search_fold(name) AS name_key, subtitle, body,
       ' ' || COALESCE((SELECT string_agg(word, ' ') FROM search_words_of(name) AS word), '') || ' ' AS name_words,
       ' ' || COALESCE((SELECT string_agg(word, ' ') FROM search_words_of(name || ' ' || body) AS word), '') || ' ' AS all_words,
       team, provider, stage, event_type
FROM (
    SELECT 2000000000000 + f.id AS doc_id, 'function' AS kind, f.id AS entity_id, f.service_id AS service_id, f.name AS name,
           s.name || CASE WHEN s.stage <> '' THEN ' · ' || s.stage ELSE '' END || COALESCE(' · ' || t.name, '') AS subtitle,
           COALESCE(replace(f.description, chr(10), ' '), '') || chr(10) || COALESCE(f.handler, '') || chr(10)
           || COALESCE(f.runtime, '') || chr(10) || COALESCE(f.deployed_name, '') || chr(10)
           || CASE WHEN f.tags <> '{}' THEN replace(f.tags, chr(10), ' ') ELSE '' END AS body,
           COALESCE(t.name, '') AS team, s.provider AS provider, s.stage AS stage, '' AS event_type
    FROM functions f JOIN services s ON s.id = f.service_id LEFT JOIN teams t ON t.id = s.team_id
    WHERE f.removed_at IS NULL AND s.removed_at IS NULL
) doc;

CREATE VIEW search_event_docs AS
SELECT doc_id, kind, entity_id, service_id, name, search_fold(name) AS name_key, subtitle, body,
       ' ' || COALESCE((SELECT string_agg(word, ' ') FROM search_words_of(name) AS word), '') || ' ' AS name_words,
       ' ' || COALESCE((SELECT string_agg(word, ' ') FROM search_words_of(name || ' ' || body) AS word), '') || ' ' AS all_words,
       team, provider, stage, event_type
FROM (
    SELECT 3000000000000 + e.id AS doc_id, 'event' AS kind, e.id AS entity_id, NULL::bigint AS service_id, e.name AS name,
           e.kind || ' · ' || e.key AS subtitle, e.key AS body,
           '' AS team, '' AS provider, '' AS stage, e.kind AS event_type
    FROM events e
) doc;

CREATE VIEW search_team_docs AS
SELECT doc_id, kind, entity_id, service_id, name, search_fold(name) AS name_key, subtitle, body,
       ' ' || COALESCE((SELECT string_agg(word, ' ') FROM search_words_of(name) AS word), '') || ' ' AS name_words,
       ' ' || COALESCE((SELECT string_agg(word, ' ') FROM search_words_of(name || ' ' || body) AS word), '') || ' ' AS all_words,
       team, provider, stage, event_type
FROM (
    SELECT 4000000000000 + t.id AS doc_id, 'team' AS kind, t.id AS entity_id, NULL::bigint AS service_id, t.name AS name,
           'team' AS subtitle, '' AS body, t.name AS team, '' AS provider, '' AS stage, '' AS event_type
    FROM teams t
) doc;

-- Keeping docs in step. Every change deletes the doc and copies it again from its view, which
-- leaves it out when the row is removed. Updates fire only when a column a doc shows changed,
-- so the last_seen stamps of every ingest cost nothing here.

CREATE FUNCTION search_service_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (SELECT deferred FROM search_state WHERE id = 1) <> 0 THEN RETURN NULL; END IF;
    DELETE FROM search_docs WHERE doc_id = 1000000000000 + NEW.id;
    INSERT INTO search_docs (doc_id, kind, entity_id, service_id, name, name_key, subtitle, body, name_words, all_words, team, provider, stage, event_type)
    SELECT doc_id, kind, entity_id, service_id, name, name_key, subtitle, body, name_words, all_words, team, provider, stage, event_type
    FROM search_service_docs WHERE entity_id = NEW.id;
    RETURN NULL;
END $$;
CREATE TRIGGER search_service_added AFTER INSERT ON services
FOR EACH ROW EXECUTE FUNCTION search_service_changed();
CREATE TRIGGER search_service_changed
AFTER UPDATE OF team_id, name, stage, region, provider, format, description, org, app, runtime, tags, source, removed_at ON services
FOR EACH ROW
WHEN (OLD.team_id IS DISTINCT FROM NEW.team_id OR OLD.name IS DISTINCT FROM NEW.name OR OLD.stage IS DISTINCT FROM NEW.stage
    OR OLD.region IS DISTINCT FROM NEW.region OR OLD.provider IS DISTINCT FROM NEW.provider OR OLD.format IS DISTINCT FROM NEW.format
    OR OLD.description IS DISTINCT FROM NEW.description OR OLD.org IS DISTINCT FROM NEW.org OR OLD.app IS DISTINCT FROM NEW.app
    OR OLD.runtime IS DISTINCT FROM NEW.runtime OR OLD.tags IS DISTINCT FROM NEW.tags OR OLD.source IS DISTINCT FROM NEW.source
    OR (OLD.removed_at IS NULL) <> (NEW.removed_at IS NULL))
EXECUTE FUNCTION search_service_changed();

-- A function's doc shows its service's name, stage, team and provider.
CREATE FUNCTION search_service_functions_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (SELECT deferred FROM search_state WHERE id = 1) <> 0 THEN RETURN NULL; END IF;
    DELETE FROM search_docs WHERE service_id = NEW.id;
    INSERT INTO search_docs (doc_id, kind, entity_id, service_id, name, name_key, subtitle, body, name_words, all_words, team, provider, stage, event_type)
    SELECT doc_id, kind, entity_id, service_id, name, name_key, subtitle, body, name_words, all_words, team, provider, stage, event_type
    FROM search_function_docs WHERE service_id = NEW.id;
    RETURN NULL;
END $$;
CREATE TRIGGER search_service_functions_changed
AFTER UPDATE OF team_id, name, stage, provider, removed_at ON services
FOR EACH ROW
WHEN (OLD.team_id IS DISTINCT FROM NEW.team_id OR OLD.name IS DISTINCT FROM NEW.name OR OLD.stage IS DISTINCT FROM NEW.stage
    OR OLD.provider IS DISTINCT FROM NEW.provider OR (OLD.removed_at IS NULL) <> (NEW.removed_at IS NULL))
EXECUTE FUNCTION search_service_functions_changed();

CREATE FUNCTION search_function_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (SELECT deferred FROM search_state WHERE id = 1) <> 0 THEN RETURN NULL; END IF;
    DELETE FROM search_docs WHERE doc_id = 2000000000000 + NEW.id;
    INSERT INTO search_docs (doc_id, kind, entity_id, service_id, name, name_key, subtitle, body, name_words, all_words, team, provider, stage, event_type)
    SELECT doc_id, kind, entity_id, service_id, name, name_key, subtitle, body, name_words, all_words, team, provider, stage, event_type
    FROM search_function_docs WHERE entity_id = NEW.id;
    RETURN NULL;
END $$;
CREATE FUNCTION search_functions_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (SELECT deferred FROM search_state WHERE id = 1) <> 0 THEN RETURN NULL; END IF;
    INSERT INTO search_docs (doc_id, kind, entity_id, service_id, name, name_key, subtitle, body, name_words, all_words, team, provider, stage, event_type)
    SELECT doc_id, kind, entity_id, service_id, name, name_key, subtitle, body, name_words, all_words, team, provider, stage, event_type
    FROM search_function_docs WHERE entity_id IN (SELECT id FROM added);
    RETURN NULL;
END $$;
CREATE TRIGGER search_function_added AFTER INSERT ON functions
REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION search_functions_added();
CREATE TRIGGER search_function_changed
AFTER UPDATE OF service_id, name, deployed_name, handler, runtime, architecture, description, tags, removed_at ON functions
FOR EACH ROW
WHEN (OLD.service_id IS DISTINCT FROM NEW.service_id OR OLD.name IS DISTINCT FROM NEW.name
    OR OLD.deployed_name IS DISTINCT FROM NEW.deployed_name OR OLD.handler IS DISTINCT FROM NEW.handler
    OR OLD.runtime IS DISTINCT FROM NEW.runtime OR OLD.architecture IS DISTINCT FROM NEW.architecture
    OR OLD.description IS DISTINCT FROM NEW.description OR OLD.tags IS DISTINCT FROM NEW.tags
    OR (OLD.removed_at IS NULL) <> (NEW.removed_at IS NULL))
EXECUTE FUNCTION search_function_changed();

CREATE FUNCTION search_event_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (SELECT deferred FROM search_state WHERE id = 1) <> 0 THEN RETURN NULL; END IF;
    DELETE FROM search_docs WHERE doc_id = 3000000000000 + NEW.id;
    INSERT INTO search_docs (doc_id, kind, entity_id, service_id, name, name_key, subtitle, body, name_words, all_words, team, provider, stage, event_type)
    SELECT doc_id, kind, entity_id, service_id, name, name_key, subtitle, body, name_words, all_words, team, provider, stage, event_type
    FROM search_event_docs WHERE entity_id = NEW.id;
    RETURN NULL;
END $$;
CREATE FUNCTION search_events_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (SELECT deferred FROM search_state WHERE id = 1) <> 0 THEN RETURN NULL; END IF;
    INSERT INTO search_docs (doc_id, kind, entity_id, service_id, name, name_key, subtitle, body, name_words, all_words, team, provider, stage, event_type)
    SELECT doc_id, kind, entity_id, service_id, name, name_key, subtitle, body, name_words, all_words, team, provider, stage, event_type
    FROM search_event_docs WHERE entity_id IN (SELECT id FROM added);
    RETURN NULL;
END $$;
CREATE TRIGGER search_event_added AFTER INSERT ON events
REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION search_events_added();
CREATE TRIGGER search_event_changed AFTER UPDATE OF key, kind, name, detail ON events
FOR EACH ROW
WHEN (OLD.key IS DISTINCT FROM NEW.key OR OLD.kind IS DISTINCT FROM NEW.kind OR OLD.name IS DISTINCT FROM NEW.name
    OR OLD.detail IS DISTINCT FROM NEW.detail)
EXECUTE FUNCTION search_event_changed();

CREATE FUNCTION search_team_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (SELECT deferred FROM search_state WHERE id = 1) <> 0 THEN RETURN NULL; END IF;
    INSERT INTO search_docs (doc_id, kind, entity_id, service_id, name, name_key, subtitle, body, name_words, all_words, team, provider, stage, event_type)
    SELECT doc_id, kind, entity_id, service_id, name, name_key, subtitle, body, name_words, all_words, team, provider, stage, event_type
    FROM search_team_docs WHERE entity_id = NEW.id;
    RETURN NULL;
END $$;
CREATE TRIGGER search_team_added AFTER INSERT ON teams
FOR EACH ROW EXECUTE FUNCTION search_team_added();

-- Ingestion never renames a team, but a doc must not keep a stale name if someone does.
CREATE FUNCTION search_team_renamed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (SELECT deferred FROM search_state WHERE id = 1) <> 0 THEN RETURN NULL; END IF;
    DELETE FROM search_docs WHERE doc_id = 4000000000000 + NEW.id OR (team = OLD.name AND kind IN ('service', 'function'));
    INSERT INTO search_docs (doc_id, kind, entity_id, service_id, name, name_key, subtitle, body, name_words, all_words, team, provider, stage, event_type)
    SELECT doc_id, kind, entity_id, service_id, name, name_key, subtitle, body, name_words, all_words, team, provider, stage, event_type
    FROM search_team_docs WHERE entity_id = NEW.id
    UNION ALL
    SELECT doc_id, kind, entity_id, service_id, name, name_key, subtitle, body, name_words, all_words, team, provider, stage, event_type
    FROM search_service_docs WHERE team = NEW.name
    UNION ALL
    SELECT doc_id, kind, entity_id, service_id, name, name_key, subtitle, body, name_words, all_words, team, provider, stage, event_type
    FROM search_function_docs WHERE team = NEW.name;
    RETURN NULL;
END $$;
CREATE TRIGGER search_team_renamed AFTER UPDATE OF name ON teams
FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name)
EXECUTE FUNCTION search_team_renamed();

-- Whatever the catalog already holds.
INSERT INTO search_docs (doc_id, kind, entity_id, service_id, name, name_key, subtitle, body, name_words, all_words, team, provider, stage, event_type)
SELECT doc_id, kind, entity_id, service_id, name, name_key, subtitle, body, name_words, all_words, team, provider, stage, event_type FROM search_service_docs
UNION ALL
SELECT doc_id, kind, entity_id, service_id, name, name_key, subtitle, body, name_words, all_words, team, provider, stage, event_type FROM search_function_docs
UNION ALL
SELECT doc_id, kind, entity_id, service_id, name, name_key, subtitle, body, name_words, all_words, team, provider, stage, event_type FROM search_event_docs
UNION ALL
SELECT doc_id, kind, entity_id, service_id, name, name_key, subtitle, body, name_words, all_words, team, provider, stage, event_type FROM search_team_docs;
