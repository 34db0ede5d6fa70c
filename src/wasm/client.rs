//! The client's async exports: `ingestCandidate` and friends, whole. Each
//! reads its options (one object), asks the sans-IO core (`crate::client`)
//! what to send, sends it (`fetch.rs`), reads the answer under the size cap
//! (`body.rs`), and asks the core what the answer means and whether to wait
//! and try again. The core decides; this file only performs.
//!
//! A failure rejects the promise with one plain value, `{ name, message, … }`
//! (`name` is the error class), that the package's `errorOf` (pkg/src/client.js)
//! turns into that class: the one place the JS error classes are built.

use super::body::{header, read_capped, BodyError};
use super::fetch::{call_global, exchange, get, set, sleep, FetchError, FetchRequest};
use crate::{
    build_ingest_request, check_ingest_response, check_transport_url, classify_network_failure,
    next_retry_delay_ms, redact, response_too_large, Attempt, Endpoint, Failure, HttpResponse,
    Issue, NetworkFailure, PathSegment, RequestOptions, RetryPolicy, SecretForms, ValidateOptions,
    CLIENT_NAME, DEFAULT_MAX_RESPONSE_BYTES, RESPONSE_HEADERS_READ,
};
use js_sys::{Array, Function, JsString, Object, JSON};
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{AbortSignal, Url};

const DEFAULT_TIMEOUT_MS: f64 = 60_000.0;
const DEFAULT_MAX_RETRIES: u32 = 2;
/// The longest `setTimeout` delay.
const MAX_TIMEOUT_MS: f64 = 2_147_483_647.0;

/// Every option the ingest functions read besides the candidate(s), so
/// unknown keys (typos such as `apikey`, or options of another client) are
/// refused instead of ignored. Adding an option is one line here and one in
/// [`Options::read`].
const OPTION_NAMES: [&str; 12] = [
    "postingId",
    "apiKey",
    "baseUrl",
    "workspaceId",
    "defaultCountry",
    "timeoutMs",
    "maxRetries",
    "retryUncertain",
    "maxResponseBytes",
    "signal",
    "fetch",
    "dangerouslyAllowBrowser",
];

/// One public function: its name (for messages), endpoint, and the option
/// holding the candidate(s).
struct Call {
    name: &'static str,
    endpoint: Endpoint,
    field: &'static str,
}

/// Sends one candidate: `POST …/candidates` (201). `options` are the public
/// function's; `context` holds what only JS knows (see pkg/src/client.js).
#[wasm_bindgen(js_name = ingestCandidate)]
pub async fn ingest_candidate(options: JsValue, context: JsValue) -> Result<JsValue, JsValue> {
    let call = Call {
        name: "ingestCandidate",
        endpoint: Endpoint::Single,
        field: "candidate",
    };
    send(&call, &options, &context).await
}

/// Sends several candidates at once: `POST …/candidates/bulk` (201).
#[wasm_bindgen(js_name = ingestCandidates)]
pub async fn ingest_candidates(options: JsValue, context: JsValue) -> Result<JsValue, JsValue> {
    let call = Call {
        name: "ingestCandidates",
        endpoint: Endpoint::Bulk,
        field: "candidates",
    };
    send(&call, &options, &context).await
}

/// Queues one candidate: `POST …/candidates/async` (202).
#[wasm_bindgen(js_name = ingestCandidateAsync)]
pub async fn ingest_candidate_async(
    options: JsValue,
    context: JsValue,
) -> Result<JsValue, JsValue> {
    let call = Call {
        name: "ingestCandidateAsync",
        endpoint: Endpoint::SingleAsync,
        field: "candidate",
    };
    send(&call, &options, &context).await
}

/// Queues several candidates: `POST …/candidates/bulk/async` (202).
#[wasm_bindgen(js_name = ingestCandidatesAsync)]
pub async fn ingest_candidates_async(
    options: JsValue,
    context: JsValue,
) -> Result<JsValue, JsValue> {
    let call = Call {
        name: "ingestCandidatesAsync",
        endpoint: Endpoint::BulkAsync,
        field: "candidates",
    };
    send(&call, &options, &context).await
}

/// A `{ name, message }` failure value (see the module docs).
fn failure(name: &str, message: &str) -> Object {
    let value = Object::new();
    set(&value, "name", &JsValue::from_str(name));
    set(&value, "message", &JsValue::from_str(message));
    value
}

