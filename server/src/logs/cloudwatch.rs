//! CloudWatch Logs through the AWS SDK: the default credential chain and profiles, a client per
//! region, `FilterLogEvents` with its `nextToken`, an optional endpoint override, and every call
//! bounded by the configured timeout. The SDK's own retries are off: callers that want retries
//! (the puller) use [`super::retry`], so a page never waits on hidden retries.

use std::collections::HashMap;
use std::time::Duration;

use aws_config::BehaviorVersion;
use aws_config::retry::RetryConfig;
use aws_config::timeout::TimeoutConfig;
use aws_sdk_cloudwatchlogs::Client;
use aws_sdk_cloudwatchlogs::config::{Region, SharedCredentialsProvider};
use aws_sdk_cloudwatchlogs::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};
use aws_sdk_cloudwatchlogs::operation::filter_log_events::FilterLogEventsError;
use tokio::sync::Mutex;

use super::source::MAX_PAGE_EVENTS;
use super::{LogError, LogEvent, LogPage, LogQuery, LogSource, LogTarget};

/// Region used for functions whose service names none, unless configured.
pub const FALLBACK_REGION: &str = "us-east-1";

/// How to reach CloudWatch Logs.
#[derive(Clone, Debug)]
pub struct CloudWatchSettings {
    /// Region for functions whose service has none; default `AWS_REGION` / the profile's, then
    /// us-east-1.
    pub default_region: Option<String>,
    /// Named profile of `~/.aws/config`; default: the SDK's chain (`AWS_PROFILE`, `default`).
    pub profile: Option<String>,
    /// Endpoint to call instead of AWS's, e.g. a compatible server on `http://127.0.0.1:5000`.
    pub endpoint_url: Option<String>,
    /// Bound on every call, connection included.
    pub timeout: Duration,
    /// Credentials to use instead of the default chain (tests against a local server).
    pub credentials: Option<SharedCredentialsProvider>,
}

/// Reads function logs from CloudWatch Logs.
pub struct CloudWatchSource {
    settings: CloudWatchSettings,
    clients: Mutex<HashMap<String, Client>>,
}

impl CloudWatchSource {
    /// A source with these settings; clients are made per region on first use.
    pub fn new(settings: CloudWatchSettings) -> CloudWatchSource {
        CloudWatchSource { settings, clients: Mutex::new(HashMap::new()) }
    }

    fn region_of<'a>(&'a self, target: &'a LogTarget) -> Option<&'a str> {
        Some(target.region.as_str()).filter(|r| !r.is_empty()).or(self.settings.default_region.as_deref())
    }

    async fn client(&self, region: Option<&str>) -> Client {
        let key = region.unwrap_or("").to_string();
        let mut clients = self.clients.lock().await;
        if let Some(client) = clients.get(&key) {
            return client.clone();
        }
        let timeouts = TimeoutConfig::builder()
            .operation_timeout(self.settings.timeout)
            .connect_timeout(self.settings.timeout)
            .build();
        let mut loader = aws_config::defaults(BehaviorVersion::latest())
            .timeout_config(timeouts)
            .retry_config(RetryConfig::disabled());
        if let Some(region) = region {
            loader = loader.region(Region::new(region.to_string()));
        }
        if let Some(profile) = &self.settings.profile {
            loader = loader.profile_name(profile);
        }
        if let Some(endpoint) = &self.settings.endpoint_url {
            loader = loader.endpoint_url(endpoint);
        }
        if let Some(credentials) = &self.settings.credentials {
            loader = loader.credentials_provider(credentials.clone());
        }
        let shared = loader.load().await;
        let mut config = aws_sdk_cloudwatchlogs::config::Builder::from(&shared);
        if shared.region().is_none() {
            config = config.region(Region::new(FALLBACK_REGION));
        }
        let client = Client::from_conf(config.build());
        clients.insert(key, client.clone());
        client
    }
}

