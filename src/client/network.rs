//! Telling, from a failed fetch's error text, whether the request certainly
//! never left this machine (safe to retry) or may have reached the server.

/// Whether the request was certainly not delivered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NetworkFailure {
    /// Refused connection or unknown host: nothing reached the server.
    NotSent,
    /// Anything else: the server may have received and processed the request.
    Lost,
}

/// Error codes and messages that runtimes use for "nothing was sent":
/// Node (undici `cause.code`), Bun (`code`), Deno and Rust (`os error 111`).
const NOT_SENT_MARKERS: [&str; 7] = [
    "ECONNREFUSED",
    "ConnectionRefused",
    "Connection refused",
    "ENOTFOUND",
    "EAI_AGAIN",
    "failed to lookup address",
    "dns error",
];

/// Classifies a network failure from its error codes and messages (joined in any order).
pub fn classify_network_failure(description: &str) -> NetworkFailure {
    if NOT_SENT_MARKERS
        .iter()
        .any(|marker| description.contains(marker))
    {
        NetworkFailure::NotSent
    } else {
        NetworkFailure::Lost
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_refusals_and_unknown_hosts_count_as_not_sent() {
        for text in [
            "TypeError: fetch failed ECONNREFUSED connect ECONNREFUSED 127.0.0.1:9",
            "ConnectionRefused Unable to connect. Is the computer able to access the url?",
            "error sending request: Connection refused (os error 111)",
            "getaddrinfo ENOTFOUND api.example",
        ] {
            assert_eq!(
                classify_network_failure(text),
                NetworkFailure::NotSent,
                "{text}"
            );
        }
        for text in [
            "ECONNRESET socket hang up",
            "Network connection lost.",
            "Failed to fetch",
            "",
        ] {
            assert_eq!(
                classify_network_failure(text),
                NetworkFailure::Lost,
                "{text}"
            );
        }
    }
}
