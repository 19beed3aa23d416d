//! How values are written on pages. Server and browser must render the same text, so nothing
//! here depends on the clock or the browser's locale.

use chrono::{DateTime, Datelike, Timelike, Utc};

/// A timestamp as `2026-11-22 23:40 UTC`.
// Written out rather than with `format("%Y-…")`: chrono's strftime parser would otherwise be
// compiled into the browser's bundle for this one format.
pub fn timestamp(at: &DateTime<Utc>) -> String {
    format!("{:04}-{:02}-{:02} {:02}:{:02} UTC", at.year(), at.month(), at.day(), at.hour(), at.minute())
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

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    #[test]
    fn timestamps_are_zero_padded_minutes_in_utc() {
        let at = Utc.with_ymd_and_hms(2026, 3, 4, 5, 6, 59).unwrap();
        assert_eq!(timestamp(&at), "2026-03-04 05:06 UTC");
    }
}
