//! Candidate validation: every rule of `CandidateIngestRequest`, all issues at once.

use crate::candidate::{
    CandidateIngestRequest, METADATA_KEY_MAX_CHARS, METADATA_MAX_KEYS, METADATA_VALUE_MAX_CHARS,
};
use crate::email::{likely_domain_typo, normalize_email, EmailError};
use crate::issue::{write_issues_json, Issue, IssueCode, PathSegment};
use crate::json::{self, Document, Path, Value, WriteJson};
use crate::phone::normalize_phone_number;

/// Options that change how input is read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ValidateOptions<'a> {
    /// ISO 3166 alpha-2 region (e.g. `"GB"`) used to complete phone numbers
    /// written without `+` and a country code.
    pub default_country: Option<&'a str>,
}

/// The outcome of validating: a normalized value, or the issues that prevent one.
///
/// `value` is `Some` exactly when `issues` is empty. Warnings never block.
#[derive(Debug, Clone, PartialEq)]
pub struct Validation<T> {
    /// The normalized value, present when there are no issues.
    pub value: Option<T>,
    /// Every problem found, in input order.
    pub issues: Vec<Issue>,
    /// Advice that does not block (unknown fields, likely typos).
    pub warnings: Vec<Issue>,
}

impl<T> Validation<T> {
    /// Whether the input is valid.
    pub fn is_ok(&self) -> bool {
        self.value.is_some()
    }

    /// The result as JSON: `{"ok":true,"value":…,"issues":[],"warnings":[…]}` or
    /// `{"ok":false,"issues":[…],"warnings":[…]}` (the JavaScript API's shape).
    pub fn to_json(&self) -> String
    where
        T: WriteJson,
    {
        let mut out = String::with_capacity(256);
        match &self.value {
            Some(value) => {
                out.push_str("{\"ok\":true,\"value\":");
                value.write_json(&mut out);
            }
            None => out.push_str("{\"ok\":false"),
        }
        out.push_str(",\"issues\":");
        write_issues_json(&mut out, &self.issues);
        out.push_str(",\"warnings\":");
        write_issues_json(&mut out, &self.warnings);
        out.push('}');
        out
    }

    fn from_parts(value: T, issues: Vec<Issue>, warnings: Vec<Issue>) -> Self {
        Validation {
            value: issues.is_empty().then_some(value),
            issues,
            warnings,
        }
    }
}

/// The fields of `CandidateIngestRequest`; anything else is reported as a warning and dropped.
pub(crate) const KNOWN_FIELDS: [&str; 5] = ["name", "email", "phone_number", "metadata", "data"];
/// Longest email address, in bytes (RFC 5321 path limit as email-validator applies it); checked
/// again precisely by the email rules, this only keeps huge inputs cheap.
const EMAIL_MAX_BYTES: usize = 254;

/// Validates one candidate given as JSON bytes.
pub fn validate_candidate_json(
    bytes: &[u8],
    options: ValidateOptions<'_>,
) -> Validation<CandidateIngestRequest> {
    match json::parse(bytes) {
        Ok(document) => validate_document(&document, options),
        Err(error) => unreadable(error),
    }
}

/// Validates a list of candidates given as JSON bytes (a JSON array). Issue
/// and warning paths start with the row index.
pub fn validate_candidates_json(
    bytes: &[u8],
    options: ValidateOptions<'_>,
) -> Validation<Vec<CandidateIngestRequest>> {
    match json::parse(bytes) {
        Ok(document) => validate_bulk_document(&document, options),
        Err(error) => unreadable(error),
    }
}

/// Validates one candidate already parsed into a [`json::Value`].
pub fn validate_candidate(
    input: &Value,
    options: ValidateOptions<'_>,
) -> Validation<CandidateIngestRequest> {
    let marks = Marks::default();
    Checker::new(options, &marks).candidate(input)
}

/// Validates a parsed document holding one candidate, reporting lone surrogates and deep nesting.
pub fn validate_document(
    document: &Document,
    options: ValidateOptions<'_>,
) -> Validation<CandidateIngestRequest> {
    let marks = Marks::of(document);
    Checker::new(options, &marks).candidate(&document.value)
}

/// Validates a parsed document holding an array of candidates.
pub fn validate_bulk_document(
    document: &Document,
    options: ValidateOptions<'_>,
) -> Validation<Vec<CandidateIngestRequest>> {
    let marks = Marks::of(document);
    let Value::Array(rows) = &document.value else {
        let issue = Issue::new(
            Vec::new(),
            IssueCode::InvalidType,
            concat(&[
                "Expected a list of candidates, got ",
                document.value.type_name(),
                ".",
            ]),
        );
        return Validation::from_parts(Vec::new(), vec![issue], Vec::new());
    };
    let mut values = Vec::with_capacity(rows.len());
    let mut issues = Vec::new();
    let mut warnings = Vec::new();
    for (index, row) in rows.iter().enumerate() {
        let row_marks = marks.below(index);
        let outcome = Checker::new(options, &row_marks).candidate(row);
        let at_row = |issue: Issue| issue.prefixed(PathSegment::Index(index));
        issues.extend(outcome.issues.into_iter().map(at_row));
        warnings.extend(outcome.warnings.into_iter().map(at_row));
        values.extend(outcome.value);
    }
    Validation::from_parts(values, issues, warnings)
}

/// A candidate given as its text fields, string metadata and at most an
/// empty `data`: what forms and most ATS integrations send. Borrowed, so
/// checking one allocates only the normalized values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PlainCandidate<'a> {
    /// The `name` string as given.
    pub name: &'a str,
    /// The `email` string as given.
    pub email: &'a str,
    /// The `phone_number` string as given; `None` when absent or `null`.
    pub phone_number: Option<&'a str>,
    /// The `metadata` entries (string values) in order, each key once as
    /// in a JSON object; `None` when absent or `null`. Duplicate keys are
    /// not accepted (the JSON path decides which one wins).
    pub metadata: Option<&'a [(&'a str, &'a str)]>,
    /// Whether `data` is `{}`; `false` when absent or `null`. (Any other
    /// `data` takes the JSON path.)
    pub empty_data: bool,
}

