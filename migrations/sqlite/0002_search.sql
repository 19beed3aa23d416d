-- Search: one row per findable thing in search_docs, kept in step with the catalog by triggers,
-- so ingestion code knows nothing about it. Two FTS5 indexes read their words from it.
--
-- * search_docs.doc_id = kind code * 1e12 + the row's id (service 1, function 2, event 3,
--   team 4), so an FTS5 rowid range selects one kind without a join.
-- * Services and functions have a doc only while they are current (removed_at IS NULL, and the
--   function's service too). Events and teams have no removed_at: the search query keeps only
--   events with a current subscription or producer and teams with a current service.
-- * name_key is the name in ASCII lowercase (lower(); the Rust side and Postgres fold the same
--   way), compared byte for byte: names equal to the query or starting with it rank first.
-- * Words: name_words and body_words hold the text in lowercase twice, as is and with a space
--   before every capital letter; the unicode61 tokenizer then cuts at anything that is not a
--   letter or digit. So createOrder gives createorder, create and order; GET gives get (and g,
--   e, t). A query word matches the start of a word.
-- * search_names (names only) and search_all (names and other fields) hold no positions
--   (detail=none) and index every prefix of up to 12 characters, so a query word is one doclist
--   read in rowid order and a LIMIT stops it (longer words are looked up by their first 12
--   characters and checked by the server). search_vocab, the names' vocabulary, is where
--   misspelt words look for corrections.

-- While a bulk load runs (Database::defer_search_index), the triggers below do nothing and the
-- load ends by rebuilding docs and indexes in one pass (Database::compact_search_index): per
-- row, the docs and FTS5 writes cost more than the rest of a 100,000-function load together.
-- Searches meanwhile answer from the index as it was. A process that died while deferring
-- leaves deferred = 1; the next start rebuilds.
CREATE TABLE search_state (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    deferred INTEGER NOT NULL
);
INSERT INTO search_state (id, deferred) VALUES (1, 0);

CREATE TABLE search_docs (
    doc_id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    entity_id INTEGER NOT NULL,
    -- The service of a function doc, so a change to the service refreshes its functions.
    service_id INTEGER,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL,
    subtitle TEXT NOT NULL,
    -- Other searchable fields, one per line in a fixed order per kind (newlines inside values
    -- become spaces); server/src/search/fields.rs names the lines.
    body TEXT NOT NULL,
    name_words TEXT NOT NULL,
    body_words TEXT NOT NULL,
    team TEXT NOT NULL,
    provider TEXT NOT NULL,
    stage TEXT NOT NULL,
    event_type TEXT NOT NULL
);
CREATE INDEX search_docs_name ON search_docs (kind, name_key);
CREATE INDEX search_docs_service ON search_docs (service_id) WHERE service_id IS NOT NULL;

CREATE VIRTUAL TABLE search_names USING fts5 (
    name_words,
    content = 'search_docs', content_rowid = 'doc_id',
    tokenize = 'unicode61 remove_diacritics 0', detail = 'none', prefix = '1 2 3 4 5 6 7 8 9 10 11 12'
);
CREATE VIRTUAL TABLE search_all USING fts5 (
    name_words, body_words,
    content = 'search_docs', content_rowid = 'doc_id',
    tokenize = 'unicode61 remove_diacritics 0', detail = 'none', prefix = '1 2 3 4 5 6 7 8 9 10 11 12'
);
CREATE VIRTUAL TABLE search_vocab USING fts5vocab (search_names, 'row');

CREATE TRIGGER search_docs_indexed AFTER INSERT ON search_docs
WHEN NOT (SELECT deferred FROM search_state)
BEGIN
    INSERT INTO search_names (rowid, name_words) VALUES (NEW.doc_id, NEW.name_words);
    INSERT INTO search_all (rowid, name_words, body_words) VALUES (NEW.doc_id, NEW.name_words, NEW.body_words);
END;
CREATE TRIGGER search_docs_unindexed AFTER DELETE ON search_docs
WHEN NOT (SELECT deferred FROM search_state)
BEGIN
    INSERT INTO search_names (search_names, rowid, name_words) VALUES ('delete', OLD.doc_id, OLD.name_words);
    INSERT INTO search_all (search_all, rowid, name_words, body_words) VALUES ('delete', OLD.doc_id, OLD.name_words, OLD.body_words);
END;
-- Each ingest transaction leaves FTS5 a new segment and FTS5's automerge keeps their number
-- bounded; a batch ingest ends with Database::compact_search_index, which merges them into one
-- (lookups read every segment, so one is several times faster than dozens).
CREATE TRIGGER search_docs_reindexed AFTER UPDATE OF doc_id, name_words, body_words ON search_docs
WHEN NOT (SELECT deferred FROM search_state)
BEGIN
    INSERT INTO search_names (search_names, rowid, name_words) VALUES ('delete', OLD.doc_id, OLD.name_words);
    INSERT INTO search_all (search_all, rowid, name_words, body_words) VALUES ('delete', OLD.doc_id, OLD.name_words, OLD.body_words);
    INSERT INTO search_names (rowid, name_words) VALUES (NEW.doc_id, NEW.name_words);
    INSERT INTO search_all (rowid, name_words, body_words) VALUES (NEW.doc_id, NEW.name_words, NEW.body_words);
END;

-- What each kind's doc holds, written once; the triggers below copy rows of these views.
-- The order of the body lines must match server/src/search/fields.rs.

CREATE VIEW search_service_docs AS
SELECT doc_id, kind, entity_id, service_id, name, lower(name) AS name_key, subtitle, body,
       lower(name) || ' ' || lower(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(name, 'A', ' A'), 'B', ' B'), 'C', ' C'), 'D', ' D'), 'E', ' E'), 'F', ' F'), 'G', ' G'), 'H', ' H'), 'I', ' I'), 'J', ' J'), 'K', ' K'), 'L', ' L'), 'M', ' M'), 'N', ' N'), 'O', ' O'), 'P', ' P'), 'Q', ' Q'), 'R', ' R'), 'S', ' S'), 'T', ' T'), 'U', ' U'), 'V', ' V'), 'W', ' W'), 'X', ' X'), 'Y', ' Y'), 'Z', ' Z')) AS name_words,
       lower(body) || ' ' || lower(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(body, 'A', ' A'), 'B', ' B'), 'C', ' C'), 'D', ' D'), 'E', ' E'), 'F', ' F'), 'G', ' G'), 'H', ' H'), 'I', ' I'), 'J', ' J'), 'K', ' K'), 'L', ' L'), 'M', ' M'), 'N', ' N'), 'O', ' O'), 'P', ' P'), 'Q', ' Q'), 'R', ' R'), 'S', ' S'), 'T', ' T'), 'U', ' U'), 'V', ' V'), 'W', ' W'), 'X', ' X'), 'Y', ' Y'), 'Z', ' Z')) AS body_words,
       team, provider, stage, event_type
