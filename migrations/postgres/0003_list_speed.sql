-- What keeps the services list fast at 100,000 functions.

-- A counter every catalog change bumps in its own transaction (Database::apply_manifest), so
-- readers can keep aggregates that are costly to count (the services list facets) until the
-- catalog changes, whichever process changed it.
CREATE TABLE catalog_version (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    version BIGINT NOT NULL
);
INSERT INTO catalog_version (id, version) VALUES (1, 0);

-- The list's default order, read in order so a page stops after its 50 rows.
CREATE INDEX services_name ON services (name, id);