/// A [`PlainCandidate`] that passed every rule with no warning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AcceptedPlainCandidate<'a> {
    /// The name as sent: a slice of the given name.
    pub name: &'a str,
    /// The normalized email address.
    pub email: String,
    /// The phone number in E.164 form, if one was given (a blank one is not).
    pub phone_number: Option<String>,
}

/// Accepts a candidate that has only `name`, `email` and optionally
/// `phone_number`, all strings, when every rule passes without a warning.
///
/// `None` says nothing about what is wrong: ask [`validate_candidate_json`]
/// (or [`validate_candidate`]), which applies the same rules and reports
/// every issue and warning. When this returns a value, `validate_candidate`
/// on the same fields returns the same value with no issues and no warnings;
/// the JavaScript API relies on that to skip building JSON text.
pub fn accept_plain_candidate<'a>(
    candidate: PlainCandidate<'a>,
    options: ValidateOptions<'_>,
) -> Option<AcceptedPlainCandidate<'a>> {
    let name = trimmed_name(candidate.name)?;
    let EmailCheck::Normalized { email, typo: None } = checked_email(candidate.email) else {
        return None;
    };
    let phone_number = match candidate.phone_number.and_then(present) {
        None => None,
        Some(text) => Some(normalize_phone_number(text, options.default_country).ok()?),
    };
    if let Some(entries) = candidate.metadata {
        if !plain_metadata_accepted(entries) {
            return None;
        }
    }
    Some(AcceptedPlainCandidate {
        name,
        email,
        phone_number,
    })
}

/// A string given as UTF-16 code units (what JavaScript holds) that is well
/// formed, with its length in code points: the metadata of
/// [`accept_plain_candidate_utf16`], checked without turning it into UTF-8.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Utf16Text<'a> {
    units: &'a [u16],
    code_points: usize,
}

impl<'a> Utf16Text<'a> {
    /// `units` as text, in one pass that pairs surrogates and counts code
    /// points; `None` when they hold a lone surrogate (which the JSON path
    /// reports as `invalid_unicode`).
    pub fn new(units: &'a [u16]) -> Option<Self> {
        // One test per unit for the common case, no surrogate.
        let mut pairs = 0;
        let mut iter = units.iter();
        while let Some(&unit) = iter.next() {
            if unit & 0xF800 == 0xD800 {
                // A high surrogate and then a low one; anything else is lone.
                let high = unit < 0xDC00;
                match iter.next() {
                    Some(&low) if high && low & 0xFC00 == 0xDC00 => pairs += 1,
                    _ => return None,
                }
            }
        }
        Some(Utf16Text {
            units,
            code_points: units.len() - pairs,
        })
    }

    /// `units` with their code-point count, from a caller that paired their
    /// surrogates itself while scanning them for something else (the wasm
    /// row reader: one pass per field).
    #[cfg(all(target_arch = "wasm32", feature = "utf16-rows"))]
    pub(crate) fn counted(units: &'a [u16], code_points: usize) -> Self {
        Utf16Text { units, code_points }
    }

    /// The code units.
    pub fn units(&self) -> &'a [u16] {
        self.units
    }

    /// The length in code points (a surrogate pair is one).
    pub fn code_points(&self) -> usize {
        self.code_points
    }
}

/// [`accept_plain_candidate`] with the metadata as UTF-16 (the candidate's own
/// `metadata` is ignored): the same rules through the same functions, for a
/// caller that holds the text as UTF-16 and would otherwise transcode every
/// metadata value only to count its characters (the Node, Deno and Bun
/// entries, issue 14: 50 values of 500 characters).
pub fn accept_plain_candidate_utf16<'a>(
    candidate: PlainCandidate<'a>,
    metadata: Option<&[(Utf16Text<'_>, Utf16Text<'_>)]>,
    options: ValidateOptions<'_>,
) -> Option<AcceptedPlainCandidate<'a>> {
    if let Some(entries) = metadata {
        if !plain_metadata_accepted(entries) {
            return None;
        }
    }
    accept_plain_candidate(
        PlainCandidate {
            metadata: None,
            ..candidate
        },
        options,
    )
}

/// Text the metadata rules measure: UTF-8 (`&str`) or UTF-16 ([`Utf16Text`]).
trait MetadataText: Copy + PartialEq {
    fn is_empty(self) -> bool;
    /// Whether it has at most `max` code points.
    fn within_chars(self, max: usize) -> bool;
}

impl MetadataText for &str {
    fn is_empty(self) -> bool {
        str::is_empty(self)
    }

    fn within_chars(self, max: usize) -> bool {
        within_chars(self, max)
    }
}

impl MetadataText for Utf16Text<'_> {
    fn is_empty(self) -> bool {
        self.units.is_empty()
    }

    fn within_chars(self, max: usize) -> bool {
        self.code_points <= max
    }
}

/// Whether plain metadata entries pass every metadata rule: what both
/// plain paths ask, through the rules the JSON path reports with.
fn plain_metadata_accepted<T: MetadataText>(entries: &[(T, T)]) -> bool {
    if entries.len() > METADATA_MAX_KEYS {
        return false;
    }
    for (i, (name, value)) in entries.iter().enumerate() {
        let before = entries.get(..i).unwrap_or_default();
        // A repeated key: the JSON path decides which one wins.
        let repeated = before.iter().any(|(earlier, _)| earlier == name);
        if repeated || metadata_key_issue(*name).is_some() || !metadata_value_fits(*value) {
            return false;
        }
    }
    true
}

fn unreadable<T>(error: json::ParseError) -> Validation<T> {
    Validation {
        value: None,
        issues: vec![Issue::new(
            Vec::new(),
            IssueCode::InvalidJson,
            concat(&[
                "The input is not valid JSON (",
                error.reason,
                " at byte ",
                &json::decimal(error.offset),
                ").",
            ]),
        )],
        warnings: Vec::new(),
    }
}