FROM (
    SELECT 1000000000000 + s.id AS doc_id, 'service' AS kind, s.id AS entity_id, NULL AS service_id, s.name AS name,
           substr(CASE WHEN s.stage <> '' THEN ' · ' || s.stage ELSE '' END
                  || CASE WHEN s.region <> '' THEN ' · ' || s.region ELSE '' END
                  || COALESCE(' · ' || t.name, ''), 4) AS subtitle,
           COALESCE(replace(s.description, char(10), ' '), '') || char(10) || COALESCE(s.runtime, '') || char(10)
           || CASE WHEN s.tags <> '{}' THEN replace(s.tags, char(10), ' ') ELSE '' END AS body,
           COALESCE(t.name, '') AS team, s.provider AS provider, s.stage AS stage, '' AS event_type
    FROM services s LEFT JOIN teams t ON t.id = s.team_id
    WHERE s.removed_at IS NULL
) doc;

CREATE VIEW search_function_docs AS
SELECT doc_id, kind, entity_id, service_id, name, lower(name) AS name_key, subtitle, body,
       lower(name) || ' ' || lower(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(name, 'A', ' A'), 'B', ' B'), 'C', ' C'), 'D', ' D'), 'E', ' E'), 'F', ' F'), 'G', ' G'), 'H', ' H'), 'I', ' I'), 'J', ' J'), 'K', ' K'), 'L', ' L'), 'M', ' M'), 'N', ' N'), 'O', ' O'), 'P', ' P'), 'Q', ' Q'), 'R', ' R'), 'S', ' S'), 'T', ' T'), 'U', ' U'), 'V', ' V'), 'W', ' W'), 'X', ' X'), 'Y', ' Y'), 'Z', ' Z')) AS name_words,
       lower(body) || ' ' || lower(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(body, 'A', ' A'), 'B', ' B'), 'C', ' C'), 'D', ' D'), 'E', ' E'), 'F', ' F'), 'G', ' G'), 'H', ' H'), 'I', ' I'), 'J', ' J'), 'K', ' K'), 'L', ' L'), 'M', ' M'), 'N', ' N'), 'O', ' O'), 'P', ' P'), 'Q', ' Q'), 'R', ' R'), 'S', ' S'), 'T', ' T'), 'U', ' U'), 'V', ' V'), 'W', ' W'), 'X', ' X'), 'Y', ' Y'), 'Z', ' Z')) AS body_words,
       team, provider, stage, event_type
