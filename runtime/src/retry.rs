//! When to retry a request, and how long to wait first.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::time::{Duration, SystemTime};

use reqwest::header::{HeaderMap, RETRY_AFTER};
use reqwest::{Method, StatusCode};

use crate::error::header_text;

/// How failed requests are retried: exponential backoff with jitter, honouring the server's
/// `Retry-After` and `X-RateLimit-Reset`.
///
/// Retried: connection failures (the request never reached the server), 429 Too Many Requests
/// (the server refused it without acting), and, for idempotent methods only (`GET`, `HEAD`,
/// `PUT`, `DELETE`, `OPTIONS`), timeouts, 408 and 5xx: a `POST` that timed out or failed
/// with a 500 may have taken effect, and sending it again could create a second conversation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[must_use]
pub struct RetryPolicy {
    pub(crate) max_retries: u32,
    pub(crate) initial_delay: Duration,
    pub(crate) max_delay: Duration,
    pub(crate) max_wait: Duration,
}

impl Default for RetryPolicy {
    /// 2 retries (3 attempts), starting at 500 ms, doubling up to 8 s; a rate limit resetting
    /// more than 60 s away is returned as [`Error::RateLimited`](crate::Error::RateLimited)
    /// instead of waited for.
    fn default() -> Self {
        RetryPolicy {
            max_retries: 2,
            initial_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(8),
            max_wait: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// No retries: every failure is returned at once.
    pub fn none() -> Self {
        RetryPolicy::default().max_retries(0)
    }

    /// Retries a failed request at most `retries` times.
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.max_retries = retries;
        self
    }

    /// The backoff before the first retry; each further retry doubles it, up to
    /// [`max_delay`](Self::max_delay).
    pub fn initial_delay(mut self, delay: Duration) -> Self {
        self.initial_delay = delay;
        self
    }

    /// The longest backoff between two attempts.
    pub fn max_delay(mut self, delay: Duration) -> Self {
        self.max_delay = delay;
        self
    }

    /// The longest wait the server may ask for (`Retry-After`, `X-RateLimit-Reset`) before the
    /// request is given up instead.
    pub fn max_wait(mut self, wait: Duration) -> Self {
        self.max_wait = wait;
        self
    }

    /// The backoff before retry number `retry` (0-based): the exponential delay with "equal
    /// jitter", a random point in its upper half, so clients that failed together spread out.
    pub(crate) fn backoff(&self, retry: u32) -> Duration {
        let exponential = self
            .initial_delay
            .saturating_mul(2u32.saturating_pow(retry))
            .min(self.max_delay);
        let half = exponential / 2;
        half + half.mul_f64(fastrand::f64())
    }
}

/// Whether a failure may be retried.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Failure {
    /// The connection could not be made: nothing was sent.
    Connect,
    /// Sent, but no complete answer (timeout, connection reset).
    Interrupted,
    /// An answer with this status.
    Status(StatusCode),
}

impl Failure {
    pub(crate) fn is_retryable(self, method: &Method) -> bool {
        let idempotent = matches!(
            *method,
            Method::GET | Method::HEAD | Method::PUT | Method::DELETE | Method::OPTIONS
        );
        match self {
            Failure::Connect => true,
            Failure::Status(StatusCode::TOO_MANY_REQUESTS) => true,
            Failure::Interrupted => idempotent,
            Failure::Status(status) => {
                idempotent && (status == StatusCode::REQUEST_TIMEOUT || status.is_server_error())
            }
        }
    }
}

/// When Intercom's rate-limit window resets: `X-RateLimit-Reset`, in Unix seconds.
pub(crate) fn rate_limit_reset(headers: &HeaderMap) -> Option<SystemTime> {
    let seconds = header_text(headers, "x-ratelimit-reset")?
        .trim()
        .parse()
        .ok()?;
    Some(SystemTime::UNIX_EPOCH + Duration::from_secs(seconds))
}

/// When the server asks to be retried: `Retry-After` (seconds or an HTTP date), counted from
/// `now`.
pub(crate) fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<SystemTime> {
    let retry_after = header_text(headers, RETRY_AFTER.as_str())?.trim();
    match retry_after.parse::<u64>() {
        Ok(seconds) => Some(now + Duration::from_secs(seconds)),
        Err(_) => httpdate::parse_http_date(retry_after).ok(),
    }
}

/// Waits between attempts. The default uses tokio's timer; tests inject one that records the
/// delays and returns at once.
pub trait Sleep: Send + Sync + fmt::Debug + 'static {
    /// A future that completes after `duration`.
    fn sleep(&self, duration: Duration) -> Pin<Box<dyn Future<Output = ()> + Send>>;
}

/// [`Sleep`] with [`tokio::time::sleep`].
#[derive(Debug, Default)]
pub(crate) struct TokioSleep;

impl Sleep for TokioSleep {
    fn sleep(&self, duration: Duration) -> Pin<Box<dyn Future<Output = ()> + Send>> {
        Box::pin(tokio::time::sleep(duration))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_within_jitter_and_caps() {
        let policy = RetryPolicy::default();
        for _ in 0..100 {
            let first = policy.backoff(0);
            assert!((250..=500).contains(&first.as_millis()), "{first:?}");
            let third = policy.backoff(2);
            assert!((1000..=2000).contains(&third.as_millis()), "{third:?}");
            let capped = policy.backoff(30);
            assert!((4000..=8000).contains(&capped.as_millis()), "{capped:?}");
        }
    }

    #[test]
    fn post_is_retried_only_when_nothing_happened() {
        assert!(Failure::Connect.is_retryable(&Method::POST));
        assert!(Failure::Status(StatusCode::TOO_MANY_REQUESTS).is_retryable(&Method::POST));
        assert!(!Failure::Status(StatusCode::BAD_GATEWAY).is_retryable(&Method::POST));
        assert!(!Failure::Interrupted.is_retryable(&Method::POST));
        assert!(Failure::Status(StatusCode::BAD_GATEWAY).is_retryable(&Method::GET));
        assert!(Failure::Interrupted.is_retryable(&Method::DELETE));
        assert!(!Failure::Status(StatusCode::NOT_FOUND).is_retryable(&Method::GET));
    }

    #[test]
    fn server_waits_are_read_from_both_headers() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000);
        let mut headers = HeaderMap::new();
        headers.insert(RETRY_AFTER, "7".parse().unwrap());
        assert_eq!(
            retry_after(&headers, now),
            Some(now + Duration::from_secs(7))
        );
        assert_eq!(rate_limit_reset(&headers), None);
        headers.insert("x-ratelimit-reset", "1030".parse().unwrap());
        assert_eq!(
            rate_limit_reset(&headers),
            Some(now + Duration::from_secs(30))
        );
        headers.insert(
            RETRY_AFTER,
            "Thu, 01 Jan 1970 00:17:00 GMT".parse().unwrap(),
        );
        assert_eq!(
            retry_after(&headers, now),
            Some(SystemTime::UNIX_EPOCH + Duration::from_secs(1020))
        );
    }
}
