//! The key's own budget: HeyMilo allows 300 requests a minute per API key,
//! for every use of the key at once. A public form that forwarded whatever
//! arrived would let one script spend it in milliseconds and lock every
//! applicant (and every other integration of the key) out for a minute.
//!
//! So each handler keeps a token bucket in front of the upstream call, and
//! after an upstream 429 it refuses locally until the `Retry-After` HeyMilo
//! gave has passed, instead of spending more of the key on certain refusals.
//! Both answer 429 before HeyMilo is contacted.
//!
//! The state is per handler configuration and per isolate (or process):
//! several Worker isolates each have their own bucket, which is why the
//! default stays well below 300. Time comes from the caller (Unix ms).
//!
//! Integer arithmetic only: tokens are kept in units of 1/60 000 of a token
//! per ms-of-rate, so a refill of `per_minute` tokens a minute adds exactly
//! `per_minute` units per millisecond.

use super::config::KeyBudgetConfig;
use crate::api::first_header;
use crate::api::retry_after_ms;

/// One token, in the bucket's units.
const TOKEN: u64 = 60_000;
/// The wait after an upstream 429 that gave no usable `Retry-After`: HeyMilo's window.
const DEFAULT_HOLD_MS: u64 = 60_000;
/// The longest hold an upstream 429 can impose (a wrong `Retry-After` must
/// not take the form down for hours).
const MAX_HOLD_MS: u64 = 600_000;

/// A token bucket plus the hold after an upstream 429.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyBudget {
    per_minute: u64,
    capacity: u64,
    level: u64,
    last_ms: u64,
    hold_until_ms: u64,
}

impl KeyBudget {
    /// A full bucket.
    pub fn new(config: KeyBudgetConfig) -> Self {
        let capacity = u64::from(config.burst.max(1)) * TOKEN;
        KeyBudget {
            per_minute: u64::from(config.per_minute.max(1)),
            capacity,
            level: capacity,
            last_ms: 0,
            hold_until_ms: 0,
        }
    }

    /// Takes one call's token at `now_ms`, or says how many seconds to wait
    /// (for `Retry-After`, at least 1).
    pub fn take(&mut self, now_ms: u64) -> Result<(), u64> {
        self.refill(now_ms);
        if self.last_ms < self.hold_until_ms {
            return Err(seconds(self.hold_until_ms - self.last_ms));
        }
        if self.level >= TOKEN {
            self.level -= TOKEN;
            return Ok(());
        }
        let missing = TOKEN - self.level;
        Err(seconds(missing.div_ceil(self.per_minute)))
    }

    /// Learns from an upstream answer: a 429 holds every call until its
    /// `Retry-After` (delay-seconds or HTTP-date; 60 s when absent, at most 10 min).
    pub fn observe(&mut self, status: u16, headers: &[(String, String)], now_ms: u64) {
        if status != 429 {
            return;
        }
        self.refill(now_ms);
        let wait = retry_after_ms(first_header(headers, "retry-after"), self.last_ms)
            .unwrap_or(DEFAULT_HOLD_MS)
            .min(MAX_HOLD_MS);
        self.hold_until_ms = self.hold_until_ms.max(self.last_ms.saturating_add(wait));
    }

    /// Adds the tokens earned since the last call. A clock that goes back
    /// earns nothing (and does not shorten a hold).
    fn refill(&mut self, now_ms: u64) {
        if self.last_ms == 0 {
            self.last_ms = now_ms;
            return;
        }
        let elapsed = now_ms.saturating_sub(self.last_ms);
        self.last_ms = self.last_ms.max(now_ms);
        self.level = self
            .level
            .saturating_add(elapsed.saturating_mul(self.per_minute))
            .min(self.capacity);
    }
}

/// Whole seconds, rounded up, at least 1.
fn seconds(ms: u64) -> u64 {
    ms.div_ceil(1000).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: u64 = 1_700_000_000_000;

    fn budget(per_minute: u32, burst: u32) -> KeyBudget {
        KeyBudget::new(KeyBudgetConfig { per_minute, burst })
    }

    #[test]
    fn a_burst_then_the_rate() {
        let mut b = budget(60, 3);
        for _ in 0..3 {
            assert_eq!(b.take(NOW), Ok(()));
        }
        assert_eq!(b.take(NOW), Err(1), "one token a second");
        assert_eq!(b.take(NOW + 999), Err(1));
        assert_eq!(b.take(NOW + 1000), Ok(()));
        assert_eq!(b.take(NOW + 1000), Err(1));
    }

    #[test]
    fn the_default_never_allows_300_calls_in_a_minute() {
        let mut b = KeyBudget::new(KeyBudgetConfig::default());
        // A caller hammering every 10 ms for a minute.
        let allowed = (0..6000u64)
            .filter(|i| b.take(NOW + i * 10).is_ok())
            .count();
        assert!(allowed < 300, "{allowed}");
        assert!(allowed >= 240, "{allowed}");
    }

    #[test]
    fn the_wait_is_the_time_to_the_next_token() {
        let mut b = budget(2, 1); // one token every 30 s
        assert_eq!(b.take(NOW), Ok(()));
        assert_eq!(b.take(NOW), Err(30));
        assert_eq!(b.take(NOW + 10_000), Err(20));
    }

    #[test]
    fn an_upstream_429_holds_until_its_retry_after() {
        let mut b = budget(600, 100);
        let headers = vec![("Retry-After".to_owned(), "7".to_owned())];
        b.observe(201, &headers, NOW);
        assert_eq!(b.take(NOW), Ok(()));
        b.observe(429, &headers, NOW);
        assert_eq!(b.take(NOW), Err(7));
        assert_eq!(b.take(NOW + 6_500), Err(1));
        assert_eq!(b.take(NOW + 7_000), Ok(()));
    }

    #[test]
    fn a_429_without_usable_retry_after_holds_a_minute_and_never_more_than_ten() {
        let mut b = budget(600, 100);
        b.observe(429, &[], NOW);
        assert_eq!(b.take(NOW), Err(60));
        let mut c = budget(600, 100);
        let forever = vec![("retry-after".to_owned(), "99999999".to_owned())];
        c.observe(429, &forever, NOW);
        assert_eq!(c.take(NOW), Err(600));
        let mut d = budget(600, 100);
        let date = vec![(
            "retry-after".to_owned(),
            "Tue, 14 Nov 2023 22:13:40 GMT".to_owned(),
        )];
        d.observe(429, &date, NOW); // NOW is 22:13:20
        assert_eq!(d.take(NOW), Err(20));
    }

    #[test]
    fn a_clock_going_back_earns_nothing() {
        let mut b = budget(60, 1);
        assert_eq!(b.take(NOW), Ok(()));
        assert_eq!(b.take(NOW - 50_000), Err(1));
        assert_eq!(b.take(NOW + 1000), Ok(()));
    }
}