FROM (
    SELECT 2000000000000 + f.id AS doc_id, 'function' AS kind, f.id AS entity_id, f.service_id AS service_id, f.name AS name,
           s.name || CASE WHEN s.stage <> '' THEN ' · ' || s.stage ELSE '' END || COALESCE(' · ' || t.name, '') AS subtitle,
           COALESCE(replace(f.description, char(10), ' '), '') || char(10) || COALESCE(f.handler, '') || char(10)
           || COALESCE(f.runtime, '') || char(10) || COALESCE(f.deployed_name, '') || char(10)
           || CASE WHEN f.tags <> '{}' THEN replace(f.tags, char(10), ' ') ELSE '' END AS body,
           COALESCE(t.name, '') AS team, s.provider AS provider, s.stage AS stage, '' AS event_type
    FROM functions f JOIN services s ON s.id = f.service_id LEFT JOIN teams t ON t.id = s.team_id
    WHERE f.removed_at IS NULL AND s.removed_at IS NULL
) doc;

CREATE VIEW search_event_docs AS
SELECT doc_id, kind, entity_id, service_id, name, lower(name) AS name_key, subtitle, body,
       lower(name) || ' ' || lower(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(name, 'A', ' A'), 'B', ' B'), 'C', ' C'), 'D', ' D'), 'E', ' E'), 'F', ' F'), 'G', ' G'), 'H', ' H'), 'I', ' I'), 'J', ' J'), 'K', ' K'), 'L', ' L'), 'M', ' M'), 'N', ' N'), 'O', ' O'), 'P', ' P'), 'Q', ' Q'), 'R', ' R'), 'S', ' S'), 'T', ' T'), 'U', ' U'), 'V', ' V'), 'W', ' W'), 'X', ' X'), 'Y', ' Y'), 'Z', ' Z')) AS name_words,
       lower(body) || ' ' || lower(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(body, 'A', ' A'), 'B', ' B'), 'C', ' C'), 'D', ' D'), 'E', ' E'), 'F', ' F'), 'G', ' G'), 'H', ' H'), 'I', ' I'), 'J', ' J'), 'K', ' K'), 'L', ' L'), 'M', ' M'), 'N', ' N'), 'O', ' O'), 'P', ' P'), 'Q', ' Q'), 'R', ' R'), 'S', ' S'), 'T', ' T'), 'U', ' U'), 'V', ' V'), 'W', ' W'), 'X', ' X'), 'Y', ' Y'), 'Z', ' Z')) AS body_words,
       team, provider, stage, event_type
FROM (
    SELECT 3000000000000 + e.id AS doc_id, 'event' AS kind, e.id AS entity_id, NULL AS service_id, e.name AS name,
           e.kind || ' · ' || e.key AS subtitle, e.key AS body,
           '' AS team, '' AS provider, '' AS stage, e.kind AS event_type
    FROM events e
) doc;

CREATE VIEW search_team_docs AS
SELECT doc_id, kind, entity_id, service_id, name, lower(name) AS name_key, subtitle, body,
       lower(name) || ' ' || lower(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(name, 'A', ' A'), 'B', ' B'), 'C', ' C'), 'D', ' D'), 'E', ' E'), 'F', ' F'), 'G', ' G'), 'H', ' H'), 'I', ' I'), 'J', ' J'), 'K', ' K'), 'L', ' L'), 'M', ' M'), 'N', ' N'), 'O', ' O'), 'P', ' P'), 'Q', ' Q'), 'R', ' R'), 'S', ' S'), 'T', ' T'), 'U', ' U'), 'V', ' V'), 'W', ' W'), 'X', ' X'), 'Y', ' Y'), 'Z', ' Z')) AS name_words,
       lower(body) || ' ' || lower(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(body, 'A', ' A'), 'B', ' B'), 'C', ' C'), 'D', ' D'), 'E', ' E'), 'F', ' F'), 'G', ' G'), 'H', ' H'), 'I', ' I'), 'J', ' J'), 'K', ' K'), 'L', ' L'), 'M', ' M'), 'N', ' N'), 'O', ' O'), 'P', ' P'), 'Q', ' Q'), 'R', ' R'), 'S', ' S'), 'T', ' T'), 'U', ' U'), 'V', ' V'), 'W', ' W'), 'X', ' X'), 'Y', ' Y'), 'Z', ' Z')) AS body_words,
       team, provider, stage, event_type
