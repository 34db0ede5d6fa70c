//! `createMemoryRateLimiter`: a per-client fixed-window limiter with the
//! shape of Cloudflare's Workers Rate Limiting binding, for servers that do
//! not have one (Node, Deno, Bun) and for tests.
//!
//! Memory is bounded: at most `max_keys` clients are remembered. Windows are
//! kept in the order they started, so expired ones are dropped from the
//! front on every call, and when the table is full of live windows the
//! oldest one is forgotten (that client starts a fresh window: a flood of
//! new keys can only ever cost the oldest client its count, never memory).
//! Keys longer than [`MAX_KEY_BYTES`] are remembered by a hash of them.

use std::collections::hash_map::DefaultHasher;
use std::collections::{HashMap, VecDeque};
use std::hash::{Hash, Hasher};

/// The longest key kept as it is.
pub const MAX_KEY_BYTES: usize = 256;
/// How many clients are remembered unless configured otherwise.
pub const DEFAULT_MAX_KEYS: usize = 10_000;

/// A fixed window per key: at most `limit` hits in each `period_ms` from the key's first hit.
#[derive(Debug, Clone)]
pub struct MemoryRateLimiter {
    limit: u32,
    period_ms: u64,
    max_keys: usize,
    /// Key → (window start, hits in it).
    windows: HashMap<String, (u64, u32)>,
    /// Keys by window start, oldest first; each key in `windows` is here once.
    order: VecDeque<(String, u64)>,
    /// The latest time seen, so a clock going back cannot reorder windows.
    now_ms: u64,
}

impl MemoryRateLimiter {
    /// `limit` hits (at least 1) per `period_ms` (at least 1) per key, remembering at most `max_keys` (at least 1).
    pub fn new(limit: u32, period_ms: u64, max_keys: usize) -> Self {
        MemoryRateLimiter {
            limit: limit.max(1),
            period_ms: period_ms.max(1),
            max_keys: max_keys.max(1),
            windows: HashMap::new(),
            order: VecDeque::new(),
            now_ms: 0,
        }
    }

    /// Counts a hit for `key` at `now_ms`: `Ok` when it is within the limit,
    /// else the seconds until the key's window ends (at least 1).
    pub fn hit(&mut self, key: &str, now_ms: u64) -> Result<(), u64> {
        self.now_ms = self.now_ms.max(now_ms);
        let now = self.now_ms;
        while let Some((_, start)) = self.order.front() {
            if start.saturating_add(self.period_ms) > now {
                break;
            }
            if let Some((old, _)) = self.order.pop_front() {
                self.windows.remove(&old);
            }
        }
        let key = stored_key(key);
        if let Some((start, hits)) = self.windows.get_mut(&key) {
            if *hits >= self.limit {
                let ends = start.saturating_add(self.period_ms);
                return Err(ends.saturating_sub(now).div_ceil(1000).max(1));
            }
            *hits += 1;
            return Ok(());
        }
        while self.windows.len() >= self.max_keys {
            match self.order.pop_front() {
                Some((old, _)) => self.windows.remove(&old),
                None => break,
            };
        }
        self.windows.insert(key.clone(), (now, 1));
        self.order.push_back((key, now));
        Ok(())
    }

    /// How many keys are remembered now.
    pub fn len(&self) -> usize {
        self.windows.len()
    }

    /// Whether no key is remembered.
    pub fn is_empty(&self) -> bool {
        self.windows.is_empty()
    }
}

fn stored_key(key: &str) -> String {
    if key.len() <= MAX_KEY_BYTES {
        return key.to_owned();
    }
    let mut hasher = DefaultHasher::new();
    key.hash(&mut hasher);
    // A prefix no short key can have: the hash form never collides with a kept key.
    format!("\u{0}hash:{:016x}:{}", hasher.finish(), key.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: u64 = 1_700_000_000_000;

    #[test]
    fn each_key_gets_limit_hits_per_window() {
        let mut limiter = MemoryRateLimiter::new(2, 10_000, 100);
        assert_eq!(limiter.hit("a", NOW), Ok(()));
        assert_eq!(limiter.hit("a", NOW + 1), Ok(()));
        assert_eq!(limiter.hit("a", NOW + 2_500), Err(8));
        assert_eq!(limiter.hit("b", NOW + 2_500), Ok(()), "keys are separate");
        assert_eq!(limiter.hit("a", NOW + 9_999), Err(1));
        assert_eq!(limiter.hit("a", NOW + 10_000), Ok(()), "a new window");
    }

    #[test]
    fn memory_stays_bounded_under_a_flood_of_keys() {
        let mut limiter = MemoryRateLimiter::new(1, 60_000, 50);
        for i in 0..10_000u64 {
            assert_eq!(limiter.hit(&format!("ip{i}"), NOW + i), Ok(()));
            assert!(limiter.len() <= 50);
            assert!(limiter.order.len() <= 50);
        }
        // The newest keys are still counted.
        assert!(limiter.hit("ip9999", NOW + 10_000).is_err());
    }

    #[test]
    fn expired_windows_are_dropped() {
        let mut limiter = MemoryRateLimiter::new(1, 1_000, 100);
        for i in 0..20 {
            limiter.hit(&format!("k{i}"), NOW).unwrap();
        }
        assert_eq!(limiter.len(), 20);
        limiter.hit("later", NOW + 1_000).unwrap();
        assert_eq!(limiter.len(), 1);
    }

    #[test]
    fn long_keys_are_kept_by_hash_and_still_limited() {
        let mut limiter = MemoryRateLimiter::new(1, 60_000, 100);
        let long = "x".repeat(10_000);
        limiter.hit(&long, NOW).unwrap();
        assert!(limiter.hit(&long, NOW).is_err());
        assert!(limiter.windows.keys().all(|k| k.len() < 64));
        let other = format!("{long}y");
        assert_eq!(limiter.hit(&other, NOW), Ok(()));
    }

    #[test]
    fn a_clock_going_back_neither_reopens_nor_panics() {
        let mut limiter = MemoryRateLimiter::new(1, 10_000, 100);
        limiter.hit("a", NOW).unwrap();
        assert!(limiter.hit("a", NOW - 60_000).is_err());
        assert!(limiter.hit("a", 0).is_err());
    }
}
