-- The catalog: teams own services; services have functions; functions subscribe to and
-- publish to shared events. Rows are never deleted by ingestion: removed_at marks what disappeared.
-- Timestamps are RFC 3339 text (sqlx's chrono encoding); JSON columns hold text.

CREATE TABLE teams (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
);

CREATE TABLE services (
    id INTEGER PRIMARY KEY,
    team_id INTEGER REFERENCES teams (id),
    name TEXT NOT NULL,
    stage TEXT NOT NULL DEFAULT '',
    region TEXT NOT NULL DEFAULT '',
    provider TEXT NOT NULL,
    format TEXT NOT NULL,
    description TEXT,
    org TEXT,
    app TEXT,
    runtime TEXT,
    tags TEXT NOT NULL DEFAULT '{}',
    source TEXT NOT NULL,
    source_line INTEGER NOT NULL DEFAULT 1,
    content_hash TEXT NOT NULL,
    first_seen TEXT NOT NULL,
    last_seen TEXT NOT NULL,
    changed_at TEXT NOT NULL,
    removed_at TEXT,
    UNIQUE (source, name, stage, region)
);
CREATE INDEX services_team ON services (team_id);
CREATE INDEX services_changed ON services (changed_at);

CREATE TABLE functions (
    id INTEGER PRIMARY KEY,
    service_id INTEGER NOT NULL REFERENCES services (id),
    name TEXT NOT NULL,
    deployed_name TEXT,
    handler TEXT,
    runtime TEXT,
    memory_mb INTEGER,
    timeout_s INTEGER,
    architecture TEXT,
    description TEXT,
    tags TEXT NOT NULL DEFAULT '{}',
    env_vars TEXT NOT NULL DEFAULT '[]',
    source_line INTEGER NOT NULL DEFAULT 1,
    first_seen TEXT NOT NULL,
    last_seen TEXT NOT NULL,
    removed_at TEXT,
    UNIQUE (service_id, name)
);

CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT '{}',
    first_seen TEXT NOT NULL,
    last_seen TEXT NOT NULL
);
CREATE INDEX events_kind ON events (kind, name);

CREATE TABLE subscriptions (
    id INTEGER PRIMARY KEY,
    function_id INTEGER NOT NULL REFERENCES functions (id),
    event_id INTEGER NOT NULL REFERENCES events (id),
    config TEXT NOT NULL DEFAULT '{}',
    source_line INTEGER NOT NULL DEFAULT 1,
    first_seen TEXT NOT NULL,
    last_seen TEXT NOT NULL,
    removed_at TEXT,
    UNIQUE (function_id, event_id)
);
CREATE INDEX subscriptions_event ON subscriptions (event_id);

CREATE TABLE producers (
    id INTEGER PRIMARY KEY,
    function_id INTEGER NOT NULL REFERENCES functions (id),
    event_id INTEGER NOT NULL REFERENCES events (id),
    first_seen TEXT NOT NULL,
    last_seen TEXT NOT NULL,
    removed_at TEXT,
    UNIQUE (function_id, event_id)
);
CREATE INDEX producers_event ON producers (event_id);
