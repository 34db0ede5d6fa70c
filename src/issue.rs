//! Issues: one problem (or one piece of advice) about one place in the input.
//!
//! Codes are part of the public API: a form or a program may branch on them,
//! so a code is never renamed or reused for a different meaning.

use std::fmt;

/// One step of a path into the input: an object key or an array index.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PathSegment {
    /// A key of a JSON object.
    Key(String),
    /// An index into a JSON array (a row of a bulk request).
    Index(usize),
}

impl From<&str> for PathSegment {
    fn from(key: &str) -> Self {
        PathSegment::Key(key.to_owned())
    }
}

impl From<usize> for PathSegment {
    fn from(index: usize) -> Self {
        PathSegment::Index(index)
    }
}

/// A stable, machine-readable issue code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum IssueCode {
    /// The value has the wrong JSON type (for example a number where a string belongs).
    InvalidType,
    /// A required field is missing.
    Required,
    /// A string is empty or only whitespace where text is required.
    Blank,
    /// The email address is not a valid address.
    InvalidEmail,
    /// The email address comes with a display name or angle brackets (`Ada <ada@example.com>`).
    EmailDisplayName,
    /// A string is longer than its limit (in Unicode code points, or bytes for the email address).
    TooLong,
    /// A metadata key is longer than 40 characters.
    KeyTooLong,
    /// A metadata key is the empty string.
    EmptyKey,
    /// The metadata object has more than 50 keys.
    TooManyKeys,
    /// The phone number is not in a form that can become E.164.
    InvalidPhone,
    /// The phone number has a character that is not a digit, a leading `+` or formatting.
    PhoneInvalidCharacters,
    /// The phone number has letters (`1-800-FLOWERS`, `Tel: …`).
    PhoneLetters,
    /// The phone number has an extension (`x123`, `ext. 123`), which E.164 cannot hold.
    PhoneExtension,
    /// The phone number is a `tel:` URI.
    PhoneTelUri,
    /// A national phone number (no `+`) and no default country to complete it with.
    MissingCountryCode,
    /// The phone number's country calling code is not assigned.
    UnknownCountryCode,
    /// The phone number has a length no number of its country code can have.
    InvalidPhoneLength,
    /// The default country given for national phone numbers is not known.
    UnknownDefaultCountry,
    /// A string contains a lone UTF-16 surrogate, which cannot be sent as text.
    InvalidUnicode,
    /// A value is nested deeper than the accepted limit.
    TooDeep,
    /// A number in `data` that HeyMilo's server (Python's `json`) cannot
    /// read as sent: so large it becomes infinity (`1e999999`), or an
    /// integer of more than 4 300 digits.
    NumberOutOfRange,
    /// The input could not be read as JSON.
    InvalidJson,
    /// A bulk request has no candidates.
    TooFewItems,
    /// The posting id cannot be used as a URL path segment (`.` or `..`).
    InvalidPostingId,
    /// Warning: a field that the API does not know; it is not sent.
    UnknownField,
    /// Warning: the email domain looks like a typo of a well-known mail domain.
    EmailDomainTypo,
}

impl IssueCode {
    /// Every code, in documentation order.
    pub const ALL: [IssueCode; 26] = [
        IssueCode::InvalidType,
        IssueCode::Required,
        IssueCode::Blank,
        IssueCode::InvalidEmail,
        IssueCode::EmailDisplayName,
        IssueCode::TooLong,
        IssueCode::KeyTooLong,
        IssueCode::EmptyKey,
        IssueCode::TooManyKeys,
        IssueCode::InvalidPhone,
        IssueCode::PhoneInvalidCharacters,
        IssueCode::PhoneLetters,
        IssueCode::PhoneExtension,
        IssueCode::PhoneTelUri,
        IssueCode::MissingCountryCode,
        IssueCode::UnknownCountryCode,
        IssueCode::InvalidPhoneLength,
        IssueCode::UnknownDefaultCountry,
        IssueCode::InvalidUnicode,
        IssueCode::TooDeep,
        IssueCode::NumberOutOfRange,
        IssueCode::InvalidJson,
        IssueCode::TooFewItems,
        IssueCode::InvalidPostingId,
        IssueCode::UnknownField,
        IssueCode::EmailDomainTypo,
    ];

    /// The code as it appears in JSON and JavaScript.
    pub fn as_str(self) -> &'static str {
        match self {
            IssueCode::InvalidType => "invalid_type",
            IssueCode::Required => "required",
            IssueCode::Blank => "blank",
            IssueCode::InvalidEmail => "invalid_email",
            IssueCode::EmailDisplayName => "email_display_name",
            IssueCode::TooLong => "too_long",
            IssueCode::KeyTooLong => "key_too_long",
            IssueCode::EmptyKey => "empty_key",
            IssueCode::TooManyKeys => "too_many_keys",
            IssueCode::InvalidPhone => "invalid_phone",
            IssueCode::PhoneInvalidCharacters => "phone_invalid_characters",
            IssueCode::PhoneLetters => "phone_letters",
            IssueCode::PhoneExtension => "phone_extension",
            IssueCode::PhoneTelUri => "phone_tel_uri",
            IssueCode::MissingCountryCode => "missing_country_code",
            IssueCode::UnknownCountryCode => "unknown_country_code",
            IssueCode::InvalidPhoneLength => "invalid_phone_length",
            IssueCode::UnknownDefaultCountry => "unknown_default_country",
            IssueCode::InvalidUnicode => "invalid_unicode",
            IssueCode::TooDeep => "too_deep",
            IssueCode::NumberOutOfRange => "number_out_of_range",
            IssueCode::InvalidJson => "invalid_json",
            IssueCode::TooFewItems => "too_few_items",
            IssueCode::InvalidPostingId => "invalid_posting_id",
            IssueCode::UnknownField => "unknown_field",
            IssueCode::EmailDomainTypo => "email_domain_typo",
        }
    }

    /// The code for a stable code string, if it is one of ours.
    pub fn parse(code: &str) -> Option<IssueCode> {
        IssueCode::ALL.into_iter().find(|c| c.as_str() == code)
    }
}

