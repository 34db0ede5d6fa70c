//! Fault injection: what a test asks the sandbox to do wrong, per request
//! (the `X-Sandbox-Fault` header) or by plan (rules given at creation).

use crate::json::Value;

/// The operation name of the siteverify stand-in: only rules that name it
/// apply there, so a plan for the Candidates API is not spent on Turnstile.
pub const SITEVERIFY_OPERATION: &str = "siteverify";

/// What to do to the response body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyFault {
    /// Not JSON at all: a JSON-like text with a syntax error.
    Malformed,
    /// The real body, cut in half.
    Truncated,
    /// An HTML error page, as a proxy in front of the API would send.
    Html,
    /// No body.
    Empty,
}

impl BodyFault {
    fn parse(name: &str) -> Option<BodyFault> {
        match name {
            "malformed" => Some(BodyFault::Malformed),
            "truncated" => Some(BodyFault::Truncated),
            "html" => Some(BodyFault::Html),
            "empty" => Some(BodyFault::Empty),
            _ => None,
        }
    }
}

/// One fault. Fields combine: e.g. a delay and a forced status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Fault {
    /// Answer with this status instead of handling the request.
    pub status: Option<u16>,
    /// With `status`: handle (and store) the candidate first, then answer with
    /// the forced status, as a server that fails after committing would.
    pub after_store: bool,
    /// `Retry-After` seconds to send with the forced status.
    pub retry_after_s: Option<u32>,
    /// Send `Retry-After` as an HTTP-date (now + `retry_after_s`) instead of seconds.
    pub retry_after_as_date: bool,
    /// Wait this long before answering.
    pub delay_ms: u64,
    /// Spoil the body.
    pub body: Option<BodyFault>,
    /// Close the connection without answering (where the adapter can).
    pub drop_connection: bool,
}

impl Fault {
    /// Whether this fault changes anything.
    pub fn is_none(&self) -> bool {
        *self == Fault::default()
    }

    /// Parses `X-Sandbox-Fault: status=503; retry-after=1; delay=200; body=html; drop; after=store`
    /// (`retry-after-date=2` sends the wait as an HTTP-date).
    /// Unknown directives are ignored, so a typo fails the test's expectation, not the sandbox.
    pub fn parse_header(text: &str) -> Fault {
        let mut fault = Fault::default();
        for directive in text.split([';', ',']) {
            let (name, value) = match directive.split_once('=') {
                Some((name, value)) => (name.trim(), value.trim()),
                None => (directive.trim(), ""),
            };
            match name {
                "status" => fault.status = value.parse().ok().filter(|s| (100..=599).contains(s)),
                "retry-after" => fault.retry_after_s = value.parse().ok(),
                "retry-after-date" => {
                    fault.retry_after_s = value.parse().ok();
                    fault.retry_after_as_date = true;
                }
                "delay" => fault.delay_ms = value.parse().unwrap_or(0),
                "body" => fault.body = BodyFault::parse(value),
                "drop" => fault.drop_connection = true,
                "after" => fault.after_store = value == "store",
                _ => {}
            }
        }
        fault
    }
}

/// A planned fault: applies to matching requests, a number of times or with a probability.
#[derive(Debug, Clone, PartialEq)]
pub struct FaultRule {
    /// Only requests to this operation (`ingestCandidate`, `ingestCandidatesBulk`,
    /// `ingestCandidateAsync`, `ingestCandidatesBulkAsync`, `listCandidates`,
    /// `siteverify`); all but `siteverify` when `None`.
    pub operation: Option<String>,
    /// Apply to at most this many matching requests (then the rule is spent).
    pub times: Option<u32>,
    /// Apply to each matching request with this probability (seeded, reproducible).
    pub probability: Option<f64>,
    /// What to do.
    pub fault: Fault,
}

