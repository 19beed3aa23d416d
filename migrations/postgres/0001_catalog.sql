-- The catalog: teams own services; services have functions; functions subscribe to and
-- publish to shared events. Rows are never deleted by ingestion: removed_at marks what disappeared.
-- Timestamps are timestamptz; JSON columns hold text so both backends decode the same Rust types.

CREATE TABLE teams (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    created_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE services (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    team_id BIGINT REFERENCES teams (id),
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
    source_line BIGINT NOT NULL DEFAULT 1,
    content_hash TEXT NOT NULL,
    first_seen TIMESTAMPTZ NOT NULL,
    last_seen TIMESTAMPTZ NOT NULL,
    changed_at TIMESTAMPTZ NOT NULL,
    removed_at TIMESTAMPTZ,
    UNIQUE (source, name, stage, region)
);
CREATE INDEX services_team ON services (team_id);
CREATE INDEX services_changed ON services (changed_at);

CREATE TABLE functions (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    service_id BIGINT NOT NULL REFERENCES services (id),
    name TEXT NOT NULL,
    deployed_name TEXT,
    handler TEXT,
    runtime TEXT,
    memory_mb BIGINT,
    timeout_s BIGINT,
    architecture TEXT,
    description TEXT,
    tags TEXT NOT NULL DEFAULT '{}',
    env_vars TEXT NOT NULL DEFAULT '[]',
    source_line BIGINT NOT NULL DEFAULT 1,
    first_seen TIMESTAMPTZ NOT NULL,
    last_seen TIMESTAMPTZ NOT NULL,
    removed_at TIMESTAMPTZ,
    UNIQUE (service_id, name)
);

CREATE TABLE events (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT '{}',
    first_seen TIMESTAMPTZ NOT NULL,
    last_seen TIMESTAMPTZ NOT NULL
);
CREATE INDEX events_kind ON events (kind, name);

CREATE TABLE subscriptions (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    function_id BIGINT NOT NULL REFERENCES functions (id),
    event_id BIGINT NOT NULL REFERENCES events (id),
    config TEXT NOT NULL DEFAULT '{}',
    source_line BIGINT NOT NULL DEFAULT 1,
    first_seen TIMESTAMPTZ NOT NULL,
    last_seen TIMESTAMPTZ NOT NULL,
    removed_at TIMESTAMPTZ,
    UNIQUE (function_id, event_id)
);
CREATE INDEX subscriptions_event ON subscriptions (event_id);

CREATE TABLE producers (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    function_id BIGINT NOT NULL REFERENCES functions (id),
    event_id BIGINT NOT NULL REFERENCES events (id),
    first_seen TIMESTAMPTZ NOT NULL,
    last_seen TIMESTAMPTZ NOT NULL,
    removed_at TIMESTAMPTZ,
    UNIQUE (function_id, event_id)
);
CREATE INDEX producers_event ON producers (event_id);
