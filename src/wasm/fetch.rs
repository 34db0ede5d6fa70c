//! Sending one HTTP request from wasm: the injected `fetch` or the global one,
//! called through js-sys with `(url, init)`, under a timeout and the caller's
//! abort signal. The exchange (the fetch and whatever the caller reads of the
//! answer) races both, so they take effect even with a fetch that ignores its
//! signal.
//!
//! gloo-net's `Request::send` is not used: its error type keeps only an
//! error's name and message (Node puts `ECONNREFUSED`, which the retry policy
//! reads, in `cause.code`), it traps on a rejection that is not an `Error`,
//! and it cannot call an injected fetch. Both fetches go through this one path.

use js_sys::{Function, Object, Promise, Reflect};
use std::future::Future;
use std::pin::pin;
use std::task::Poll;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, AbortSignal};

/// Why an exchange has no result.
pub enum FetchError {
    /// The caller's signal aborted (before or during the exchange).
    Aborted,
    /// No result within the timeout.
    TimedOut,
    /// The fetch (or reading the answer) failed with this JS value.
    Failed(JsValue),
}

/// `object[key]`, or `undefined` when it cannot be read.
pub fn get(object: &JsValue, key: &str) -> JsValue {
    Reflect::get(object, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// `object[key] = value` on an object this module made (cannot fail there).
pub fn set(object: &Object, key: &str, value: &JsValue) {
    let _ = Reflect::set(object, &JsValue::from_str(key), value);
}

/// A global function such as `setTimeout`, called with `globalThis` as `this`.
pub fn call_global(name: &str, args: &[&JsValue]) -> Result<JsValue, JsValue> {
    let global = js_sys::global();
    let function: Function = get(&global, name).dyn_into()?;
    match args {
        [a] => function.call1(&global, a),
        [a, b] => function.call2(&global, a, b),
        _ => function.call0(&global),
    }
}

/// A pending `setTimeout`, cleared when dropped (so no timer outlives its
/// call and keeps a server process alive).
pub struct Timer(JsValue);

impl Timer {
    /// Calls `callback` after `ms` milliseconds.
    pub fn start(callback: &Function, ms: f64) -> Result<Timer, JsValue> {
        call_global("setTimeout", &[callback, &JsValue::from_f64(ms)]).map(Timer)
    }
}

impl Drop for Timer {
    fn drop(&mut self) {
        let _ = call_global("clearTimeout", &[&self.0]);
    }
}

/// `listener` on `signal`'s `abort` event, removed when dropped.
struct Listener<'a> {
    signal: &'a AbortSignal,
    listener: Function,
}

impl<'a> Listener<'a> {
    fn add(signal: &'a AbortSignal, listener: Function) -> Result<Self, JsValue> {
        signal.add_event_listener_with_callback("abort", &listener)?;
        Ok(Listener { signal, listener })
    }
}

impl Drop for Listener<'_> {
    fn drop(&mut self) {
        let _ = self
            .signal
            .remove_event_listener_with_callback("abort", &self.listener);
    }
}

/// A promise that rejects when `signal` aborts, and the function that
/// resolves it instead (called when it is no longer needed: a promise that
/// never settles would keep its Rust callbacks forever).
fn rejected_on_abort(signal: &AbortSignal) -> (Promise, Option<Function>) {
    let mut settle = None;
    let promise = Promise::new(&mut |resolve, reject| {
        let _ = signal.add_event_listener_with_callback("abort", &reject);
        settle = Some(resolve);
    });
    (promise, settle)
}

/// Whichever of `a` and `b` finishes first (`a` when both are ready).
pub async fn first<T>(a: impl Future<Output = T>, b: impl Future<Output = T>) -> T {
    let mut a = pin!(a);
    let mut b = pin!(b);
    std::future::poll_fn(|cx| match a.as_mut().poll(cx) {
        Poll::Ready(value) => Poll::Ready(value),
        Poll::Pending => b.as_mut().poll(cx),
    })
    .await
}

/// Waits `ms` milliseconds; `Err` as soon as `signal` aborts (or at once
/// when it already has).
pub async fn sleep(ms: f64, signal: Option<&AbortSignal>) -> Result<(), FetchError> {
    if signal.is_some_and(AbortSignal::aborted) {
        return Err(FetchError::Aborted);
    }
    let mut timer = None;
    let mut listener = None;
    let mut failed = None;
    let waited = Promise::new(&mut |resolve, reject| {
        match Timer::start(&resolve, ms) {
            Ok(started) => timer = Some(started),
            Err(error) => failed = Some(error),
        }
        if let Some(signal) = signal {
            listener = Listener::add(signal, reject).ok();
        }
    });
    if let Some(error) = failed {
        return Err(FetchError::Failed(error));
    }
    let outcome = JsFuture::from(waited).await;
    drop((timer, listener));
    outcome.map(drop).map_err(|_| FetchError::Aborted)
}

/// What to send: `init` gets `redirect: "manual"` (a redirect is the
/// caller's to judge: following one would take the key and the body along)
/// and the attempt's abort signal.
pub struct FetchRequest<'a> {
    /// The injected fetch, or `None` for the global one.
    pub fetch: Option<&'a Function>,
    /// Where to (passed to fetch as it is; fetch resolves a relative URL).
    pub url: &'a str,
    /// `method`, `headers` (a plain object), `body`.
    pub init: Object,
    /// Milliseconds until the attempt is abandoned.
    pub timeout_ms: f64,
    /// The caller's signal.
    pub signal: Option<&'a AbortSignal>,
}

/// Sends `request` and runs `read` on the response (a `Response`, or what an
/// injected fetch resolved to), both under the timeout and the signal.
pub async fn exchange<T, R, F>(request: FetchRequest<'_>, read: R) -> Result<T, FetchError>
where
    R: FnOnce(JsValue) -> F,
    F: Future<Output = Result<T, JsValue>>,
{
    let fail = FetchError::Failed;
    let controller = AbortController::new().map_err(fail)?;
    let attempt_signal = controller.signal();
    let abort: Function = get(&controller, "abort").dyn_into().map_err(fail)?;
    let abort = abort.bind0(&controller);
    let _timer = Timer::start(&abort, request.timeout_ms).map_err(fail)?;
    let _forward = match request.signal {
        Some(signal) => Some(Listener::add(signal, abort.clone()).map_err(fail)?),
        None => None,
    };
    // Registered before sending, so an abort during the call is seen.
    let (stopped, settle) = rejected_on_abort(&attempt_signal);
    let stopped = JsFuture::from(stopped);
    set(&request.init, "redirect", &JsValue::from_str("manual"));
    set(&request.init, "signal", &attempt_signal);
    let sending = async {
        let url = JsValue::from_str(request.url);
        let sent = match request.fetch {
            Some(fetch) => fetch.call2(&JsValue::UNDEFINED, &url, &request.init),
            None => call_global("fetch", &[&url, &request.init]),
        }?;
        // Whatever it returned, as `await` would take it (an injected fetch may answer synchronously).
        let response = JsFuture::from(Promise::resolve(&sent)).await?;
        read(response).await
    };
    let outcome = first(sending, async {
        let _ = stopped.await;
        Err(JsValue::UNDEFINED)
    })
    .await;
    let outcome = outcome.map_err(|error| {
        if request.signal.is_some_and(AbortSignal::aborted) {
            FetchError::Aborted
        } else if attempt_signal.aborted() {
            FetchError::TimedOut
        } else {
            FetchError::Failed(error)
        }
    });
    if let Some(settle) = settle {
        let _ = settle.call0(&JsValue::UNDEFINED);
    }
    outcome
}
