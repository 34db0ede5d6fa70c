//! When to try an ingest request again, and how long to wait first.
//!
//! HeyMilo has no idempotency keys, so a sync ingest that reached the server
//! must not be sent twice: a retry could create a second candidate. The
//! default policy therefore retries only what certainly did not create
//! anything: 429 (the server refused the request) and connections that were
//! refused before any byte was sent. 5xx answers, timeouts and connections
//! lost mid-request leave the outcome unknown; they are retried only when
//! the caller opts in. The async endpoints follow the same policy: each
//! queued job becomes a candidate, so a retried queueing duplicates too.

use crate::api::{retry_after_ms, Endpoint};

/// Retry limits and delays.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt.
    pub max_retries: u32,
    /// Also retry 5xx, timeouts and lost connections (on every endpoint),
    /// accepting that a candidate may be created twice.
    pub retry_uncertain: bool,
    /// First backoff delay; doubles each retry.
    pub base_delay_ms: u64,
    /// Longest backoff delay.
    pub max_delay_ms: u64,
    /// Longest `Retry-After` honoured; a longer one ends the retries at once
    /// (the error carries the wait, so the caller can schedule it).
    pub max_retry_after_ms: u64,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 2,
            retry_uncertain: false,
            base_delay_ms: 500,
            max_delay_ms: 8_000,
            max_retry_after_ms: 60_000,
        }
    }
}

/// What happened to one attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attempt<'a> {
    /// A response arrived with this status and `Retry-After` header (if any).
    Response {
        /// HTTP status.
        status: u16,
        /// The raw `Retry-After` header value.
        retry_after: Option<&'a str>,
    },
    /// The connection was refused or the host not found: nothing was sent.
    NotSent,
    /// The connection failed after the request may have been sent.
    Lost,
    /// No response within the attempt's time limit.
    TimedOut,
}

/// How long to wait before the next attempt, or `None` to stop.
///
/// `retries_done` counts retries already made; `now_ms` is the Unix time in
/// milliseconds (for HTTP-date `Retry-After`); `jitter` is a random number in
/// `[0, 1)` that spreads clients apart.
pub fn next_retry_delay_ms(
    policy: &RetryPolicy,
    endpoint: Endpoint,
    attempt: Attempt<'_>,
    retries_done: u32,
    now_ms: u64,
    jitter: f64,
) -> Option<u64> {
    if retries_done >= policy.max_retries {
        return None;
    }
    // The endpoint does not matter: a sync ingest creates the candidate and
    // an async one queues a job that does, so both duplicate alike.
    let _ = endpoint;
    let uncertain_ok = policy.retry_uncertain;
    let server_wait = match attempt {
        Attempt::Response {
            status: 429,
            retry_after,
        } => retry_after_ms(retry_after, now_ms),
        Attempt::Response {
            status: 500..=599,
            retry_after,
        } if uncertain_ok => retry_after_ms(retry_after, now_ms),
        Attempt::NotSent => None,
        Attempt::Lost | Attempt::TimedOut if uncertain_ok => None,
        _ => return None,
    };
    match server_wait {
        Some(wait) if wait > policy.max_retry_after_ms => None,
        Some(wait) => Some(wait),
        None => Some(backoff_ms(policy, retries_done, jitter)),
    }
}

/// Exponential backoff with "equal jitter": half the delay is fixed, half random.
fn backoff_ms(policy: &RetryPolicy, retries_done: u32, jitter: f64) -> u64 {
    let exponential = policy
        .base_delay_ms
        .saturating_mul(1u64.checked_shl(retries_done).unwrap_or(u64::MAX))
        .min(policy.max_delay_ms);
    let jitter = if jitter.is_finite() {
        jitter.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let half = exponential / 2;
    half + (half as f64 * jitter) as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: u64 = 1_445_412_480_000; // Wed, 21 Oct 2015 07:28:00 GMT

    fn delay(endpoint: Endpoint, attempt: Attempt<'_>, retries_done: u32) -> Option<u64> {
        next_retry_delay_ms(
            &RetryPolicy::default(),
            endpoint,
            attempt,
            retries_done,
            NOW,
            0.5,
        )
    }

    fn status(status: u16) -> Attempt<'static> {
        Attempt::Response {
            status,
            retry_after: None,
        }
    }

    #[test]
    fn rate_limits_honour_retry_after_in_seconds_or_as_a_date() {
        let seconds = Attempt::Response {
            status: 429,
            retry_after: Some("1"),
        };
        assert_eq!(delay(Endpoint::Single, seconds, 0), Some(1_000));
        let date = Attempt::Response {
            status: 429,
            retry_after: Some("Wed, 21 Oct 2015 07:28:03 GMT"),
        };
        assert_eq!(delay(Endpoint::Single, date, 0), Some(3_000));
        let past = Attempt::Response {
            status: 429,
            retry_after: Some("Wed, 21 Oct 2015 07:27:00 GMT"),
        };
        assert_eq!(delay(Endpoint::Single, past, 0), Some(0));
        let too_long = Attempt::Response {
            status: 429,
            retry_after: Some("3600"),
        };
        assert_eq!(delay(Endpoint::Single, too_long, 0), None);
        let garbage = Attempt::Response {
            status: 429,
            retry_after: Some("soon"),
        };
        assert_eq!(delay(Endpoint::Single, garbage, 0), Some(375));
    }

    #[test]
    fn no_ingest_retries_an_uncertain_failure_unless_opted_in() {
        for attempt in [
            status(500),
            status(502),
            status(503),
            status(504),
            Attempt::Lost,
            Attempt::TimedOut,
        ] {
            for endpoint in Endpoint::ALL {
                assert_eq!(
                    delay(endpoint, attempt, 0),
                    None,
                    "{endpoint:?} {attempt:?}"
                );
            }
        }
        let opted_in = RetryPolicy {
            retry_uncertain: true,
            ..RetryPolicy::default()
        };
        for endpoint in Endpoint::ALL {
            for attempt in [status(503), Attempt::Lost, Attempt::TimedOut] {
                assert!(
                    next_retry_delay_ms(&opted_in, endpoint, attempt, 0, NOW, 0.0).is_some(),
                    "{endpoint:?} {attempt:?}"
                );
            }
        }
    }

    #[test]
    fn refused_connections_are_retried_everywhere_and_other_4xx_never() {
        assert!(delay(Endpoint::Single, Attempt::NotSent, 0).is_some());
        for code in [400, 401, 403, 404, 409, 413, 422] {
            assert_eq!(delay(Endpoint::SingleAsync, status(code), 0), None);
        }
        assert_eq!(delay(Endpoint::Single, status(201), 0), None);
    }

    #[test]
    fn backoff_doubles_with_jitter_and_stops_at_max_retries() {
        let policy = RetryPolicy {
            max_retries: 10,
            ..RetryPolicy::default()
        };
        let at = |n, jitter| {
            next_retry_delay_ms(&policy, Endpoint::Single, Attempt::NotSent, n, NOW, jitter)
        };
        assert_eq!(at(0, 0.0), Some(250));
        assert_eq!(at(0, 1.0), Some(500));
        assert_eq!(at(1, 0.0), Some(500));
        assert_eq!(at(9, 1.0), Some(8_000));
        assert_eq!(at(2, f64::NAN), Some(1_000));
        assert_eq!(delay(Endpoint::Single, Attempt::NotSent, 2), None);
    }
}