impl fmt::Display for IssueCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One problem with the input (or, in a warnings list, one piece of advice).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    /// Where in the input: keys and indices from the root.
    pub path: Vec<PathSegment>,
    /// What kind of problem; stable.
    pub code: IssueCode,
    /// A short English sentence a form can show next to the field.
    pub message: String,
}

impl Issue {
    /// An issue at `path` with `code` and `message`.
    pub fn new(path: Vec<PathSegment>, code: IssueCode, message: impl Into<String>) -> Self {
        Issue {
            path,
            code,
            message: message.into(),
        }
    }

    /// Puts `segment` in front of the path (used to place a row's issues inside a bulk request).
    pub fn prefixed(mut self, segment: PathSegment) -> Self {
        // Not `Vec::insert`, whose index check formats integers (core::fmt in the wasm).
        let mut path = Vec::with_capacity(self.path.len() + 1);
        path.push(segment);
        path.append(&mut self.path);
        self.path = path;
        self
    }
}

impl fmt::Display for Issue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, segment) in self.path.iter().enumerate() {
            if i > 0 {
                f.write_str(".")?;
            }
            match segment {
                PathSegment::Key(key) => f.write_str(key)?,
                PathSegment::Index(index) => write!(f, "{index}")?,
            }
        }
        if !self.path.is_empty() {
            f.write_str(": ")?;
        }
        write!(f, "{} ({})", self.message, self.code)
    }
}

/// Appends `issues` as a JSON array of `{path, code, message}` objects to `out`.
pub fn write_issues_json(out: &mut String, issues: &[Issue]) {
    out.push('[');
    for (i, issue) in issues.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str("{\"path\":[");
        for (j, segment) in issue.path.iter().enumerate() {
            if j > 0 {
                out.push(',');
            }
            match segment {
                PathSegment::Key(key) => crate::json::write_string(out, key),
                PathSegment::Index(index) => out.push_str(&crate::json::decimal(*index)),
            }
        }
        out.push_str("],\"code\":\"");
        out.push_str(issue.code.as_str());
        out.push_str("\",\"message\":");
        crate::json::write_string(out, &issue.message);
        out.push('}');
    }
    out.push(']');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_round_trips_and_is_unique() {
        for code in IssueCode::ALL {
            assert_eq!(IssueCode::parse(code.as_str()), Some(code));
        }
        let mut names: Vec<_> = IssueCode::ALL.iter().map(|c| c.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), IssueCode::ALL.len());
        assert_eq!(IssueCode::parse("nope"), None);
    }

    /// Issue codes are public API: each is in the README's table and in the
    /// TypeScript `IssueCode` type, and those list no other code.
    #[test]
    #[cfg(not(target_arch = "wasm32"))]
    fn every_code_is_documented_and_typed() {
        let read = |path: &str| {
            std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path))
                .unwrap_or_else(|e| panic!("{path}: {e}"))
        };
        let readme = read("README.md");
        let types = read("pkg/index.d.ts");
        let table: Vec<&str> = readme
            .lines()
            .skip_while(|l| !l.starts_with("### Issue codes"))
            .skip(1)
            .take_while(|l| !l.starts_with('#'))
            .filter_map(|l| l.strip_prefix("| `")?.split_once('`').map(|(code, _)| code))
            .collect();
        let union: Vec<&str> = types
            .split("export type IssueCode =")
            .nth(1)
            .and_then(|rest| rest.split(';').next())
            .unwrap_or_default()
            .split('|')
            .map(|c| c.trim().trim_matches('"'))
            .filter(|c| !c.is_empty())
            .collect();
        let all: Vec<&str> = IssueCode::ALL.iter().map(|c| c.as_str()).collect();
        assert_eq!(table, all, "README.md's issue code table");
        assert_eq!(union, all, "pkg/index.d.ts's IssueCode");
    }

    #[test]
    fn display_shows_path_message_and_code() {
        let issue = Issue::new(
            vec![PathSegment::Index(3), "email".into()],
            IssueCode::InvalidEmail,
            "Not an email address.",
        );
        assert_eq!(
            issue.to_string(),
            "3.email: Not an email address. (invalid_email)"
        );
        let mut json = String::new();
        write_issues_json(&mut json, &[issue]);
        assert_eq!(
            json,
            r#"[{"path":[3,"email"],"code":"invalid_email","message":"Not an email address."}]"#
        );
    }
}