/// The caller's mistake, prefixed with the public function's name.
fn configuration(call: &Call, message: &str) -> JsValue {
    failure("ConfigurationError", &format!("{}: {message}", call.name)).into()
}

fn aborted(signal: &AbortSignal) -> JsValue {
    let value = failure("AbortError", "The call was aborted.");
    set(&value, "cause", &signal.reason());
    value.into()
}

/// `String(value)`, as JS writes it (numbers included).
fn js_text(value: &JsValue) -> String {
    call_global("String", &[value])
        .ok()
        .and_then(|text| text.as_string())
        .unwrap_or_default()
}

/// `JSON.stringify(text)`: how messages quote the caller's strings.
fn quoted(text: &str) -> String {
    JSON::stringify(&JsValue::from_str(text))
        .map(String::from)
        .unwrap_or_default()
}

/// The options, checked.
struct Options {
    posting_id: String,
    /// As given (the header carries it unchanged) and as Rust text.
    api_key: Option<(JsValue, String)>,
    base_url: Option<String>,
    workspace_id: Option<String>,
    default_country: Option<String>,
    timeout_ms: f64,
    max_retries: u32,
    retry_uncertain: bool,
    max_response_bytes: usize,
    signal: Option<AbortSignal>,
    fetch: Option<Function>,
    /// Not a page or a browser's worker: the runtime may set `User-Agent`.
    identify: bool,
}

/// What only the JS side knows, passed with every call.
struct Context {
    /// The candidate(s) as JSON text, or the failed validation in its place.
    candidate: Result<String, JsValue>,
    /// A page, or a browser's dedicated, shared or service worker.
    browser: bool,
    /// `location.href`, where there is one (fetch resolves relative URLs against it).
    page: Option<String>,
}

impl Context {
    fn read(context: &JsValue) -> Context {
        let candidate = get(context, "candidate");
        Context {
            candidate: candidate
                .as_string()
                .ok_or_else(|| get(&candidate, "issues")),
            browser: get(context, "browser").is_truthy(),
            page: get(context, "page").as_string(),
        }
    }
}

/// `new URL(url, page)`.
fn parse_url(url: &str, page: Option<&str>) -> Result<Url, JsValue> {
    match page {
        Some(page) => Url::new_with_base(url, page),
        None => Url::new(url),
    }
}

/// Lower-cased with `_` removed: how a near miss of an option name is found.
/// ASCII case only: every option name is ASCII (and Unicode's case tables
/// would add some 15 KB to the browser wasm for a hint in a message).
fn loose(key: &str) -> String {
    key.to_ascii_lowercase().replace('_', "")
}

