//! Bounded retries with jittered exponential backoff, for throttling, 5xx and timeouts only.

use std::future::Future;
use std::time::Duration;

use super::LogError;

/// How often and how patiently to retry a transient failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Calls in all, the first included (at least 1).
    pub attempts: u32,
    /// Cap of the first wait; each further wait's cap doubles.
    pub base_delay: Duration,
    /// Longest single wait.
    pub max_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy { attempts: 4, base_delay: Duration::from_millis(200), max_delay: Duration::from_secs(5) }
    }
}

impl RetryPolicy {
    /// The wait before retry number `retry` (0-based): uniformly random up to the capped
    /// exponential ("full jitter"), so many pullers throttled together do not retry together.
    pub fn delay(&self, retry: u32) -> Duration {
        let cap = self.base_delay.saturating_mul(1u32 << retry.min(16)).min(self.max_delay);
        let millis = u64::try_from(cap.as_millis()).unwrap_or(u64::MAX);
        Duration::from_millis(fastrand::u64(0..=millis))
    }
}

/// Calls `call` until it succeeds, fails for good, or `policy.attempts` calls were made;
/// returns the last result and how many calls were made.
pub async fn with_retries<T, F, Fut>(policy: &RetryPolicy, mut call: F) -> (Result<T, LogError>, u32)
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, LogError>>,
{
    let mut made = 0;
    loop {
        let result = call().await;
        made += 1;
        match result {
            Err(error) if error.is_transient() && made < policy.attempts.max(1) => {
                tracing::debug!(%error, attempt = made, "transient log source failure; retrying");
                tokio::time::sleep(policy.delay(made - 1)).await;
            }
            other => return (other, made),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_are_jittered_and_capped() {
        let policy =
            RetryPolicy { attempts: 5, base_delay: Duration::from_millis(100), max_delay: Duration::from_millis(300) };
        for retry in 0..10 {
            let cap = if retry == 0 {
                100
            } else if retry == 1 {
                200
            } else {
                300
            };
            for _ in 0..50 {
                assert!(policy.delay(retry) <= Duration::from_millis(cap));
            }
        }
    }

    #[tokio::test]
    async fn transient_errors_are_retried_a_bounded_number_of_times_and_others_never() {
        let policy =
            RetryPolicy { attempts: 3, base_delay: Duration::from_millis(1), max_delay: Duration::from_millis(2) };
        let throttled = || async { Err::<(), _>(LogError::Throttled { log_group: "g".into() }) };
        let (result, made) = with_retries(&policy, throttled).await;
        assert_eq!((result.unwrap_err().code(), made), ("throttled", 3));
        let missing =
            || async { Err::<(), _>(LogError::LogGroupNotFound { log_group: "g".into(), region: "r".into() }) };
        assert_eq!(with_retries(&policy, missing).await.1, 1);
    }
}