/// Places the parser found that rules must know about, relative to one candidate.
#[derive(Default)]
struct Marks {
    lone_surrogates: Vec<Path>,
    too_deep: Vec<Path>,
}

impl Marks {
    fn of(document: &Document) -> Self {
        Marks {
            lone_surrogates: document.lone_surrogates.clone(),
            too_deep: document.too_deep.clone(),
        }
    }

    fn below(&self, index: usize) -> Self {
        let row = PathSegment::Index(index);
        let strip = |paths: &[Path]| -> Vec<Path> {
            paths
                .iter()
                .filter(|p| p.first() == Some(&row))
                .map(|p| p.get(1..).unwrap_or_default().to_vec())
                .collect()
        };
        if self.lone_surrogates.is_empty() && self.too_deep.is_empty() {
            return Marks::default();
        }
        Marks {
            lone_surrogates: strip(&self.lone_surrogates),
            too_deep: strip(&self.too_deep),
        }
    }

    fn has_lone_surrogate_at(&self, path: &[PathSegment]) -> bool {
        !self.lone_surrogates.is_empty() && self.lone_surrogates.iter().any(|p| p == path)
    }
}

/// An optional text field as given, or `None` when it is blank (nothing but
/// Unicode white space): forms send `""` for inputs nobody touched, which
/// means "not given", not "invalid".
fn present(text: &str) -> Option<&str> {
    (!text.trim().is_empty()).then_some(text)
}

/// The name as sent: trimmed of Unicode white space; `None` when nothing is left.
fn trimmed_name(text: &str) -> Option<&str> {
    let trimmed = text.trim();
    (!trimmed.is_empty()).then_some(trimmed)
}

/// What the email rules make of one `email` string.
enum EmailCheck {
    /// Valid: the normalized address, and a likely typo in its domain if any (a warning).
    Normalized {
        email: String,
        typo: Option<&'static str>,
    },
    /// Nothing but white space.
    Blank,
    /// Far longer than any address can be.
    TooLong,
    /// Not a deliverable address.
    Invalid(EmailError),
}

/// The email rules on one `email` string (trimmed first): what both the
/// JSON path and the plain path report or accept.
fn checked_email(text: &str) -> EmailCheck {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return EmailCheck::Blank;
    }
    if trimmed.len() > EMAIL_MAX_BYTES * 4 {
        return EmailCheck::TooLong;
    }
    match normalize_email(trimmed) {
        Ok(email) => {
            let typo = likely_domain_typo(&email);
            EmailCheck::Normalized { email, typo }
        }
        Err(error) => EmailCheck::Invalid(error),
    }
}

/// One step of a path into `data`, borrowed while it is walked.
#[derive(Clone, Copy)]
enum Step<'v> {
    Key(&'v str),
    Index(usize),
}

/// The path of borrowed steps, as an issue's path.
fn steps_path(steps: &[Step<'_>]) -> Vec<PathSegment> {
    let mut path = Vec::with_capacity(steps.len());
    for step in steps {
        path.push(match *step {
            Step::Key(name) => key(name),
            Step::Index(index) => PathSegment::Index(index),
        });
    }
    path
}

struct Checker<'a> {
    options: ValidateOptions<'a>,
    marks: &'a Marks,
    issues: Vec<Issue>,
    warnings: Vec<Issue>,
}

fn key(name: &str) -> PathSegment {
    PathSegment::Key(name.to_owned())
}

/// The pieces joined; messages are built this way rather than with `format!`
/// to keep formatting machinery out of the browser wasm.
fn concat(parts: &[&str]) -> String {
    // A plain loop: `[&str]::concat` brings in a generic join (about 1 KB of wasm).
    let mut out = String::with_capacity(parts.iter().map(|part| part.len()).sum());
    for part in parts {
        out.push_str(part);
    }
    out
}

/// What is wrong with a metadata key, if anything (both paths ask this).
fn metadata_key_issue<T: MetadataText>(name: T) -> Option<(IssueCode, &'static str)> {
    if name.is_empty() {
        Some((IssueCode::EmptyKey, "Metadata keys cannot be empty."))
    } else if !name.within_chars(METADATA_KEY_MAX_CHARS) {
        Some((
            IssueCode::KeyTooLong,
            "Metadata keys can be at most 40 characters.",
        ))
    } else {
        None
    }
}

/// Whether a metadata value is within its limit (both paths ask this).
fn metadata_value_fits<T: MetadataText>(text: T) -> bool {
    text.within_chars(METADATA_VALUE_MAX_CHARS)
}

/// Whether `text` has at most `max` Unicode code points, without counting past `max`.
fn within_chars(text: &str, max: usize) -> bool {
    // Byte length bounds the count from above, and a quarter of it from below.
    text.len() <= max || (text.len() <= max * 4 && json::code_points(text) <= max)
}

impl<'a> Checker<'a> {
    fn new(options: ValidateOptions<'a>, marks: &'a Marks) -> Self {
        Checker {
            options,
            marks,
            issues: Vec::new(),
            warnings: Vec::new(),
        }
    }

    fn issue(&mut self, path: Vec<PathSegment>, code: IssueCode, message: impl Into<String>) {
        self.issues.push(Issue::new(path, code, message));
    }

    fn wrong_type(&mut self, path: Vec<PathSegment>, expected: &str, found: &Value) {
        let message = concat(&["Expected ", expected, ", got ", found.type_name(), "."]);
        self.issue(path, IssueCode::InvalidType, message);
    }

    /// Reports a lone surrogate in the string at `path`; true when there was one.
    fn lone_surrogate(&mut self, path: &[PathSegment]) -> bool {
        if !self.marks.has_lone_surrogate_at(path) {
            return false;
        }
        self.issue(
            path.to_vec(),
            IssueCode::InvalidUnicode,
            "Contains an unpaired UTF-16 surrogate, which is not valid text.",
        );
        true
    }

