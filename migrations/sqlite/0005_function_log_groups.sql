-- The CloudWatch log group a manifest sends a function's logs to, when it is not the default
-- `/aws/lambda/<deployed name>` (SAM/CloudFormation `LoggingConfig.LogGroup`, serverless
-- `logs.logGroup`). The log pages and the puller read this group instead.
ALTER TABLE functions ADD COLUMN log_group TEXT;

-- Several functions may share such a group, each reading only its own streams, so the puller
-- keeps a cursor per function in each group.
CREATE TABLE log_cursors_per_function (
    region TEXT NOT NULL,
    log_group TEXT NOT NULL,
    function_id INTEGER NOT NULL REFERENCES functions (id),
    after_ms BIGINT NOT NULL,
    seen_event_ids TEXT NOT NULL DEFAULT '[]',
    updated_ms BIGINT NOT NULL,
    PRIMARY KEY (region, log_group, function_id)
);
INSERT INTO log_cursors_per_function (region, log_group, function_id, after_ms, seen_event_ids, updated_ms)
    SELECT region, log_group, function_id, after_ms, seen_event_ids, updated_ms FROM log_cursors;
DROP TABLE log_cursors;
ALTER TABLE log_cursors_per_function RENAME TO log_cursors;