impl Options {
    /// Reads and checks the options; `Err` is the failure to reject with.
    fn read(call: &Call, options: &JsValue, context: &Context) -> Result<Options, JsValue> {
        if !options.is_object() {
            return Err(configuration(call, "expects an options object"));
        }
        refuse_unknown_keys(call, options.unchecked_ref())?;
        let fail = |message: &str| Err(configuration(call, message));
        let read = |key: &str| js_sys::Reflect::get(options, &JsValue::from_str(key));
        let posting_id = read("postingId")?;
        let api_key = read("apiKey")?;
        let base_url = read("baseUrl")?;
        let workspace_id = read("workspaceId")?;
        let default_country = read("defaultCountry")?;
        let timeout_ms = read("timeoutMs")?;
        let max_retries = read("maxRetries")?;
        let retry_uncertain = read("retryUncertain")?;
        let max_response_bytes = read("maxResponseBytes")?;
        let signal = read("signal")?;
        let fetch = read("fetch")?;
        let allow_browser = read("dangerouslyAllowBrowser")?;

        let Some(posting) = posting_id.dyn_ref::<JsString>() else {
            return fail("postingId must be a string");
        };
        if posting.trim().length() == 0 {
            return fail(
                "postingId is empty; pass the id of the posting (interviewer) to ingest into",
            );
        }
        let api_key = match api_key.as_string() {
            _ if api_key.is_undefined() => None,
            Some(text) if !text.is_empty() => Some((api_key, text)),
            _ => return fail("apiKey must be a non-empty string"),
        };
        let mut strings = [None, None, None];
        for (slot, (option, value)) in strings.iter_mut().zip([
            ("baseUrl", &base_url),
            ("workspaceId", &workspace_id),
            ("defaultCountry", &default_country),
        ]) {
            if !value.is_undefined() {
                match value.as_string() {
                    Some(text) => *slot = Some(text),
                    None => return fail(&format!("{option} must be a string")),
                }
            }
        }
        let [base_url, workspace_id, default_country] = strings;
        // Quoted only without a key: a URL can carry one (a query parameter), and errors never do.
        let shown = match (&base_url, &api_key) {
            (Some(url), None) => format!(" {}", quoted(url)),
            _ => String::new(),
        };
        if let Some(url) = &base_url {
            if parse_url(url, context.page.as_deref()).is_err() {
                return fail(&format!(
                    "baseUrl{shown} is not an absolute URL, and there is no page address to resolve it against here. \
                     Give one such as \"https://api.heymilo.ai\" or \"http://127.0.0.1:4010\"."
                ));
            }
        }
        let timeout_ms = match timeout_ms.as_f64() {
            None if timeout_ms.is_undefined() => DEFAULT_TIMEOUT_MS,
            Some(ms) if ms > 0.0 && ms <= MAX_TIMEOUT_MS => ms,
            _ => return fail("timeoutMs must be a positive number of milliseconds"),
        };
        let max_retries = match max_retries.as_f64() {
            None if max_retries.is_undefined() => DEFAULT_MAX_RETRIES,
            Some(n) if n.fract() == 0.0 && (0.0..=10.0).contains(&n) => n as u32,
            _ => return fail("maxRetries must be an integer from 0 to 10"),
        };
        let retry_uncertain = match retry_uncertain.as_bool() {
            None if retry_uncertain.is_undefined() => false,
            Some(flag) => flag,
            None => return fail("retryUncertain must be a boolean"),
        };
        const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;
        let max_response_bytes = match max_response_bytes.as_f64() {
            None if max_response_bytes.is_undefined() => DEFAULT_MAX_RESPONSE_BYTES,
            Some(n) if n.fract() == 0.0 && n > 0.0 && n <= MAX_SAFE_INTEGER => {
                // Past the address space there is no difference: nothing that long is buffered.
                n.min(usize::MAX as f64) as usize
            }
            _ => return fail("maxResponseBytes must be a positive integer (bytes)"),
        };
        let signal = if signal.is_undefined() {
            None
        } else if signal.is_truthy()
            && get(&signal, "aborted").as_bool().is_some()
            && get(&signal, "addEventListener").is_function()
        {
            Some(signal.unchecked_into::<AbortSignal>())
        } else {
            return fail("signal must be an AbortSignal");
        };
        let fetch = if fetch.is_undefined() {
            None
        } else {
            match fetch.dyn_into::<Function>() {
                Ok(fetch) => Some(fetch),
                Err(_) => return fail("fetch must be a function"),
            }
        };
        if api_key.is_some() && context.browser && allow_browser.as_bool() != Some(true) {
            return fail(
                "refusing to use an apiKey in a browser (a page or a web, shared or service worker), where anyone can read it. Call your own endpoint instead \
                 (handleIngestRequest) without a key, or pass dangerouslyAllowBrowser: true if you really mean it.",
            );
        }
        if api_key.is_none() && base_url.is_none() {
            return fail("apiKey is required to call HeyMilo directly; without a key, set baseUrl to your own proxy");
        }
        if let Some(url) = &base_url {
            if let Some(problem) = transport_problem(url, context.page.as_deref())? {
                return fail(&format!("baseUrl{shown} is not usable: {problem}."));
            }
        }
        Ok(Options {
            posting_id: String::from(posting),
            api_key,
            base_url,
            workspace_id,
            default_country,
            timeout_ms,
            max_retries,
            retry_uncertain,
            max_response_bytes,
            signal,
            fetch,
            identify: !context.browser,
        })
    }

    fn secret(&self) -> &str {
        self.api_key.as_ref().map_or("", |(_, text)| text)
    }
}

/// Refuses a key that is neither the call's candidate field nor an option,
/// naming the near miss (another case, snake_case, or the other candidate field).
fn refuse_unknown_keys(call: &Call, options: &Object) -> Result<(), JsValue> {
    let valid: Vec<&str> = std::iter::once(call.field).chain(OPTION_NAMES).collect();
    for key in Object::keys(options).iter() {
        let key = key.as_string().unwrap_or_default();
        if valid.contains(&key.as_str()) {
            continue;
        }
        let near = valid
            .iter()
            .find(|known| loose(known) == loose(&key))
            .copied()
            .or_else(|| key.starts_with("candidate").then_some(call.field));
        let hint = near.map_or(String::new(), |near| format!(" (did you mean \"{near}\"?)"));
        return Err(configuration(
            call,
            &format!(
                "unknown option \"{key}\"{hint}. Valid options: {}.",
                valid.join(", ")
            ),
        ));
    }
    Ok(())
}

