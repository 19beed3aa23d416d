//! The log layer's one error type: what failed and what to check, never raw AWS text alone.

/// Why logs could not be fetched.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LogError {
    /// CloudWatch Logs refused for rate (ThrottlingException, HTTP 429).
    #[error(
        "CloudWatch Logs throttled the request for {log_group}: wait and retry, or lower log_pull_concurrency / raise log_pull_interval_secs"
    )]
    Throttled {
        /// The log group asked for.
        log_group: String,
    },
    /// CloudWatch Logs answered with a server error (5xx, ServiceUnavailableException).
    #[error(
        "CloudWatch Logs had a server error ({status}) reading {log_group}: usually temporary; check the AWS Health Dashboard if it persists"
    )]
    ServerError {
        /// The log group asked for.
        log_group: String,
        /// HTTP status, e.g. 503.
        status: u16,
    },
    /// No answer within the configured timeout.
    #[error(
        "CloudWatch Logs did not answer within {timeout_ms} ms reading {log_group}: check network access to the endpoint, or raise logs_timeout_ms"
    )]
    Timeout {
        /// The log group asked for.
        log_group: String,
        /// The configured timeout, in ms.
        timeout_ms: u64,
    },
    /// The credentials lack permission, or are unknown or expired.
    #[error(
        "access denied reading {log_group}: the AWS credentials in use need logs:FilterLogEvents on it (check the profile, role and its policy){detail}"
    )]
    AccessDenied {
        /// The log group asked for.
        log_group: String,
        /// The AWS error code, as `" (Code)"`, or empty.
        detail: String,
    },
    /// The log group does not exist in that region.
    #[error(
        "log group {log_group} does not exist in {region}: has the function been invoked yet, and are the region and deployed name right?"
    )]
    LogGroupNotFound {
        /// The log group asked for.
        log_group: String,
        /// The region looked in.
        region: String,
    },
    /// The endpoint could not be reached at all.
    #[error(
        "cannot reach CloudWatch Logs for {log_group}: {reason}; check network access and the endpoint setting (aws_endpoint_url)"
    )]
    Unreachable {
        /// The log group asked for.
        log_group: String,
        /// The transport's reason.
        reason: String,
    },
    /// No AWS credentials or region could be found, or the request could not be built.
    #[error("CloudWatch Logs is not configured: {0}; set AWS_PROFILE or credentials, and a region")]
    Config(String),
    /// The filter pattern or token was refused.
    #[error("{field}: {message}")]
    InvalidQuery {
        /// `filter`, `next_token`, `from` or `to`.
        field: &'static str,
        /// What is wrong.
        message: String,
    },
    /// Any other refusal from CloudWatch Logs.
    #[error("CloudWatch Logs refused the request for {log_group}: {code}")]
    Other {
        /// The log group asked for.
        log_group: String,
        /// The AWS error code or a short reason.
        code: String,
    },
    /// The local log store failed; details are logged.
    #[error("the log store in the catalog database is unavailable")]
    Storage,
}

impl LogError {
    /// Whether trying again later may succeed: throttling, server errors and timeouts.
    pub fn is_transient(&self) -> bool {
        matches!(self, LogError::Throttled { .. } | LogError::ServerError { .. } | LogError::Timeout { .. })
    }

    /// A short stable code for APIs: `throttled`, `server_error`, `timeout`, …
    pub fn code(&self) -> &'static str {
        match self {
            LogError::Throttled { .. } => "throttled",
            LogError::ServerError { .. } => "server_error",
            LogError::Timeout { .. } => "timeout",
            LogError::AccessDenied { .. } => "access_denied",
            LogError::LogGroupNotFound { .. } => "log_group_not_found",
            LogError::Unreachable { .. } => "unreachable",
            LogError::Config(_) => "not_configured",
            LogError::InvalidQuery { .. } => "invalid",
            LogError::Other { .. } => "refused",
            LogError::Storage => "unavailable",
        }
    }
}
