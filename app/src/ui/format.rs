//! How values are written on pages. Server and browser must render the same text, so nothing
//! here depends on the clock or the browser's locale.

use chrono::{DateTime, Utc};

/// A timestamp as `2026-11-22 23:40 UTC`.
pub fn timestamp(at: &DateTime<Utc>) -> String {
    at.format("%Y-%m-%d %H:%M UTC").to_string()
}

/// A readable name for an event kind.
pub fn kind_label(kind: &str) -> String {
    let label = match kind {
        "sns_topic" => "SNS topic",
        "sqs_queue" => "SQS queue",
        "eventbridge_rule" => "EventBridge rule",
        "eventbridge_bus" => "EventBridge bus",
        "schedule" => "Schedule",
        "http_route" => "HTTP route",
        "websocket_route" => "WebSocket route",
        "s3_bucket" => "S3 bucket",
        "dynamodb_stream" => "DynamoDB stream",
        "kinesis_stream" => "Kinesis stream",
        "firehose_stream" => "Firehose stream",
        "kafka_topic" => "Kafka topic",
        "mq_queue" => "MQ queue",
        "iot_rule" => "IoT rule",
        "cognito_trigger" => "Cognito trigger",
        "cloudwatch_logs" => "CloudWatch Logs",
        "alexa_skill" => "Alexa skill",
        "alexa_smart_home" => "Alexa smart home",
        "alb" => "Load balancer",
        "cloudfront" => "CloudFront",
        "documentdb_stream" => "DocumentDB stream",
        other => return other.to_string(),
    };
    label.to_string()
}

/// An optional value, or an en dash.
pub fn or_dash<T: ToString>(value: &Option<T>) -> String {
    value.as_ref().map(ToString::to_string).unwrap_or_else(|| "–".to_string())
}

/// "prod · us-east-1", leaving out empty parts.
pub fn stage_region(stage: &str, region: &str) -> String {
    [stage, region].iter().filter(|s| !s.is_empty()).copied().collect::<Vec<_>>().join(" · ")
}