/// Why `base_url` may not carry the key and the candidate, checked on the
/// absolute URL fetch will use (`127.1` is `127.0.0.1` there); a relative
/// one that stays on the page's own origin is fine.
fn transport_problem(base_url: &str, page: Option<&str>) -> Result<Option<&'static str>, JsValue> {
    let target = match Url::new(base_url) {
        Ok(url) => url.href(),
        Err(_) => {
            let page = page.unwrap_or_default();
            let resolved = Url::new_with_base(base_url, page)?;
            if resolved.origin() == Url::new(page)?.origin() {
                return Ok(None);
            }
            resolved.href()
        }
    };
    Ok(check_transport_url(&target).err())
}

/// One issue as a JS value: `{ path, code, message }`.
fn issue_value(path: &[PathSegment], code: &str, message: &str) -> JsValue {
    let value = Object::new();
    let path: Array = path
        .iter()
        .map(|segment| match segment {
            PathSegment::Key(key) => JsValue::from_str(key),
            PathSegment::Index(index) => JsValue::from_f64(*index as f64),
        })
        .collect();
    set(&value, "path", &path);
    set(&value, "code", &JsValue::from_str(code));
    set(&value, "message", &JsValue::from_str(message));
    value.into()
}

/// The validator's issues as JS values.
fn issues_value(issues: &[Issue]) -> Array {
    issues
        .iter()
        .map(|issue| issue_value(&issue.path, issue.code.as_str(), &issue.message))
        .collect()
}

fn validation_failure(issues: &JsValue) -> JsValue {
    let value = failure("CandidateValidationError", "");
    set(&value, "issues", issues);
    value.into()
}

/// `Some(text)` as a string, `None` as `null` (the error fields' "not sent").
fn nullable(text: &Option<String>) -> JsValue {
    text.as_deref().map_or(JsValue::NULL, JsValue::from_str)
}

/// An API failure's value: the core's fields, and the response's headers
/// (those named after the key left out, the key removed from the rest).
fn api_failure(failure_: &Failure, response: &JsValue, secret: &str) -> JsValue {
    let value = failure(failure_.kind.error_name(), &failure_.message);
    set(&value, "status", &JsValue::from(failure_.status));
    set(&value, "type", &nullable(&failure_.error_type));
    set(&value, "code", &nullable(&failure_.code));
    set(&value, "param", &nullable(&failure_.param));
    set(&value, "docUrl", &nullable(&failure_.doc_url));
    set(&value, "requestId", &nullable(&failure_.request_id));
    let retry_after = failure_
        .retry_after_ms
        .map_or(JsValue::NULL, |ms| JsValue::from_f64(ms as f64));
    set(&value, "retryAfterMs", &retry_after);
    let issues: Array = failure_
        .issues
        .iter()
        .map(|issue| issue_value(&issue.path, &issue.code, &issue.message))
        .collect();
    set(&value, "issues", &issues);
    set(&value, "headers", &headers_value(response, secret));
    value.into()
}

/// Every response header as a plain object.
fn headers_value(response: &JsValue, secret: &str) -> Object {
    let out = Object::new();
    let forms = (!secret.is_empty()).then(|| SecretForms::new(secret));
    let Ok(Some(entries)) = js_sys::try_iter(&get(response, "headers")) else {
        return out;
    };
    for entry in entries.flatten() {
        let (Some(name), Some(value)) =
            (get(&entry, "0").as_string(), get(&entry, "1").as_string())
        else {
            continue;
        };
        match &forms {
            // A header named after the key is left out, not renamed.
            Some(forms) if forms.found_in_name(&name) => {}
            Some(forms) => set(&out, &name, &JsValue::from_str(&forms.redact(&value))),
            None => set(&out, &name, &JsValue::from_str(&value)),
        }
    }
    out
}