    fn candidate(mut self, input: &Value) -> Validation<CandidateIngestRequest> {
        let Value::Object(fields) = input else {
            let message = concat(&[
                "Expected a candidate object with name and email, got ",
                input.type_name(),
                ".",
            ]);
            self.issue(Vec::new(), IssueCode::InvalidType, message);
            return Validation::from_parts(self.empty_candidate(), self.issues, self.warnings);
        };
        for (field, _) in fields {
            if !KNOWN_FIELDS.contains(&field.as_str()) {
                self.warnings.push(Issue::new(
                    vec![key(field)],
                    IssueCode::UnknownField,
                    "Unknown field; it is not sent to HeyMilo.",
                ));
            }
        }
        let name = self.name(input.get("name"));
        let email = self.email(input.get("email"));
        let phone_number = self.phone(input.get("phone_number"));
        let metadata = self.metadata(input.get("metadata"));
        let data = self.data(input.get("data"));
        let candidate = CandidateIngestRequest {
            name,
            email,
            phone_number,
            metadata,
            data,
        };
        Validation::from_parts(candidate, self.issues, self.warnings)
    }

    fn empty_candidate(&self) -> CandidateIngestRequest {
        CandidateIngestRequest {
            name: String::new(),
            email: String::new(),
            phone_number: None,
            metadata: None,
            data: None,
        }
    }

