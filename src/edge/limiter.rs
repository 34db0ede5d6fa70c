//! `createMemoryRateLimiter`: a per-client fixed-window limiter with the
//! shape of Cloudflare's Workers Rate Limiting binding, for servers that do
//! not have one (Node, Deno, Bun) and for tests.
//!
//! Memory is bounded: at most `max_keys` clients are remembered. Expired
//! windows are swept once a period (and whenever the table is full); when it
//! is full of live windows, the one that started first is forgotten (that
//! client starts a fresh window: a flood of new keys can only ever cost the
//! oldest client its count, never memory). Keys longer than
//! [`MAX_KEY_BYTES`] are remembered by a hash of them.
//!
//! The windows are a vector sorted by key, searched by bisection: a hash
//! map would cost the edge Worker's wasm a few kilobytes more for no gain at
//! these sizes.

/// The longest key kept as it is.
pub const MAX_KEY_BYTES: usize = 256;
/// How many clients are remembered unless configured otherwise.
pub const DEFAULT_MAX_KEYS: usize = 10_000;

#[derive(Debug, Clone)]
struct Window {
    key: String,
    start_ms: u64,
    hits: u32,
}

/// A fixed window per key: at most `limit` hits in each `period_ms` from the key's first hit.
#[derive(Debug, Clone)]
pub struct MemoryRateLimiter {
    limit: u32,
    period_ms: u64,
    max_keys: usize,
    /// Sorted by key, each key once.
    windows: Vec<Window>,
    /// The latest time seen, so a clock going back cannot reopen a window.
    now_ms: u64,
    /// When expired windows were last dropped.
    swept_ms: u64,
}

impl MemoryRateLimiter {
    /// `limit` hits (at least 1) per `period_ms` (at least 1) per key, remembering at most `max_keys` (at least 1).
    pub fn new(limit: u32, period_ms: u64, max_keys: usize) -> Self {
        MemoryRateLimiter {
            limit: limit.max(1),
            period_ms: period_ms.max(1),
            max_keys: max_keys.max(1),
            windows: Vec::new(),
            now_ms: 0,
            swept_ms: 0,
        }
    }

    /// Counts a hit for `key` at `now_ms`: `Ok` when it is within the limit,
    /// else the seconds until the key's window ends (at least 1).
    pub fn hit(&mut self, key: &str, now_ms: u64) -> Result<(), u64> {
        self.now_ms = self.now_ms.max(now_ms);
        let now = self.now_ms;
        let period = self.period_ms;
        let live = |w: &Window| w.start_ms.saturating_add(period) > now;
        if now.saturating_sub(self.swept_ms) >= period || self.windows.len() >= self.max_keys {
            self.windows.retain(live);
            self.swept_ms = now;
        }
        let key = stored_key(key);
        let mut at = match self.windows.binary_search_by(|w| w.key.as_str().cmp(&key)) {
            Ok(i) => {
                let window = &mut self.windows[i];
                if !live(window) {
                    window.start_ms = now;
                    window.hits = 1;
                } else if window.hits >= self.limit {
                    let ends = window.start_ms.saturating_add(period);
                    return Err(ends.saturating_sub(now).div_ceil(1000).max(1));
                } else {
                    window.hits += 1;
                }
                return Ok(());
            }
            Err(at) => at,
        };
        if self.windows.len() >= self.max_keys {
            let oldest = (0..self.windows.len()).min_by_key(|&i| self.windows[i].start_ms);
            if let Some(oldest) = oldest {
                self.windows.remove(oldest);
                if oldest < at {
                    at -= 1;
                }
            }
        }
        self.windows.insert(
            at,
            Window {
                key,
                start_ms: now,
                hits: 1,
            },
        );
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

/// `key`, or for a long one a fixed-size stand-in (FNV-1a, 64 bits, and its
/// length) that no short key can equal: it starts with a NUL.
fn stored_key(key: &str) -> String {
    if key.len() <= MAX_KEY_BYTES {
        return key.to_owned();
    }
    let hash = key.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    format!("\u{0}hash:{hash:016x}:{}", key.len())
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
        // A key whose window ended before a sweep gets a fresh one.
        let mut limiter = MemoryRateLimiter::new(1, 1_000, 100);
        limiter.hit("a", NOW).unwrap();
        limiter.hit("b", NOW + 600).unwrap();
        assert_eq!(limiter.hit("b", NOW + 1_100), Err(1));
        assert_eq!(limiter.hit("a", NOW + 1_100), Ok(()));
    }

    #[test]
    fn long_keys_are_kept_by_hash_and_still_limited() {
        let mut limiter = MemoryRateLimiter::new(1, 60_000, 100);
        let long = "x".repeat(10_000);
        limiter.hit(&long, NOW).unwrap();
        assert!(limiter.hit(&long, NOW).is_err());
        assert!(limiter.windows.iter().all(|w| w.key.len() < 64));
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