/// Codes and messages of a fetch failure (and its causes), for the core to classify.
fn describe_failure(error: &JsValue) -> String {
    fn visit(error: &JsValue, depth: u32, parts: &mut Vec<String>) {
        if depth > 3 || !error.is_truthy() {
            return;
        }
        if error.is_object() || error.is_function() {
            for key in ["code", "message"] {
                let part = get(error, key);
                if !part.is_undefined() && !part.is_null() {
                    parts.push(js_text(&part));
                }
            }
            visit(&get(error, "cause"), depth + 1, parts);
            if let Ok(inner) = get(error, "errors").dyn_into::<Array>() {
                inner
                    .iter()
                    .for_each(|inner| visit(&inner, depth + 1, parts));
            }
        } else {
            parts.push(js_text(error));
        }
    }
    let mut parts = Vec::new();
    visit(error, 0, &mut parts);
    parts.retain(|part| !part.is_empty());
    parts.join(" ")
}

/// What one attempt gave.
enum Answer {
    /// A response and its body (`None`: longer than `maxResponseBytes`).
    Response(JsValue, Option<Vec<u8>>),
    /// No response: `Attempt::TimedOut`, or a network failure with its error.
    None(Option<JsValue>),
}

async fn attempt(o: &Options, url: &str, headers: &Object, body: &str) -> Result<Answer, JsValue> {
    let init = Object::new();
    set(&init, "method", &JsValue::from_str("POST"));
    set(&init, "headers", headers);
    set(&init, "body", &JsValue::from_str(body));
    let request = FetchRequest {
        fetch: o.fetch.as_ref(),
        url,
        init,
        timeout_ms: o.timeout_ms,
        signal: o.signal.as_ref(),
    };
    let limit = o.max_response_bytes;
    let read = |response: JsValue| async move {
        match read_capped(&response, limit).await {
            Ok(body) => Ok((response, Some(body))),
            Err(BodyError::TooLarge) => Ok((response, None)),
            Err(BodyError::Read(error)) => Err(error),
        }
    };
    match exchange(request, read).await {
        Ok((response, body)) => Ok(Answer::Response(response, body)),
        Err(FetchError::Aborted) => Err(o.signal.as_ref().map_or(JsValue::UNDEFINED, aborted)),
        Err(FetchError::TimedOut) => Ok(Answer::None(None)),
        Err(FetchError::Failed(error)) => Ok(Answer::None(Some(error))),
    }
}

/// A checked call, ready to send.
struct Prepared {
    o: Options,
    url: String,
    body: String,
    /// The request's headers as the plain object fetch gets.
    headers: Object,
    policy: RetryPolicy,
}

/// The options, the validation and the request: everything before sending
/// (apart from the async loop, so that its state machine stays small).
#[inline(never)]
fn prepare(call: &Call, options: &JsValue, context: &JsValue) -> Result<Prepared, JsValue> {
    let context = Context::read(context);
    let o = Options::read(call, options, &context)?;
    if let Some(signal) = o.signal.as_ref().filter(|signal| signal.aborted()) {
        return Err(aborted(signal));
    }
    let text = context
        .candidate
        .map_err(|issues| validation_failure(&issues))?;
    let request = build_ingest_request(
        call.endpoint,
        text.as_bytes(),
        RequestOptions {
            base_url: o.base_url.as_deref(),
            posting_id: &o.posting_id,
            workspace_id: o.workspace_id.as_deref(),
            user_agent: o.identify.then_some(CLIENT_NAME),
            validate: ValidateOptions {
                default_country: o.default_country.as_deref(),
            },
        },
    );
    let plan = match request {
        Ok(plan) => plan,
        Err(issues) => {
            // The posting id is configuration, not the candidate: fix the call first.
            let posting = issues
                .iter()
                .find(|issue| issue.path.first() == Some(&PathSegment::from("postingId")));
            if let Some(posting) = posting {
                let message = format!("postingId {}: {}", quoted(&o.posting_id), posting.message);
                return Err(configuration(call, &message));
            }
            return Err(validation_failure(&issues_value(&issues)));
        }
    };
    let headers = Object::new();
    for (name, value) in &plan.headers {
        set(&headers, name, &JsValue::from_str(value));
    }
    if let Some((key, _)) = &o.api_key {
        set(&headers, "X-API-KEY", key);
    }
    let policy = RetryPolicy {
        max_retries: o.max_retries,
        retry_uncertain: o.retry_uncertain,
        ..RetryPolicy::default()
    };
    Ok(Prepared {
        o,
        url: plan.url,
        body: plan.body,
        headers,
        policy,
    })
}

/// What comes after an attempt: a wait before the next, or the call's result.
enum Step {
    Wait(u64),
    Done(Result<JsValue, JsValue>),
}