FROM (
    SELECT 4000000000000 + t.id AS doc_id, 'team' AS kind, t.id AS entity_id, NULL AS service_id, t.name AS name,
           'team' AS subtitle, '' AS body, t.name AS team, '' AS provider, '' AS stage, '' AS event_type
    FROM teams t
) doc;

-- Keeping docs in step. Every change deletes the doc and copies it again from its view, which
-- leaves it out when the row is removed. Updates fire only on columns a doc shows, so the
-- last_seen stamps of every ingest cost nothing here.

CREATE TRIGGER search_service_added AFTER INSERT ON services
WHEN NOT (SELECT deferred FROM search_state)
BEGIN
    INSERT INTO search_docs (doc_id, kind, entity_id, service_id, name, name_key, subtitle, body, name_words, body_words, team, provider, stage, event_type)
    SELECT doc_id, kind, entity_id, service_id, name, name_key, subtitle, body, name_words, body_words, team, provider, stage, event_type
    FROM search_service_docs WHERE entity_id = NEW.id;
END;

CREATE TRIGGER search_service_changed
AFTER UPDATE OF team_id, name, stage, region, provider, format, description, org, app, runtime, tags, source, removed_at ON services
WHEN NOT (SELECT deferred FROM search_state) AND (OLD.team_id IS NOT NEW.team_id OR OLD.name IS NOT NEW.name OR OLD.stage IS NOT NEW.stage
    OR OLD.region IS NOT NEW.region OR OLD.provider IS NOT NEW.provider OR OLD.format IS NOT NEW.format
    OR OLD.description IS NOT NEW.description OR OLD.org IS NOT NEW.org OR OLD.app IS NOT NEW.app
    OR OLD.runtime IS NOT NEW.runtime OR OLD.tags IS NOT NEW.tags OR OLD.source IS NOT NEW.source
    OR (OLD.removed_at IS NULL) <> (NEW.removed_at IS NULL))
BEGIN
    DELETE FROM search_docs WHERE doc_id = 1000000000000 + NEW.id;
    INSERT INTO search_docs (doc_id, kind, entity_id, service_id, name, name_key, subtitle, body, name_words, body_words, team, provider, stage, event_type)
    SELECT doc_id, kind, entity_id, service_id, name, name_key, subtitle, body, name_words, body_words, team, provider, stage, event_type
    FROM search_service_docs WHERE entity_id = NEW.id;
END;

-- A function's doc shows its service's name, stage, team and provider.
CREATE TRIGGER search_service_functions_changed
AFTER UPDATE OF team_id, name, stage, provider, removed_at ON services
WHEN NOT (SELECT deferred FROM search_state) AND (OLD.team_id IS NOT NEW.team_id OR OLD.name IS NOT NEW.name OR OLD.stage IS NOT NEW.stage
    OR OLD.provider IS NOT NEW.provider OR (OLD.removed_at IS NULL) <> (NEW.removed_at IS NULL))
BEGIN
    DELETE FROM search_docs WHERE service_id = NEW.id;
    INSERT INTO search_docs (doc_id, kind, entity_id, service_id, name, name_key, subtitle, body, name_words, body_words, team, provider, stage, event_type)
    SELECT doc_id, kind, entity_id, service_id, name, name_key, subtitle, body, name_words, body_words, team, provider, stage, event_type
    FROM search_function_docs WHERE service_id = NEW.id;
END;

CREATE TRIGGER search_function_added AFTER INSERT ON functions
WHEN NOT (SELECT deferred FROM search_state)
BEGIN
    INSERT INTO search_docs (doc_id, kind, entity_id, service_id, name, name_key, subtitle, body, name_words, body_words, team, provider, stage, event_type)
    SELECT doc_id, kind, entity_id, service_id, name, name_key, subtitle, body, name_words, body_words, team, provider, stage, event_type
    FROM search_function_docs WHERE entity_id = NEW.id;
END;

CREATE TRIGGER search_function_changed
AFTER UPDATE OF service_id, name, deployed_name, handler, runtime, architecture, description, tags, removed_at ON functions
WHEN NOT (SELECT deferred FROM search_state) AND (OLD.service_id IS NOT NEW.service_id OR OLD.name IS NOT NEW.name OR OLD.deployed_name IS NOT NEW.deployed_name
    OR OLD.handler IS NOT NEW.handler OR OLD.runtime IS NOT NEW.runtime OR OLD.architecture IS NOT NEW.architecture
    OR OLD.description IS NOT NEW.description OR OLD.tags IS NOT NEW.tags
    OR (OLD.removed_at IS NULL) <> (NEW.removed_at IS NULL))
