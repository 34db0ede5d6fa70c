//! What a request that carries the API key may do on the way: where it may
//! go in clear text, and how much of an answer is read. Both the client and
//! the edge handler send the key, so both take these rules from here.

/// The most of an upstream answer that is read unless configured otherwise
/// (1 MiB). HeyMilo's answers are a few KiB; a bigger one is not HeyMilo's,
/// and reading it whole could exhaust a Worker isolate's 128 MB.
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 1 << 20;

/// Whether `host` (as in a URL's authority, without port: `localhost`,
/// `127.0.0.1`, `[::1]`) is this machine: `localhost`, 127.0.0.0/8 or
/// `::1`, in the forms a URL parser keeps. Anything else, other spellings
/// of those addresses included, is not.
pub fn is_loopback_host(host: &str) -> bool {
    if host.eq_ignore_ascii_case("localhost") {
        return true;
    }
    if let Some(inner) = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
        return ipv6_groups(inner) == Some([0, 0, 0, 0, 0, 0, 0, 1]);
    }
    // Dotted decimal, four numbers 0-255 without leading zeros, the first 127
    // (hand-written: std's address parsers would add kilobytes to the wasm).
    let parts: Vec<&str> = host.split('.').collect();
    let number = |part: &str| -> Option<u8> {
        let plain = !part.is_empty()
            && part.len() <= 3
            && part.bytes().all(|b| b.is_ascii_digit())
            && (part == "0" || !part.starts_with('0'));
        plain.then(|| part.parse().ok()).flatten()
    };
    parts.len() == 4 && parts.iter().all(|part| number(part).is_some()) && parts[0] == "127"
}

/// The eight groups of an IPv6 address in hexadecimal groups with at most
/// one `::` (no embedded IPv4, which no loopback spelling needs).
fn ipv6_groups(address: &str) -> Option<[u16; 8]> {
    let group = |text: &str| -> Option<u16> {
        let plain =
            !text.is_empty() && text.len() <= 4 && text.bytes().all(|b| b.is_ascii_hexdigit());
        plain.then(|| u16::from_str_radix(text, 16).ok()).flatten()
    };
    let groups = |text: &str| -> Option<Vec<u16>> {
        if text.is_empty() {
            return Some(Vec::new());
        }
        text.split(':').map(group).collect()
    };
    let mut out = [0u16; 8];
    match address.split_once("::") {
        Some((head, tail)) => {
            let (head, tail) = (groups(head)?, groups(tail)?);
            if head.len() + tail.len() > 7 {
                return None;
            }
            out[..head.len()].copy_from_slice(&head);
            out[8 - tail.len()..].copy_from_slice(&tail);
        }
        None => {
            let all = groups(address)?;
            if all.len() != 8 {
                return None;
            }
            out.copy_from_slice(&all);
        }
    }
    Some(out)
}

/// Why `url` may not carry the key, or `Ok` for an `https://` URL, an
/// `http://` one to a loopback host (a sandbox or a local proxy), or a
/// relative one (resolved against the page's own origin by `fetch`). Clear
/// text to any other host would show the key and the candidate to every hop.
/// The scheme is matched in any case, as URL parsers do.
pub fn check_transport_url(url: &str) -> Result<(), &'static str> {
    let Some((scheme, rest)) = split_scheme(url) else {
        return if url.starts_with("//") || url.starts_with("\\\\") {
            Err("a scheme-relative URL (//host) takes the page's scheme; write https://")
        } else {
            Ok(())
        };
    };
    if scheme.eq_ignore_ascii_case("https") {
        return Ok(());
    }
    if !scheme.eq_ignore_ascii_case("http") {
        return Err("it must be an http:// or https:// URL");
    }
    let rest = rest.trim_start_matches(['/', '\\']);
    let authority = rest.split(['/', '\\', '?', '#']).next().unwrap_or_default();
    let host_port = authority.rsplit('@').next().unwrap_or_default();
    let host = match host_port.strip_prefix('[') {
        Some(inner) => match inner.split_once(']') {
            Some((address, _)) => &host_port[..address.len() + 2],
            None => host_port,
        },
        None => host_port.split(':').next().unwrap_or_default(),
    };
    if is_loopback_host(host) {
        Ok(())
    } else {
        Err("http:// is only allowed to a loopback host (localhost, 127.0.0.0/8, [::1]); use https://")
    }
}

/// `(scheme, rest)` when `url` starts with a URL scheme and `:`.
fn split_scheme(url: &str) -> Option<(&str, &str)> {
    let (scheme, rest) = url.split_once(':')?;
    let mut bytes = scheme.bytes();
    let first = bytes.next()?;
    let valid = first.is_ascii_alphabetic()
        && bytes.all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'));
    valid.then_some((scheme, rest))
}

/// Whether a status is a redirect that was not followed: 3xx, or 0 (a
/// browser's `opaqueredirect` answer to `redirect: "manual"`). Following one
/// would send the key (and, after 307/308, the candidate) to another host.
pub fn is_unfollowed_redirect(status: u16) -> bool {
    status == 0 || (300..400).contains(&status)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_is_localhost_127_slash_8_and_ipv6_one() {
        for host in [
            "localhost",
            "LocalHost",
            "127.0.0.1",
            "127.1.2.3",
            "127.255.255.254",
            "[::1]",
            "[0:0:0:0:0:0:0:1]",
            "[0::1]",
            "[0000:0:0::0001]",
        ] {
            assert!(is_loopback_host(host), "{host}");
        }
        for host in [
            "",
            "example.com",
            "localhost.example.com",
            "127.0.0.1.nip.io",
            "128.0.0.1",
            "0.0.0.0",
            "10.0.0.1",
            "::1",
            "[::2]",
            "[::ffff:7f00:1]",
            "127.1",
            "0x7f.0.0.1",
            "[::1",
            "[::1::]",
            "[:::1]",
            "[1::1]",
            "[::]",
            "[0:0:0:0:0:0:0:0:1]",
            "[00000::1]",
            "127.0.0.01",
            "127.0.0.256",
            "127.0.0.1.",
            "127..0.1",
        ] {
            assert!(!is_loopback_host(host), "{host}");
        }
    }

    #[test]
    fn clear_text_only_to_loopback() {
        for url in [
            "https://api.heymilo.ai",
            "HTTPS://api.heymilo.ai/api/v2",
            "http://127.0.0.1:4010",
            "http://localhost:8787/heymilo",
            "HTTP://LOCALHOST",
            "http://[::1]:4010/",
            "http://user:pw@127.0.0.1:9/",
            "/heymilo",
            "heymilo",
            "",
        ] {
            assert_eq!(check_transport_url(url), Ok(()), "{url}");
        }
        for url in [
            "http://api.heymilo.ai",
            "http://example.com:80/",
            "http://127.0.0.1.example.com",
            "http://127.0.0.1@example.com",
            "http://[::1]@example.com",
            "http://example.com#@127.0.0.1",
            "http://example.com?@127.0.0.1",
            "http://10.0.0.1",
            "//example.com/heymilo",
            "ftp://example.com",
            "file:///etc/passwd",
            "javascript:alert(1)",
        ] {
            assert!(check_transport_url(url).is_err(), "{url}");
        }
    }

    #[test]
    fn redirects_are_3xx_and_opaque() {
        for status in [0, 300, 301, 302, 303, 304, 307, 308, 399] {
            assert!(is_unfollowed_redirect(status), "{status}");
        }
        for status in [200, 201, 202, 299, 400, 404, 500] {
            assert!(!is_unfollowed_redirect(status), "{status}");
        }
    }
}
