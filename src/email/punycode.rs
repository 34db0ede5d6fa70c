//! Punycode (RFC 3492), as Python's `punycode` codec does it: the encoder is the
//! standard one; the decoder accepts exactly what Python's strict decoder
//! accepts (upper- or lower-case digits, everything before the last hyphen
//! taken as basic code points) and fails where Python raises.

const BASE: u64 = 36;
const T_MIN: u64 = 1;
const T_MAX: u64 = 26;
const SKEW: u64 = 38;
const DAMP: u64 = 700;
const INITIAL_BIAS: u64 = 72;
const INITIAL_N: u64 = 0x80;

fn threshold(j: u64, bias: u64) -> u64 {
    (BASE * (j + 1)).saturating_sub(bias).clamp(T_MIN, T_MAX)
}

fn adapt(delta: u64, first: bool, num_points: u64) -> u64 {
    let mut delta = if first { delta / DAMP } else { delta / 2 };
    delta += delta / num_points.max(1);
    let mut k = 0;
    while delta > ((BASE - T_MIN) * T_MAX) / 2 {
        delta /= BASE - T_MIN;
        k += BASE;
    }
    k + (BASE * delta) / (delta + SKEW)
}

fn digit_char(d: u64) -> char {
    // d < 36 by construction.
    match u8::try_from(d) {
        Ok(d @ 0..=25) => char::from(b'a' + d),
        Ok(d @ 26..=35) => char::from(b'0' + (d - 26)),
        _ => '?',
    }
}

/// Encodes `label` (without the `xn--` prefix). `None` only on arithmetic
/// overflow, which cannot happen for labels short enough to be valid.
pub(super) fn encode(label: &[char]) -> Option<String> {
    let mut out = String::new();
    for &c in label {
        if c.is_ascii() {
            out.push(c);
        }
    }
    let basic = out.len() as u64;
    if basic > 0 {
        out.push('-');
    }
    let total = label.len() as u64;
    let mut n = INITIAL_N;
    let mut delta: u64 = 0;
    let mut bias = INITIAL_BIAS;
    let mut handled = basic;
    while handled < total {
        let m = label
            .iter()
            .map(|&c| u64::from(u32::from(c)))
            .filter(|&c| c >= n)
            .min()?;
        delta = delta.checked_add((m - n).checked_mul(handled + 1)?)?;
        n = m;
        for &c in label {
            let c = u64::from(u32::from(c));
            if c < n {
                delta = delta.checked_add(1)?;
            }
            if c == n {
                let mut q = delta;
                let mut k = BASE;
                loop {
                    let t = threshold(k / BASE - 1, bias);
                    if q < t {
                        break;
                    }
                    out.push(digit_char(t + (q - t) % (BASE - t)));
                    q = (q - t) / (BASE - t);
                    k += BASE;
                }
                out.push(digit_char(q));
                bias = adapt(delta, handled == basic, handled + 1);
                delta = 0;
                handled += 1;
            }
        }
        delta = delta.checked_add(1)?;
        n += 1;
    }
    Some(out)
}

/// Decodes the part of an A-label after `xn--` (ASCII characters); `None` where Python's strict
/// codec raises (invalid digit, truncated number, code point beyond U+10FFFF)
/// or where the result is not a valid `char` (surrogates, which IDNA rejects).
pub(super) fn decode(input: &[char]) -> Option<Vec<char>> {
    // Everything before the last hyphen is basic code points, the rest digits.
    let mut split = input.len();
    while split > 0 && input.get(split - 1) != Some(&'-') {
        split -= 1;
    }
    let mut out: Vec<char> = Vec::with_capacity(input.len());
    let extended = match split.checked_sub(1) {
        Some(hyphen) => {
            out.extend_from_slice(input.get(..hyphen)?);
            input.get(split..)?
        }
        None => input,
    };
    let mut n = INITIAL_N;
    let mut pos: u64 = 0; // Python's `pos + 1`
    let mut bias = INITIAL_BIAS;
    let mut digits = extended.iter().peekable();
    let mut first = true;
    while digits.peek().is_some() {
        let mut result: u64 = 0;
        let mut w: u64 = 1;
        let mut j: u64 = 0;
        loop {
            let d = match *digits.next()? {
                c @ 'a'..='z' => u32::from(c) - u32::from('a'),
                c @ 'A'..='Z' => u32::from(c) - u32::from('A'),
                c @ '0'..='9' => u32::from(c) - u32::from('0') + 26,
                _ => return None,
            };
            let d = u64::from(d);
            let t = threshold(j, bias);
            result = result.checked_add(d.checked_mul(w)?)?;
            if d < t {
                break;
            }
            w = w.checked_mul(BASE - t)?;
            j += 1;
        }
        let len = out.len() as u64 + 1;
        pos = pos.checked_add(result)?;
        n = n.checked_add(pos / len)?;
        if n > 0x0010_FFFF {
            return None;
        }
        pos %= len;
        let c = char::from_u32(u32::try_from(n).ok()?)?;
        // Insert `c` at `pos` (<= len by the modulo).
        let at = usize::try_from(pos).ok()?;
        out.push(c);
        let mut i = out.len() - 1;
        while i > at {
            // A slice pattern, not `swap`, whose index check would bring panic formatting.
            if let Some([a, b]) = out.get_mut(i - 1..=i) {
                std::mem::swap(a, b);
            }
            i -= 1;
        }
        bias = adapt(result, first, out.len() as u64);
        first = false;
        pos += 1;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn enc(s: &str) -> String {
        encode(&s.chars().collect::<Vec<_>>()).unwrap_or_default()
    }

    fn dec(s: &str) -> Option<String> {
        decode(&s.chars().collect::<Vec<_>>()).map(|v| v.into_iter().collect())
    }

    #[test]
    fn rfc_3492_samples() {
        assert_eq!(enc("münchen"), "mnchen-3ya");
        assert_eq!(enc("例え"), "r8jz45g");
        assert_eq!(enc("bücher"), "bcher-kva");
        assert_eq!(enc("他们为什么不说中文"), "ihqwcrb4cv8a8dqg056pqjye");
        assert_eq!(enc("ли"), "h1af");
        assert_eq!(dec("mnchen-3ya").as_deref(), Some("münchen"));
        assert_eq!(dec("MNCHEN-3YA").as_deref(), Some("MüNCHEN"));
        assert_eq!(
            dec("ihqwcrb4cv8a8dqg056pqjye").as_deref(),
            Some("他们为什么不说中文")
        );
        assert_eq!(dec("abc-"), Some("abc".to_owned()));
        assert_eq!(dec("a-!"), None);
        assert_eq!(dec("zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz"), None);
        assert_eq!(dec("99999999999999999999999999999999"), None);
    }
}