BEGIN
    DELETE FROM search_docs WHERE doc_id = 2000000000000 + NEW.id;
    INSERT INTO search_docs (doc_id, kind, entity_id, service_id, name, name_key, subtitle, body, name_words, body_words, team, provider, stage, event_type)
    SELECT doc_id, kind, entity_id, service_id, name, name_key, subtitle, body, name_words, body_words, team, provider, stage, event_type
    FROM search_function_docs WHERE entity_id = NEW.id;
END;

CREATE TRIGGER search_event_added AFTER INSERT ON events
WHEN NOT (SELECT deferred FROM search_state)
BEGIN
    INSERT INTO search_docs (doc_id, kind, entity_id, service_id, name, name_key, subtitle, body, name_words, body_words, team, provider, stage, event_type)
    SELECT doc_id, kind, entity_id, service_id, name, name_key, subtitle, body, name_words, body_words, team, provider, stage, event_type
    FROM search_event_docs WHERE entity_id = NEW.id;
END;

CREATE TRIGGER search_event_changed AFTER UPDATE OF key, kind, name, detail ON events
WHEN NOT (SELECT deferred FROM search_state) AND (OLD.key IS NOT NEW.key OR OLD.kind IS NOT NEW.kind OR OLD.name IS NOT NEW.name OR OLD.detail IS NOT NEW.detail)
BEGIN
    DELETE FROM search_docs WHERE doc_id = 3000000000000 + NEW.id;
    INSERT INTO search_docs (doc_id, kind, entity_id, service_id, name, name_key, subtitle, body, name_words, body_words, team, provider, stage, event_type)
    SELECT doc_id, kind, entity_id, service_id, name, name_key, subtitle, body, name_words, body_words, team, provider, stage, event_type
    FROM search_event_docs WHERE entity_id = NEW.id;
END;

CREATE TRIGGER search_team_added AFTER INSERT ON teams
WHEN NOT (SELECT deferred FROM search_state)
BEGIN
    INSERT INTO search_docs (doc_id, kind, entity_id, service_id, name, name_key, subtitle, body, name_words, body_words, team, provider, stage, event_type)
    SELECT doc_id, kind, entity_id, service_id, name, name_key, subtitle, body, name_words, body_words, team, provider, stage, event_type
    FROM search_team_docs WHERE entity_id = NEW.id;
END;

-- Ingestion never renames a team, but a doc must not keep a stale name if someone does.
CREATE TRIGGER search_team_renamed AFTER UPDATE OF name ON teams WHEN NOT (SELECT deferred FROM search_state) AND (OLD.name IS NOT NEW.name)
BEGIN
    DELETE FROM search_docs WHERE doc_id = 4000000000000 + NEW.id OR (team = OLD.name AND kind IN ('service', 'function'));
    INSERT INTO search_docs (doc_id, kind, entity_id, service_id, name, name_key, subtitle, body, name_words, body_words, team, provider, stage, event_type)
    SELECT doc_id, kind, entity_id, service_id, name, name_key, subtitle, body, name_words, body_words, team, provider, stage, event_type
    FROM search_team_docs WHERE entity_id = NEW.id
    UNION ALL
    SELECT doc_id, kind, entity_id, service_id, name, name_key, subtitle, body, name_words, body_words, team, provider, stage, event_type
    FROM search_service_docs WHERE team = NEW.name
    UNION ALL
    SELECT doc_id, kind, entity_id, service_id, name, name_key, subtitle, body, name_words, body_words, team, provider, stage, event_type
    FROM search_function_docs WHERE team = NEW.name;
END;

-- Whatever the catalog already holds.
INSERT INTO search_docs (doc_id, kind, entity_id, service_id, name, name_key, subtitle, body, name_words, body_words, team, provider, stage, event_type)
SELECT doc_id, kind, entity_id, service_id, name, name_key, subtitle, body, name_words, body_words, team, provider, stage, event_type FROM search_service_docs
UNION ALL
SELECT doc_id, kind, entity_id, service_id, name, name_key, subtitle, body, name_words, body_words, team, provider, stage, event_type FROM search_function_docs
UNION ALL
SELECT doc_id, kind, entity_id, service_id, name, name_key, subtitle, body, name_words, body_words, team, provider, stage, event_type FROM search_event_docs
UNION ALL
SELECT doc_id, kind, entity_id, service_id, name, name_key, subtitle, body, name_words, body_words, team, provider, stage, event_type FROM search_team_docs;
