-- Function logs: events pushed to Switchboard (the local log source), roll-ups of REPORT lines per
-- function per hour and per day, and the puller's cursor per CloudWatch log group.
-- Times are epoch milliseconds, so both backends order and compare them the same way.

CREATE TABLE log_events (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    function_id BIGINT NOT NULL REFERENCES functions (id),
    timestamp_ms BIGINT NOT NULL,
    ingested_ms BIGINT NOT NULL,
    stream TEXT,
    message TEXT NOT NULL
);
CREATE INDEX log_events_function_time ON log_events (function_id, timestamp_ms, id);
CREATE INDEX log_events_time ON log_events (timestamp_ms);

-- Sums only (and maxima), so the roll-up of any set of hours is the sum of their rows.
CREATE TABLE invocation_rollups (
    function_id BIGINT NOT NULL REFERENCES functions (id),
    period TEXT NOT NULL CHECK (period IN ('hour', 'day')),
    start_ms BIGINT NOT NULL,
    invocations BIGINT NOT NULL,
    errors BIGINT NOT NULL,
    timeouts BIGINT NOT NULL,
    cold_starts BIGINT NOT NULL,
    duration_us_sum BIGINT NOT NULL,
    billed_ms_sum BIGINT NOT NULL,
    billed_mb_ms BIGINT NOT NULL,
    max_memory_used_mb BIGINT NOT NULL,
    memory_size_mb BIGINT NOT NULL,
    cost_usd DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (function_id, period, start_ms)
);
CREATE INDEX invocation_rollups_period ON invocation_rollups (period, start_ms);

-- The duration histogram of each roll-up, one row per non-empty bucket (see logs/histogram.rs).
CREATE TABLE duration_buckets (
    function_id BIGINT NOT NULL REFERENCES functions (id),
    period TEXT NOT NULL CHECK (period IN ('hour', 'day')),
    start_ms BIGINT NOT NULL,
    bucket BIGINT NOT NULL,
    count BIGINT NOT NULL,
    PRIMARY KEY (function_id, period, start_ms, bucket)
);

CREATE TABLE log_cursors (
    region TEXT NOT NULL,
    log_group TEXT NOT NULL,
    function_id BIGINT NOT NULL REFERENCES functions (id),
    after_ms BIGINT NOT NULL,
    -- eventIds already counted at after_ms: events with equal timestamps are fetched again
    -- from after_ms and skipped by id, so none is counted twice or missed.
    seen_event_ids TEXT NOT NULL DEFAULT '[]',
    updated_ms BIGINT NOT NULL,
    PRIMARY KEY (region, log_group)
);