#[async_trait::async_trait]
impl LogSource for CloudWatchSource {
    fn name(&self) -> &'static str {
        "cloudwatch"
    }

    async fn fetch(&self, target: &LogTarget, query: &LogQuery) -> Result<LogPage, LogError> {
        let region = self.region_of(target).map(str::to_string);
        let client = self.client(region.as_deref()).await;
        let limit = i32::try_from(query.limit.clamp(1, MAX_PAGE_EVENTS)).unwrap_or(10_000);
        let request = client
            .filter_log_events()
            .log_group_name(&target.log_group)
            .limit(limit)
            .set_start_time(query.start_ms)
            .set_end_time(query.end_ms)
            .set_filter_pattern(query.filter.clone().filter(|f| !f.trim().is_empty()))
            .set_next_token(query.next_token.clone());
        let timeout_ms = u64::try_from(self.settings.timeout.as_millis()).unwrap_or(u64::MAX);
        let timed_out = || LogError::Timeout { log_group: target.log_group.clone(), timeout_ms };
        // The SDK bounds the call too; this also covers credential and region resolution.
        let output = tokio::time::timeout(self.settings.timeout, request.send())
            .await
            .map_err(|_| timed_out())?
            .map_err(|error| map_error(error, target, region.as_deref().unwrap_or(FALLBACK_REGION), timeout_ms))?;
        let events = output
            .events()
            .iter()
            .filter(|event| target.owns_stream(event.log_stream_name()))
            .map(|event| LogEvent {
                event_id: event.event_id().unwrap_or_default().to_string(),
                timestamp_ms: event.timestamp().unwrap_or_default(),
                ingestion_ms: event.ingestion_time(),
                stream: event.log_stream_name().map(str::to_string),
                message: event.message().unwrap_or_default().to_string(),
            })
            .collect();
        Ok(LogPage { events, next_token: output.next_token().map(str::to_string).filter(|t| !t.is_empty()) })
    }
}

/// Turns an SDK error into what failed and what to check.
fn map_error(
    error: SdkError<FilterLogEventsError, aws_sdk_cloudwatchlogs::config::http::HttpResponse>,
    target: &LogTarget,
    region: &str,
    timeout_ms: u64,
) -> LogError {
    let log_group = target.log_group.clone();
    match error {
        SdkError::TimeoutError(_) => LogError::Timeout { log_group, timeout_ms },
        SdkError::DispatchFailure(failure) if failure.is_timeout() => LogError::Timeout { log_group, timeout_ms },
        SdkError::DispatchFailure(failure) if failure.is_user() => LogError::Config(
            DisplayErrorContext(&SdkError::<FilterLogEventsError>::DispatchFailure(failure)).to_string(),
        ),
        SdkError::DispatchFailure(failure) => {
            let reason = DisplayErrorContext(&SdkError::<FilterLogEventsError>::DispatchFailure(failure)).to_string();
            LogError::Unreachable { log_group, reason }
        }
        SdkError::ConstructionFailure(_) => LogError::Config(DisplayErrorContext(&error).to_string()),
        SdkError::ResponseError(response) => {
            let status = response.raw().status().as_u16();
            if status >= 500 {
                LogError::ServerError { log_group, status }
            } else {
                LogError::Other { log_group, code: format!("unreadable answer (HTTP {status})") }
            }
        }
        SdkError::ServiceError(service) => {
            let status = service.raw().status().as_u16();
            let error = service.into_err();
            let code = error.code().unwrap_or("").to_string();
            match &error {
                FilterLogEventsError::ResourceNotFoundException(_) => {
                    LogError::LogGroupNotFound { log_group, region: region.to_string() }
                }
                FilterLogEventsError::ServiceUnavailableException(_) => LogError::ServerError { log_group, status },
                FilterLogEventsError::InvalidParameterException(e) => LogError::InvalidQuery {
                    field: "filter",
                    message: e.message().unwrap_or("CloudWatch refused a parameter").to_string(),
                },
                _ if code == "ThrottlingException" || status == 429 => LogError::Throttled { log_group },
                _ if code.contains("AccessDenied")
                    || matches!(
                        code.as_str(),
                        "UnrecognizedClientException"
                            | "InvalidSignatureException"
                            | "ExpiredTokenException"
                            | "InvalidClientTokenId"
                    )
                    || status == 403 =>
                {
                    LogError::AccessDenied { log_group, detail: format!(" ({code})") }
                }
                _ if status >= 500 => LogError::ServerError { log_group, status },
                _ => LogError::Other { log_group, code: if code.is_empty() { format!("HTTP {status}") } else { code } },
            }
        }
        other => LogError::Other { log_group, code: DisplayErrorContext(&other).to_string() },
    }
}