    fn required_string<'v>(&mut self, field: &str, value: Option<&'v Value>) -> Option<&'v str> {
        match value {
            None => {
                self.issue(
                    vec![key(field)],
                    IssueCode::Required,
                    concat(&["The ", field, " is required."]),
                );
                None
            }
            Some(Value::String(text)) => {
                if self.lone_surrogate(&[key(field)]) {
                    None
                } else {
                    Some(text)
                }
            }
            Some(other) => {
                self.wrong_type(vec![key(field)], "a string", other);
                None
            }
        }
    }

    fn name(&mut self, value: Option<&Value>) -> String {
        let Some(text) = self.required_string("name", value) else {
            return String::new();
        };
        let Some(trimmed) = trimmed_name(text) else {
            self.issue(
                vec![key("name")],
                IssueCode::Blank,
                "Enter the candidate's name.",
            );
            return String::new();
        };
        trimmed.to_owned()
    }

    fn email(&mut self, value: Option<&Value>) -> String {
        let Some(text) = self.required_string("email", value) else {
            return String::new();
        };
        match checked_email(text) {
            EmailCheck::Normalized { email, typo } => {
                if let Some(suggestion) = typo {
                    self.warnings.push(Issue::new(
                        vec![key("email")],
                        IssueCode::EmailDomainTypo,
                        concat(&["Did you mean @", suggestion, "?"]),
                    ));
                }
                email
            }
            EmailCheck::Blank => {
                self.issue(
                    vec![key("email")],
                    IssueCode::Blank,
                    "Enter an email address.",
                );
                String::new()
            }
            EmailCheck::TooLong => {
                self.issue(
                    vec![key("email")],
                    IssueCode::TooLong,
                    "The email address is too long.",
                );
                String::new()
            }
            EmailCheck::Invalid(error) => {
                let code = IssueCode::parse(error.code()).unwrap_or(IssueCode::InvalidEmail);
                self.issue(vec![key("email")], code, error.message());
                String::new()
            }
        }
    }

    fn phone(&mut self, value: Option<&Value>) -> Option<String> {
        let text = match value {
            None | Some(Value::Null) => return None,
            Some(Value::String(text)) => present(text)?,
            Some(other) => {
                self.wrong_type(vec![key("phone_number")], "a string or null", other);
                return None;
            }
        };
        if self.lone_surrogate(&[key("phone_number")]) {
            return None;
        }
        match normalize_phone_number(text, self.options.default_country) {
            Ok(normalized) => Some(normalized),
            Err(error) => {
                let code = IssueCode::parse(error.code()).unwrap_or(IssueCode::InvalidPhone);
                self.issue(vec![key("phone_number")], code, error.message());
                None
            }
        }
    }

    fn metadata(&mut self, value: Option<&Value>) -> Option<Vec<(String, String)>> {
        let entries = match value {
            None | Some(Value::Null) => return None,
            Some(Value::Object(entries)) => entries,
            Some(other) => {
                self.wrong_type(vec![key("metadata")], "an object of strings or null", other);
                return None;
            }
        };
        if entries.len() > METADATA_MAX_KEYS {
            self.issue(
                vec![key("metadata")],
                IssueCode::TooManyKeys,
                concat(&[
                    "Metadata can have at most 50 keys; this has ",
                    &json::decimal(entries.len()),
                    ".",
                ]),
            );
        }
        let mut normalized = Vec::with_capacity(entries.len().min(METADATA_MAX_KEYS));
        for (name, entry) in entries {
            let path = vec![key("metadata"), key(name)];
            if let Some((code, message)) = metadata_key_issue(name.as_str()) {
                self.issue(path.clone(), code, message);
            }
            self.lone_surrogate(&path);
            match entry {
                Value::String(text) => {
                    if !metadata_value_fits(text.as_str()) {
                        self.issue(
                            path,
                            IssueCode::TooLong,
                            "Metadata values can be at most 500 characters.",
                        );
                    } else if self.issues.is_empty() {
                        normalized.push((name.clone(), text.clone()));
                    }
                }
                other => self.wrong_type(path, "a string", other),
            }
        }
        Some(normalized)
    }

    /// Reports every number in `value` (at `path` inside `data`) that
    /// HeyMilo's server cannot read (Python's `json`: one that becomes
    /// infinity, an integer too long for `int()`). Parsed values nest at most
    /// [`json::MAX_DEPTH`] deep; a `Value` built in Rust that nests deeper is
    /// too deep here too, rather than a stack overflow.
    fn python_numbers<'v>(&mut self, value: &'v Value, path: &mut Vec<Step<'v>>) {
        match value {
            Value::Number(text) if !json::python_reads_number(text) => {
                let message = if text.bytes().any(|b| matches!(b, b'.' | b'e' | b'E')) {
                    "Too large: HeyMilo's server would read it as infinity."
                } else {
                    "Integers can have at most 4300 digits (Python's limit)."
                };
                self.issue(steps_path(path), IssueCode::NumberOutOfRange, message);
            }
            Value::Array(_) | Value::Object(_) if path.len() >= json::MAX_DEPTH => {
                self.issue(
                    steps_path(path),
                    IssueCode::TooDeep,
                    "Nested too deeply; at most 64 levels are accepted.",
                );
            }
            Value::Array(items) => {
                for (index, item) in items.iter().enumerate() {
                    path.push(Step::Index(index));
                    self.python_numbers(item, path);
                    path.pop();
                }
            }
            Value::Object(fields) => {
                for (name, item) in fields {
                    path.push(Step::Key(name));
                    self.python_numbers(item, path);
                    path.pop();
                }
            }
            _ => {}
        }
    }

    fn data(&mut self, value: Option<&Value>) -> Option<Vec<(String, Value)>> {
        let entries = match value {
            None | Some(Value::Null) => return None,
            Some(Value::Object(entries)) => entries,
            Some(other) => {
                self.wrong_type(vec![key("data")], "an object or null", other);
                return None;
            }
        };
        let data_key = key("data");
        let inside_data = |path: &&Path| path.first() == Some(&data_key);
        for path in self.marks.lone_surrogates.iter().filter(inside_data) {
            self.issues.push(Issue::new(
                path.clone(),
                IssueCode::InvalidUnicode,
                "Contains an unpaired UTF-16 surrogate, which is not valid text.",
            ));
        }
        for path in self.marks.too_deep.iter().filter(inside_data) {
            self.issues.push(Issue::new(
                path.clone(),
                IssueCode::TooDeep,
                "Nested too deeply; at most 64 levels are accepted.",
            ));
        }
        let mut path = vec![Step::Key("data")];
        for (name, item) in entries {
            path.push(Step::Key(name));
            self.python_numbers(item, &mut path);
            path.pop();
        }
        if self.issues.is_empty() {
            Some(entries.clone())
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(json: &str) -> Validation<CandidateIngestRequest> {
        validate_candidate_json(json.as_bytes(), ValidateOptions::default())
    }

    fn dotted(path: &[PathSegment]) -> String {
        let segments: Vec<String> = path
            .iter()
            .map(|segment| match segment {
                PathSegment::Key(key) => key.clone(),
                PathSegment::Index(index) => index.to_string(),
            })
            .collect();
        segments.join(".")
    }

    fn codes(json: &str) -> Vec<(String, IssueCode)> {
        check(json)
            .issues
            .into_iter()
            .map(|issue| (dotted(&issue.path), issue.code))
            .collect()
    }

    fn metadata_with(keys: usize, key: impl Fn(usize) -> String, value: &str) -> String {
        let entries: Vec<String> = (0..keys)
            .map(|i| {
                let mut entry = String::new();
                json::write_string(&mut entry, &key(i));
                entry.push(':');
                json::write_string(&mut entry, value);
                entry
            })
            .collect();
        format!(
            r#"{{"name":"A","email":"a@example.com","metadata":{{{}}}}}"#,
            entries.join(",")
        )
    }

    #[test]
    fn a_valid_candidate_is_normalized_and_unknown_fields_warned() {
        let outcome = check(
            r#"{"name":"  Ada  ","email":" ada@example.com ","phone_number":null,"metadata":{"k":"v"},"data":{"x":[1,{"y":null}]},"nick":"A"}"#,
        );
        let value = outcome.value.as_ref().expect("valid");
        assert_eq!(
            value.to_json(),
            r#"{"name":"Ada","email":"ada@example.com","metadata":{"k":"v"},"data":{"x":[1,{"y":null}]}}"#
        );
        assert_eq!(outcome.warnings.len(), 1);
        assert_eq!(outcome.warnings[0].code, IssueCode::UnknownField);
        assert_eq!(outcome.warnings[0].path, [PathSegment::from("nick")]);
        assert!(outcome
            .to_json()
            .starts_with(r#"{"ok":true,"value":{"name":"Ada""#));
    }

    #[test]
    fn all_issues_are_reported_in_field_order() {
        assert_eq!(
            codes(r#"{"metadata":[],"data":"x","phone_number":5}"#),
            [
                ("name".to_owned(), IssueCode::Required),
                ("email".to_owned(), IssueCode::Required),
                ("phone_number".to_owned(), IssueCode::InvalidType),
                ("metadata".to_owned(), IssueCode::InvalidType),
                ("data".to_owned(), IssueCode::InvalidType),
            ]
        );
        let outcome = check(r#"{"name":null,"email":"a@example.com"}"#);
        assert!(!outcome.is_ok());
        assert_eq!(outcome.to_json().find("\"value\""), None);
    }

    /// Forms send `""` for an input nobody touched: a blank phone number is
    /// absent, so the candidate is valid and nothing is sent for it.
    #[test]
    fn a_blank_phone_number_is_absent() {
        for blank in ["", " ", "\t\n", "\u{3000}\u{a0}", "\u{2028}"] {
            let mut json =
                String::from(r#"{"name":"Ada","email":"ada@example.com","phone_number":"#);
            json::write_string(&mut json, blank);
            json.push('}');
            let outcome = check(&json);
            assert!(outcome.issues.is_empty(), "{json}: {:?}", outcome.issues);
            assert!(
                outcome.warnings.is_empty(),
                "{json}: {:?}",
                outcome.warnings
            );
            let value = outcome.value.expect("valid");
            assert_eq!(value.phone_number(), None, "{json}");
            assert_eq!(
                value.to_json(),
                r#"{"name":"Ada","email":"ada@example.com"}"#
            );
            let plain = PlainCandidate {
                name: "Ada",
                email: "ada@example.com",
                phone_number: Some(blank),
                ..PlainCandidate::default()
            };
            let options = ValidateOptions {
                default_country: Some("GB"),
            };
            let accepted = accept_plain_candidate(plain, options);
            assert_eq!(accepted.map(|a| a.phone_number), Some(None), "{json}");
        }
        // U+FEFF is not white space (nor is it in JavaScript's trim): still a phone to check.
        let bom = check(r#"{"name":"Ada","email":"ada@example.com","phone_number":"\ufeff"}"#);
        assert_eq!(bom.issues[0].code, IssueCode::InvalidPhone);
        // Blank is not a licence for the wrong type, and in bulk each row is read alone.
        assert_eq!(
            codes(r#"{"name":"Ada","email":"ada@example.com","phone_number":0}"#),
            [("phone_number".to_owned(), IssueCode::InvalidType)]
        );
        let rows = validate_candidates_json(
            br#"[{"name":"A","email":"a@example.com","phone_number":" "},{"name":"B","email":"b@example.com","phone_number":"+44 20 7946 0958"}]"#,
            ValidateOptions::default(),
        );
        assert_eq!(
            rows.value
                .map(|rows| rows.iter().map(|r| r.to_json()).collect::<Vec<_>>()),
            Some(vec![
                r#"{"name":"A","email":"a@example.com"}"#.to_owned(),
                r#"{"name":"B","email":"b@example.com","phone_number":"+442079460958"}"#.to_owned(),
            ])
        );
    }

    #[test]
    fn non_objects_are_one_type_issue() {
        for input in ["null", "[]", "1", "\"x\"", "true"] {
            assert_eq!(
                codes(input),
                [(String::new(), IssueCode::InvalidType)],
                "{input}"
            );
        }
        assert_eq!(codes("{"), [(String::new(), IssueCode::InvalidJson)]);
    }

    #[test]
    fn messages_state_the_limits_the_rules_apply() {
        let expect = |json: String, needle: &str| {
            let issues = check(&json).issues;
            assert!(
                issues[0].message.contains(needle),
                "{:?}",
                issues[0].message
            );
        };
        expect(
            metadata_with(METADATA_MAX_KEYS + 1, |i| format!("k{i}"), "v"),
            &format!("at most {METADATA_MAX_KEYS} keys"),
        );
        expect(
            metadata_with(1, |_| "k".repeat(METADATA_KEY_MAX_CHARS + 1), "v"),
            &format!("at most {METADATA_KEY_MAX_CHARS} characters"),
        );
        expect(
            metadata_with(1, |_| "k".into(), &"v".repeat(METADATA_VALUE_MAX_CHARS + 1)),
            &format!("at most {METADATA_VALUE_MAX_CHARS} characters"),
        );
        let deep = format!(
            r#"{{"name":"A","email":"a@example.com","data":{{"x":{}{}}}}}"#,
            "[".repeat(100),
            "]".repeat(100)
        );
        expect(deep, &format!("at most {} levels", json::MAX_DEPTH));
    }

    #[test]
    fn metadata_limits_count_code_points() {
        let ok = |json: String| check(&json).issues;
        assert!(ok(metadata_with(50, |i| format!("k{i}"), "v")).is_empty());
        let too_many = ok(metadata_with(51, |i| format!("k{i}"), "v"));
        assert_eq!(too_many.len(), 1);
        assert_eq!(too_many[0].code, IssueCode::TooManyKeys);
        assert!(ok(metadata_with(1, |_| "😀".repeat(40), "v")).is_empty());
        assert_eq!(
            ok(metadata_with(1, |_| "k".repeat(41), "v"))[0].code,
            IssueCode::KeyTooLong
        );
        assert!(ok(metadata_with(1, |_| "k".into(), &"😀".repeat(500))).is_empty());
        let long_value = ok(metadata_with(1, |_| "k".into(), &"é".repeat(501)));
        assert_eq!(long_value[0].code, IssueCode::TooLong);
        assert_eq!(
            ok(metadata_with(1, |_| String::new(), "v"))[0].code,
            IssueCode::EmptyKey
        );
        let non_string =
            check(r#"{"name":"A","email":"a@example.com","metadata":{"n":1,"o":{},"s":"x"}}"#);
        let codes: Vec<_> = non_string.issues.iter().map(|i| i.code).collect();
        assert_eq!(codes, [IssueCode::InvalidType, IssueCode::InvalidType]);
    }

    #[test]
    fn lone_surrogates_are_reported_where_they_are() {
        let outcome = check(
            r#"{"name":"\ud800","email":"a@example.com","metadata":{"k\udfff":"v","w":"\udbff"},"data":{"a":["\ud800"]}}"#,
        );
        let shown: Vec<String> = outcome
            .issues
            .iter()
            .map(|i| format!("{:?}", i.path))
            .collect();
        assert!(
            outcome
                .issues
                .iter()
                .all(|i| i.code == IssueCode::InvalidUnicode),
            "{shown:?}"
        );
        assert_eq!(outcome.issues.len(), 4, "{shown:?}");
    }

    #[test]
    fn numbers_python_cannot_read_are_issues_where_they_are() {
        let long_int = "7".repeat(json::PYTHON_INT_MAX_DIGITS + 1);
        let outcome = check(&format!(
            r#"{{"name":"A","email":"a@example.com","metadata":{{"n":1e999999}},"data":{{"a":1e999999,"b":[1,{{"c":-{long_int}}}],"d":{{"ok":[1.7976931348623157e308,-0,1e-999999]}}}}}}"#
        ));
        let found: Vec<_> = outcome
            .issues
            .iter()
            .map(|i| (dotted(&i.path), i.code))
            .collect();
        assert_eq!(
            found,
            [
                ("metadata.n".to_owned(), IssueCode::InvalidType),
                ("data.a".to_owned(), IssueCode::NumberOutOfRange),
                ("data.b.1.c".to_owned(), IssueCode::NumberOutOfRange),
            ]
        );
        assert!(outcome.issues[1].message.contains("infinity"));
        assert!(outcome.issues[2].message.contains("4300 digits"));
        assert_eq!(outcome.value, None);
        // The largest finite doubles and the longest integers pass as written.
        let fine = check(&format!(
            r#"{{"name":"A","email":"a@example.com","data":{{"x":[1.7976931348623157e308,{}]}}}}"#,
            "9".repeat(json::PYTHON_INT_MAX_DIGITS)
        ));
        assert!(fine.issues.is_empty(), "{:?}", fine.issues);
        let sent = fine.value.expect("valid").to_json();
        assert!(sent.contains("[1.7976931348623157e308,9999"), "{sent}");
        // In bulk, the row comes first.
        let rows = validate_candidates_json(
            br#"[{"name":"A","email":"a@example.com"},{"name":"B","email":"b@example.com","data":{"x":1E400}}]"#,
            ValidateOptions::default(),
        );
        assert_eq!(rows.issues.len(), 1);
        assert_eq!(rows.issues[0].code, IssueCode::NumberOutOfRange);
        assert_eq!(dotted(&rows.issues[0].path), "1.data.x");
    }

    /// A `Value` built in Rust can nest deeper than any parsed one: it is
    /// too deep, not a stack overflow.
    #[test]
    fn numbers_deep_in_a_built_value_stop_at_the_depth_limit() {
        let mut deep = Value::Number("1e999".into());
        for _ in 0..10_000 {
            deep = Value::Array(vec![deep]);
        }
        // (path length, code) of each issue of a candidate whose `data.x` is `x`.
        let issues_with = |x: Value| -> Vec<(usize, IssueCode)> {
            let input = Value::Object(vec![
                ("name".into(), Value::String("A".into())),
                ("email".into(), Value::String("a@example.com".into())),
                ("data".into(), Value::Object(vec![("x".into(), x)])),
            ]);
            validate_candidate(&input, ValidateOptions::default())
                .issues
                .iter()
                .map(|i| (i.path.len(), i.code))
                .collect()
        };
        assert_eq!(issues_with(deep), [(json::MAX_DEPTH, IssueCode::TooDeep)]);
        // Just within the limit, the number itself is reached.
        let mut within = Value::Number("1e999".into());
        for _ in 0..json::MAX_DEPTH - 2 {
            within = Value::Array(vec![within]);
        }
        assert_eq!(
            issues_with(within),
            [(json::MAX_DEPTH, IssueCode::NumberOutOfRange)]
        );
    }

    #[test]
    fn deep_data_is_too_deep_not_a_crash() {
        let deep = format!(
            r#"{{"name":"A","email":"a@example.com","data":{{"d":{}1{}}}}}"#,
            "[".repeat(json::MAX_DEPTH * 10),
            "]".repeat(json::MAX_DEPTH * 10)
        );
        let outcome = check(&deep);
        assert_eq!(outcome.issues.len(), 1);
        assert_eq!(outcome.issues[0].code, IssueCode::TooDeep);
        assert_eq!(outcome.issues[0].path.len(), json::MAX_DEPTH);
    }

    /// The contract of `accept_plain_candidate`: it answers exactly when the
    /// full validation is ok without warnings, with the same value.
    #[test]
    fn plain_candidates_are_accepted_exactly_when_validation_is_clean() {
        let names = [
            "Ada",
            "  Ada Lovelace ",
            "",
            " \u{3000} ",
            "\u{a0}Zoë\n",
            "\u{feff}Ada",
            "A\0B",
        ];
        let emails = [
            "ada@example.com",
            " ada@example.com ",
            "Ada@Example.COM",
            "ada@gmial.com",
            "ada@gmail.com",
            "not an address",
            "",
            "用户@例子.广告",
            "ada@xn--fsqu00a.xn--3lr804guic",
            "a@b",
        ];
        let phones = [
            None,
            Some("+44 20 7946 0958"),
            Some("020 7946 0958"),
            Some("+1 (415) 555-2671"),
            Some(""),
            Some(" \u{3000}\t"),
            Some("12"),
        ];
        let countries = [None, Some("GB"), Some("XX")];
        let mut accepted = 0;
        for name in names {
            for email in emails {
                for phone in phones {
                    for country in countries {
                        let options = ValidateOptions {
                            default_country: country,
                        };
                        let mut json = String::from("{\"name\":");
                        json::write_string(&mut json, name);
                        json.push_str(",\"email\":");
                        json::write_string(&mut json, email);
                        if let Some(phone) = phone {
                            json.push_str(",\"phone_number\":");
                            json::write_string(&mut json, phone);
                        }
                        json.push('}');
                        let full = validate_candidate_json(json.as_bytes(), options);
                        let plain = PlainCandidate {
                            name,
                            email,
                            phone_number: phone,
                            ..PlainCandidate::default()
                        };
                        let fast = accept_plain_candidate(plain, options);
                        let clean = full.is_ok() && full.warnings.is_empty();
                        assert_eq!(fast.is_some(), clean, "{json} {country:?}");
                        if let (Some(fast), Some(value)) = (fast, full.value) {
                            accepted += 1;
                            assert_eq!(fast.name, value.name());
                            assert_eq!(fast.email, value.email());
                            assert_eq!(fast.phone_number.as_deref(), value.phone_number());
                        }
                    }
                }
            }
        }
        assert!(accepted > 50, "{accepted}");
    }

    /// The same contract with metadata and `data`: accepted exactly when the
    /// full validation is clean, and then the full value has the given
    /// metadata as it is and `data` as `{}` when given so.
    #[test]
    fn plain_metadata_is_accepted_exactly_when_validation_is_clean() {
        let long_key = "k".repeat(METADATA_KEY_MAX_CHARS);
        let too_long_key = "k".repeat(METADATA_KEY_MAX_CHARS + 1);
        let astral_value = "😀".repeat(METADATA_VALUE_MAX_CHARS);
        let too_long_value = "é".repeat(METADATA_VALUE_MAX_CHARS + 1);
        let many: Vec<(String, String)> = (0..=METADATA_MAX_KEYS)
            .map(|i| (format!("k{i}"), "v".to_owned()))
            .collect();
        let entries: Vec<Vec<(&str, &str)>> = vec![
            vec![],
            vec![("ats_stage", "applied"), ("external_id", "A-1")],
            vec![(&long_key, &astral_value)],
            vec![(&too_long_key, "v")],
            vec![("k", &too_long_value)],
            vec![("", "v")],
            vec![("k", "")],
            vec![("a", "1"), ("a", "2")],
            many.iter()
                .take(METADATA_MAX_KEYS)
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect(),
            many.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect(),
        ];
        let mut accepted = 0;
        for email in ["ada@example.com", "ada@gmial.com", "nope"] {
            for metadata in entries.iter().map(Some).chain([None]) {
                for empty_data in [false, true] {
                    let mut json = String::from(r#"{"name":"Ada","email":"#);
                    json::write_string(&mut json, email);
                    if let Some(entries) = metadata {
                        json.push_str(r#","metadata":{"#);
                        for (i, (k, v)) in entries.iter().enumerate() {
                            if i > 0 {
                                json.push(',');
                            }
                            json::write_string(&mut json, k);
                            json.push(':');
                            json::write_string(&mut json, v);
                        }
                        json.push('}');
                    }
                    if empty_data {
                        json.push_str(r#","data":{}"#);
                    }
                    json.push('}');
                    let full = check(&json);
                    let plain = PlainCandidate {
                        name: "Ada",
                        email,
                        phone_number: None,
                        metadata: metadata.map(Vec::as_slice),
                        empty_data,
                    };
                    let fast = accept_plain_candidate(plain, ValidateOptions::default());
                    // The same metadata as UTF-16 answers alike, with the same value.
                    let units: Option<Vec<(Vec<u16>, Vec<u16>)>> = metadata.map(|m| {
                        m.iter()
                            .map(|(k, v)| (k.encode_utf16().collect(), v.encode_utf16().collect()))
                            .collect()
                    });
                    let texts: Option<Vec<(Utf16Text, Utf16Text)>> = units.as_ref().map(|m| {
                        m.iter()
                            .filter_map(|(k, v)| Some((Utf16Text::new(k)?, Utf16Text::new(v)?)))
                            .collect()
                    });
                    let fast_utf16 = accept_plain_candidate_utf16(
                        plain,
                        texts.as_deref(),
                        ValidateOptions::default(),
                    );
                    assert_eq!(fast_utf16, fast, "{json}");
                    let clean = full.is_ok() && full.warnings.is_empty();
                    // Duplicate keys never reach the plain path from JavaScript; it declines them.
                    let duplicate = metadata.is_some_and(|m| m.len() == 2 && m[0].0 == m[1].0);
                    assert_eq!(fast.is_some(), clean && !duplicate, "{json}");
                    if let (Some(_), Some(value)) = (fast, full.value) {
                        accepted += 1;
                        let given: Option<Vec<(String, String)>> = metadata.map(|m| {
                            m.iter()
                                .map(|(k, v)| (k.to_string(), v.to_string()))
                                .collect()
                        });
                        assert_eq!(value.metadata().map(<[_]>::to_vec), given, "{json}");
                        assert_eq!(value.data().map(<[_]>::len), empty_data.then_some(0));
                    }
                }
            }
        }
        assert!(accepted >= 10, "{accepted}");
    }

    #[test]
    fn utf16_text_pairs_surrogates_and_counts_code_points() {
        let text = |units: &[u16]| Utf16Text::new(units).map(|t| t.code_points());
        assert_eq!(text(&[]), Some(0));
        assert_eq!(text(&"a😀é中".encode_utf16().collect::<Vec<_>>()), Some(4));
        assert_eq!(text(&[0xD83D, 0xDE00, 0xD83D, 0xDE00]), Some(2));
        // Lone: a high one at the end or before a non-low, a low one first or after a pair.
        assert_eq!(text(&[0x61, 0xD83D]), None);
        assert_eq!(text(&[0xD83D, 0x61]), None);
        assert_eq!(text(&[0xD83D, 0xD83D, 0xDE00]), None);
        assert_eq!(text(&[0xDE00, 0x61]), None);
        assert_eq!(text(&[0xD83D, 0xDE00, 0xDE00]), None);
        // Every unit that is no surrogate is a code point, U+FFFD and U+FFFF included.
        assert_eq!(text(&[0xFFFD, 0xFFFF, 0xE000, 0xD7FF, 0]), Some(5));
    }

    #[test]
    fn bulk_prefixes_row_indices() {
        let outcome = validate_candidates_json(
            br#"[{"name":"A","email":"a@example.com"},{"name":"B","x":1},{"name":"\ud800","email":"c@example.com"}]"#,
            ValidateOptions::default(),
        );
        let paths: Vec<_> = outcome
            .issues
            .iter()
            .map(|i| (i.path.clone(), i.code))
            .collect();
        assert_eq!(
            paths,
            [
                (
                    vec![PathSegment::Index(1), "email".into()],
                    IssueCode::Required
                ),
                (
                    vec![PathSegment::Index(2), "name".into()],
                    IssueCode::InvalidUnicode
                ),
            ]
        );
        assert_eq!(
            outcome.warnings[0].path,
            [PathSegment::Index(1), "x".into()]
        );
        let fine = validate_candidates_json(
            br#"[{"name":"A","email":"a@example.com"}]"#,
            ValidateOptions::default(),
        );
        assert_eq!(
            fine.to_json(),
            r#"{"ok":true,"value":[{"name":"A","email":"a@example.com"}],"issues":[],"warnings":[]}"#
        );
    }
}