impl FaultRule {
    /// Reads a rule from JSON: `{"operation"?, "times"?, "probability"?, "status"?,
    /// "afterStore"?, "retryAfter"?, "retryAfterDate"?, "delayMs"?, "body"?, "drop"?}`; `None` if it is not an object.
    pub fn from_json(value: &Value) -> Option<FaultRule> {
        let Value::Object(_) = value else {
            return None;
        };
        let number = |key: &str| match value.get(key) {
            Some(Value::Number(text)) => text.parse::<f64>().ok(),
            _ => None,
        };
        let flag = |key: &str| matches!(value.get(key), Some(Value::Bool(true)));
        let fault = Fault {
            status: number("status")
                .map(|s| s as u16)
                .filter(|s| (100..=599).contains(s)),
            after_store: flag("afterStore"),
            retry_after_s: number("retryAfter").map(|s| s.max(0.0) as u32),
            retry_after_as_date: flag("retryAfterDate"),
            delay_ms: number("delayMs").map_or(0, |ms| ms.max(0.0) as u64),
            body: value
                .get("body")
                .and_then(Value::as_str)
                .and_then(BodyFault::parse),
            drop_connection: flag("drop"),
        };
        Some(FaultRule {
            operation: value
                .get("operation")
                .and_then(Value::as_str)
                .map(str::to_owned),
            times: number("times").map(|t| t.max(0.0) as u32),
            probability: number("probability"),
            fault,
        })
    }
}

/// Applies the first matching rule of `rules` to a request for `operation`,
/// spending its `times`; `random` gives numbers in `[0, 1)`.
pub fn planned_fault(
    rules: &mut [FaultRule],
    operation: &str,
    mut random: impl FnMut() -> f64,
) -> Fault {
    for rule in rules.iter_mut() {
        let applies = match rule.operation.as_deref() {
            Some(op) => op == operation,
            None => operation != SITEVERIFY_OPERATION,
        };
        if !applies || rule.times == Some(0) {
            continue;
        }
        if let Some(probability) = rule.probability {
            if random() >= probability {
                continue;
            }
        }
        if let Some(times) = rule.times.as_mut() {
            *times -= 1;
        }
        return rule.fault;
    }
    Fault::default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json;

    #[test]
    fn header_directives_combine() {
        let fault = Fault::parse_header(
            "status=503; retry-after=2, delay=150;body=html; drop; after=store; bogus=1",
        );
        assert_eq!(
            fault,
            Fault {
                status: Some(503),
                after_store: true,
                retry_after_s: Some(2),
                retry_after_as_date: false,
                delay_ms: 150,
                body: Some(BodyFault::Html),
                drop_connection: true,
            }
        );
        assert!(Fault::parse_header("").is_none());
        assert_eq!(Fault::parse_header("status=99999").status, None);
        let dated = Fault::parse_header("status=429;retry-after-date=3");
        assert_eq!(
            (dated.retry_after_s, dated.retry_after_as_date),
            (Some(3), true)
        );
    }

    #[test]
    fn plans_apply_by_operation_count_and_probability() {
        let rules_json = json::parse(
            br#"[{"operation":"ingestCandidate","times":1,"status":429,"retryAfter":1},{"probability":0.5,"status":503}]"#,
        )
        .unwrap()
        .value;
        let Value::Array(items) = rules_json else {
            panic!()
        };
        let mut rules: Vec<FaultRule> = items.iter().filter_map(FaultRule::from_json).collect();
        let first = planned_fault(&mut rules, "ingestCandidate", || 0.9);
        assert_eq!((first.status, first.retry_after_s), (Some(429), Some(1)));
        assert!(planned_fault(&mut rules, "ingestCandidate", || 0.9).is_none());
        assert_eq!(
            planned_fault(&mut rules, "ingestCandidate", || 0.1).status,
            Some(503)
        );
        assert_eq!(
            planned_fault(&mut rules, "listCandidates", || 0.1).status,
            Some(503)
        );
    }
}
