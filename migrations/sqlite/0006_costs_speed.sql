-- What keeps the costs page fast over millions of rolled-up invocations.

-- The page sums every function's roll-ups over a period and the one before it. This index
-- holds every column that sum reads, in period order, so it is read as one range with no
-- table lookups (it replaces the plain (period, start_ms) index).
CREATE INDEX invocation_rollups_costs ON invocation_rollups (
    period, start_ms, function_id,
    invocations, errors, billed_ms_sum, billed_mb_ms, cost_usd, memory_size_mb, max_memory_used_mb
);
DROP INDEX invocation_rollups_period;

-- A counter every change to the roll-ups bumps in the same transaction, so computed costs
-- pages can be kept until the roll-ups (or the catalog) change, whichever process changed them.
CREATE TABLE rollup_version (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    version BIGINT NOT NULL
);
INSERT INTO rollup_version (id, version) VALUES (1, 0);
