//! Header lists as this crate passes them around: `(name, value)` pairs, names in any case.

/// The value of the first header called `name` (ASCII case-insensitive).
pub fn first_header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(key, _)| key.eq_ignore_ascii_case(name))
        .map(|(_, value)| value.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_first_match_in_any_case() {
        let headers = vec![
            ("Retry-After".to_owned(), "1".to_owned()),
            ("retry-after".to_owned(), "2".to_owned()),
        ];
        assert_eq!(first_header(&headers, "RETRY-AFTER"), Some("1"));
        assert_eq!(first_header(&headers, "x"), None);
    }
}
