//! CloudWatch Logs tests run against moto's real server, started by scripts/test, seeded
//! through the AWS SDK like a real account would be.

use std::sync::Arc;
use std::time::Duration;

use aws_sdk_cloudwatchlogs::Client;
use aws_sdk_cloudwatchlogs::config::{Credentials, Region, SharedCredentialsProvider};
use aws_sdk_cloudwatchlogs::types::InputLogEvent;
use server::logs::LogSource;
use server::logs::cloudwatch::{CloudWatchSettings, CloudWatchSource};

/// Where the moto server listens; scripts/test sets it.
pub const MOTO_URL_VAR: &str = "SWITCHBOARD_TEST_MOTO_URL";

/// The moto server's URL.
pub fn moto_url() -> String {
    std::env::var(MOTO_URL_VAR)
        .unwrap_or_else(|_| panic!("{MOTO_URL_VAR} is not set: run scripts/test, which starts moto_server and sets it"))
}

/// moto accepts any key; these are not secrets.
fn test_credentials() -> SharedCredentialsProvider {
    SharedCredentialsProvider::new(Credentials::new("testing", "testing", None, None, "switchboard-tests"))
}

/// A CloudWatch source pointed at `endpoint` with test credentials.
pub fn cloudwatch_source(endpoint: &str, timeout: Duration) -> Arc<dyn LogSource> {
    Arc::new(CloudWatchSource::new(CloudWatchSettings {
        default_region: Some("us-east-1".into()),
        profile: None,
        endpoint_url: Some(endpoint.to_string()),
        timeout,
        credentials: Some(test_credentials()),
    }))
}

/// An SDK client for seeding moto.
pub fn seed_client(endpoint: &str) -> Client {
    let config = aws_sdk_cloudwatchlogs::Config::builder()
        .behavior_version_latest()
        .region(Region::new("us-east-1"))
        .endpoint_url(endpoint)
        .credentials_provider(test_credentials())
        .build();
    Client::from_conf(config)
}

/// Puts `events` (time-ordered) into `group`/`stream`, creating both if needed.
pub async fn seed(client: &Client, group: &str, stream: &str, events: &[(i64, String)]) {
    let _ = client.create_log_group().log_group_name(group).send().await;
    let _ = client.create_log_stream().log_group_name(group).log_stream_name(stream).send().await;
    let events: Vec<InputLogEvent> = events
        .iter()
        .map(|(at, message)| InputLogEvent::builder().timestamp(*at).message(message).build().expect("event"))
        .collect();
    client
        .put_log_events()
        .log_group_name(group)
        .log_stream_name(stream)
        .set_log_events(Some(events))
        .send()
        .await
        .expect("moto takes the events");
}

/// A name no other test uses, for services and so log groups (one moto serves every test).
pub fn unique(prefix: &str) -> String {
    use std::sync::atomic::{AtomicU32, Ordering};
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let nanos =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.subsec_nanos()).unwrap_or(0);
    format!("{prefix}{}x{}x{nanos}", std::process::id(), NEXT.fetch_add(1, Ordering::Relaxed))
}
