-- The CloudWatch log group a manifest sends a function's logs to, when it is not the default
-- `/aws/lambda/<deployed name>` (SAM/CloudFormation `LoggingConfig.LogGroup`, serverless
-- `logs.logGroup`). The log pages and the puller read this group instead.
ALTER TABLE functions ADD COLUMN log_group TEXT;

-- Several functions may share such a group, each reading only its own streams, so the puller
-- keeps a cursor per function in each group.
ALTER TABLE log_cursors DROP CONSTRAINT log_cursors_pkey, ADD PRIMARY KEY (region, log_group, function_id);
