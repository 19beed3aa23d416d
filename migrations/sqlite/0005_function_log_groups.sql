-- The CloudWatch log group a manifest sends a function's logs to, when it is not the default
-- `/aws/lambda/<deployed name>` (SAM/CloudFormation `LoggingConfig.LogGroup`, serverless
-- `logs.logGroup`). The log pages and the puller read this group instead.
ALTER TABLE functions ADD COLUMN log_group TEXT;