/// The core's verdict on one attempt (`retries` made before it).
#[inline(never)]
fn judge(call: &Call, p: &Prepared, retries: u32, answer: Answer) -> Step {
    let secret = p.o.secret();
    let jitter = js_sys::Math::random();
    let (response, body) = match answer {
        Answer::Response(response, body) => (response, body),
        Answer::None(error) => {
            let description = error.as_ref().map(describe_failure).unwrap_or_default();
            let attempt = match &error {
                None => Attempt::TimedOut,
                Some(_) => match classify_network_failure(&description) {
                    NetworkFailure::NotSent => Attempt::NotSent,
                    NetworkFailure::Lost => Attempt::Lost,
                },
            };
            return match next_retry_delay_ms(&p.policy, call.endpoint, attempt, retries, 0, jitter)
            {
                Some(delay) => Step::Wait(delay),
                None => Step::Done(Err(no_response(&p.o, &p.url, error, &description))),
            };
        }
    };
    let url = get(&response, "url")
        .as_string()
        .filter(|url| !url.is_empty())
        .unwrap_or_else(|| p.url.clone());
    let status = get(&response, "status").as_f64().unwrap_or(0.0) as u16;
    let read: Vec<(String, String)> = RESPONSE_HEADERS_READ
        .iter()
        .filter_map(|&name| Some((name.to_owned(), header(&response, name)?)))
        .collect();
    let now_ms = super::unix_ms(js_sys::Date::now());
    let view = HttpResponse {
        status,
        headers: &read,
        body: body.as_deref().unwrap_or_default(),
        url: &url,
    };
    let Some(body) = &body else {
        let failure = response_too_large(view, p.o.max_response_bytes, now_ms, secret);
        return Step::Done(Err(api_failure(&failure, &response, secret)));
    };
    let attempt = Attempt::Response {
        status,
        retry_after: view.header("retry-after"),
    };
    if let Some(delay) =
        next_retry_delay_ms(&p.policy, call.endpoint, attempt, retries, now_ms, jitter)
    {
        return Step::Wait(delay);
    }
    Step::Done(
        match check_ingest_response(call.endpoint, view, now_ms, secret) {
            Ok(()) => success(body),
            Err(failure) => Err(api_failure(&failure, &response, secret)),
        },
    )
}

/// The whole call: prepare, then attempts and waits until the core says done.
async fn send(call: &Call, options: &JsValue, context: &JsValue) -> Result<JsValue, JsValue> {
    let p = prepare(call, options, context)?;
    let mut retries = 0;
    loop {
        let answer = attempt(&p.o, &p.url, &p.headers, &p.body).await?;
        match judge(call, &p, retries, answer) {
            Step::Done(result) => return result,
            Step::Wait(delay) => {
                if sleep(delay as f64, p.o.signal.as_ref()).await.is_err() {
                    return Err(p.o.signal.as_ref().map_or(JsValue::UNDEFINED, aborted));
                }
            }
        }
        retries += 1;
    }
}

/// The error after the last attempt got no response.
fn no_response(o: &Options, url: &str, error: Option<JsValue>, description: &str) -> JsValue {
    let Some(error) = error else {
        let timeout = js_text(&JsValue::from_f64(o.timeout_ms));
        let message = format!("No response from {url} within {timeout} ms.");
        return failure("TimeoutError", &message).into();
    };
    // A fetch's error may carry the request and its headers (axios-style, in any
    // property): with a key in play it is not attached, and its text is redacted.
    let shown = match &o.api_key {
        Some((_, key)) => redact(description, key),
        None => description.to_owned(),
    };
    let shown = if shown.is_empty() {
        "network error"
    } else {
        &shown
    };
    let value = failure(
        "ConnectionError",
        &format!("Could not reach {url}: {shown}."),
    );
    if o.api_key.is_none() {
        set(&value, "cause", &error);
    }
    value.into()
}

/// `{ data, meta? }` of a success body the core has checked.
fn success(body: &[u8]) -> Result<JsValue, JsValue> {
    // As TextDecoder reads it: a leading BOM is not part of the text.
    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    let parsed = JSON::parse(&String::from_utf8_lossy(body))?;
    let out = Object::new();
    set(&out, "data", &get(&parsed, "data"));
    let meta = get(&parsed, "meta");
    if !meta.is_undefined() {
        set(&out, "meta", &meta);
    }
    Ok(out.into())
}
