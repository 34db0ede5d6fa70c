// The careers form. Every rule comes from heymilo-ingest (the same Rust core
// the edge runs), so what this page accepts is what the Worker accepts; the
// page only decides when to show what, and where.
import {
  APIError,
  CandidateValidationError,
  ConnectionError,
  NotFoundError,
  RateLimitError,
  TimeoutError,
  UnprocessableEntityError,
  ingestCandidate,
  normalizePhoneNumber,
  validateCandidate,
} from "heymilo-ingest";

// The package knows every country calling code but exports no list of
// regions, so the selector offers a short hand-picked list; numbers typed
// with "+" and a country code work whatever is selected.
const COUNTRIES = [
  ["AR", "Argentina", 54], ["AU", "Australia", 61], ["BR", "Brazil", 55], ["CA", "Canada", 1],
  ["FR", "France", 33], ["DE", "Germany", 49], ["IN", "India", 91], ["IE", "Ireland", 353],
  ["IT", "Italy", 39], ["JP", "Japan", 81], ["MX", "Mexico", 52], ["NL", "Netherlands", 31],
  ["NZ", "New Zealand", 64], ["NG", "Nigeria", 234], ["PH", "Philippines", 63], ["PL", "Poland", 48],
  ["SG", "Singapore", 65], ["ZA", "South Africa", 27], ["ES", "Spain", 34], ["SE", "Sweden", 46],
  ["CH", "Switzerland", 41], ["AE", "United Arab Emirates", 971], ["GB", "United Kingdom", 44], ["US", "United States", 1],
];

// HeyMilo's metadata limits, counted in code points as its server counts them.
const MAX_ITEMS = 50;
const MAX_KEY = 40;
const MAX_VALUE = 500;
const chars = (s) => [...s].length;

// The core's messages are written for any form ("Enter the candidate's
// name."); this page speaks to the candidate and calls metadata "items", so it
// rewords a few by their stable code. Every other message is the core's.
const WORDING = {
  "name:required": "Enter your full name.",
  "name:blank": "Enter your full name.",
  "email:required": "Enter your email address.",
  "email:blank": "Enter your email address.",
  "metadata:too_many_keys": `You can add at most ${MAX_ITEMS} items.`,
  "metadata-key:empty_key": "Add a label for this value.",
  "metadata-key:key_too_long": `At most ${MAX_KEY} characters.`,
  "metadata-value:too_long": `At most ${MAX_VALUE} characters.`,
};

const DEBOUNCE_MS = 250;
// What Cloudflare's test sitekeys issue instead of a real Turnstile token.
// The widget cannot load offline, so in sandbox mode the page sends this
// itself; the Worker checks it against the sandbox's siteverify stand-in.
const DUMMY_TURNSTILE_TOKEN = "XXXX.DUMMY.TOKEN.XXXX";
const PHONE_HINT = "Type your number as you would dial it at home.";

const $ = (id) => document.getElementById(id);
const form = $("application");
const inputs = { name: $("name"), email: $("email"), phone_number: $("phone") };
const country = $("phone-country");
const rowsList = $("meta-rows");
const submitButton = $("submit");

const state = {
  postingId: null,
  upstream: null,
  touched: new Set(), // slots the person has typed in: only their messages show before a submit
  showAll: false, // after a submit attempt every message shows
  serverIssues: new Map(), // slot → message from a 422, until that field changes
  refusedRow: false,
  sending: false,
  nextRowId: 1,
  timer: 0,
};

// ---------------------------------------------------------------------------
// Reading the form

function metaRows() {
  return [...rowsList.children].map((li) => {
    const id = li.dataset.rowId;
    return { id, li, key: $(`meta-key-${id}`).value, value: $(`meta-value-${id}`).value };
  });
}

const isBlankRow = (row) => row.key === "" && row.value === "";

/** The candidate as typed (unnormalized), and the metadata rows behind it. */
function readForm() {
  const candidate = { name: inputs.name.value, email: inputs.email.value };
  // An empty optional phone is left out, not sent as "".
  if (inputs.phone_number.value.trim() !== "") candidate.phone_number = inputs.phone_number.value;
  const rows = metaRows();
  const metadata = Object.create(null); // a key named "__proto__" stays a key
  const duplicates = [];
  for (const row of rows) {
    if (isBlankRow(row)) continue;
    if (Object.hasOwn(metadata, row.key)) duplicates.push(row);
    else metadata[row.key] = row.value;
  }
  if (Object.keys(metadata).length > 0) candidate.metadata = metadata;
  return { candidate, rows, duplicates };
}

// ---------------------------------------------------------------------------
// Slots: the places a message can go ("name", "meta-key-3", "metadata", …)

function slotElements(slot) {
  if (slot in inputs) return { input: inputs[slot], msg: $(`${slot === "phone_number" ? "phone" : slot}-msg`) };
  if (slot === "metadata") return { input: null, msg: $("meta-msg") };
  return { input: $(slot), msg: $(`${slot}-msg`) };
}

/** Where an issue belongs. Paths are the core's: ["email"], ["metadata", key], ["metadata"]. */
function slotsOf(path, rows) {
  const [head, key] = path[0] === "body" ? path.slice(1) : path; // a server's 422 may prefix "body"
  if (head in inputs) return [head];
  if (head !== "metadata") return [];
  if (path.length === 1 || key === undefined) return ["metadata"];
  return { rows, key: String(key) };
}

function placeIssue(issue, rows, into) {
  const where = slotsOf(issue.path, rows);
  if (Array.isArray(where)) {
    const message = WORDING[`${where[0]}:${issue.code}`] ?? issue.message;
    for (const slot of where) if (!into.has(slot)) into.set(slot, message);
    return where.length > 0;
  }
  const part = issue.code === "key_too_long" || issue.code === "empty_key" ? "key" : "value";
  const matching = where.rows.filter((row) => !isBlankRow(row) && row.key === where.key);
  if (matching.length === 0) return placeIssue({ ...issue, path: ["metadata"] }, rows, into);
  const message = WORDING[`metadata-${part}:${issue.code}`] ?? issue.message;
  for (const row of matching) {
    const slot = `meta-${part}-${row.id}`;
    if (!into.has(slot)) into.set(slot, message);
  }
  return true;
}

function allSlots(rows) {
  return ["name", "email", "phone_number", ...rows.flatMap((r) => [`meta-key-${r.id}`, `meta-value-${r.id}`]), "metadata"];
}

// ---------------------------------------------------------------------------
// Validation and rendering

function validateNow() {
  clearTimeout(state.timer);
  const { candidate, rows, duplicates } = readForm();
  const result = validateCandidate(candidate, { defaultCountry: country.value });
  const errors = new Map();
  for (const issue of result.issues) placeIssue(issue, rows, errors);
  for (const row of duplicates) {
    const slot = `meta-key-${row.id}`;
    if (!errors.has(slot)) errors.set(slot, "This label is already used above; use a different one.");
  }
  for (const [slot, message] of state.serverIssues) if (!errors.has(slot)) errors.set(slot, message);
  const warnings = new Map();
  for (const warning of result.warnings) placeIssue(warning, rows, warnings);
  render(rows, errors, warnings);
  return { ok: errors.size === 0, candidate, value: result.value, errors };
}

function scheduleValidate() {
  clearTimeout(state.timer);
  state.timer = setTimeout(validateNow, DEBOUNCE_MS);
}

function render(rows, errors, warnings) {
  for (const slot of allSlots(rows)) {
    const { input, msg } = slotElements(slot);
    const shown = state.showAll || state.touched.has(slot);
    const error = shown ? errors.get(slot) : undefined;
    let warning = shown && !error ? warnings.get(slot) : undefined;
    if (slot === "metadata" && !error && state.refusedRow) warning = `You can add at most ${MAX_ITEMS} items.`;
    if (input) {
      if (error) input.setAttribute("aria-invalid", "true");
      else input.removeAttribute("aria-invalid");
    }
    showMessage(msg, error, warning, slot === "email" ? emailFix(warning) : null);
  }
}

function showMessage(msg, error, warning, action) {
  const text = error ?? warning ?? "";
  const kind = error ? "error" : warning ? "warning" : "";
  // Unchanged messages are left alone: screen readers stay quiet, and a
  // button in the message survives the re-render that leaving the field causes.
  const signature = `${kind}\n${text}\n${action?.textContent ?? ""}`;
  if (msg.dataset.signature === signature) return;
  msg.dataset.signature = signature;
  msg.dataset.kind = kind;
  msg.replaceChildren();
  if (!text) return;
  const span = document.createElement("span");
  span.textContent = text;
  msg.append(span);
  if (action) msg.append(" ", action);
}

/** For a "Did you mean @gmail.com?" hint: a button that makes the change. */
function emailFix(warning) {
  const domain = warning && /@([\p{L}\p{N}.-]+\.[\p{L}]{2,})/u.exec(warning)?.[1];
  if (!domain) return null;
  const button = document.createElement("button");
  button.type = "button";
  button.className = "button button--link inline";
  button.textContent = `Use ${domain}`;
  button.addEventListener("click", () => {
    const email = inputs.email;
    email.value = email.value.replace(/@[^@]*$/, `@${domain}`);
    state.serverIssues.delete("email");
    validateNow();
    email.focus();
  });
  return button;
}

function updatePhonePreview() {
  const preview = $("phone-preview");
  const raw = inputs.phone_number.value;
  if (raw.trim() === "") {
    preview.textContent = PHONE_HINT;
    preview.dataset.kind = "";
    return;
  }
  // While the number is incomplete the line stays empty; the message below says what is wrong.
  const e164 = normalizePhoneNumber(raw, country.value);
  preview.dataset.kind = e164 ? "ok" : "";
  preview.textContent = e164 ? `We'll save it as ${e164}` : "";
}

// ---------------------------------------------------------------------------
// Additional-information rows

function addRow() {
  if (rowsList.children.length >= MAX_ITEMS) {
    state.refusedRow = true;
    state.touched.add("metadata");
    validateNow();
    return null;
  }
  const id = String(state.nextRowId++);
  const li = document.createElement("li");
  li.className = "meta-row";
  li.dataset.rowId = id;
  li.innerHTML = `
    <div class="field field--key">
      <label for="meta-key-${id}">Label <span class="visually-hidden">of item ${id}</span></label>
      <input id="meta-key-${id}" type="text" autocomplete="off" spellcheck="false" aria-describedby="meta-key-${id}-count meta-key-${id}-msg">
      <span class="counter" id="meta-key-${id}-count">0 / ${MAX_KEY}</span>
      <p class="msg" id="meta-key-${id}-msg"></p>
    </div>
    <div class="field field--value">
      <label for="meta-value-${id}">Value <span class="visually-hidden">of item ${id}</span></label>
      <input id="meta-value-${id}" type="text" autocomplete="off" aria-describedby="meta-value-${id}-count meta-value-${id}-msg">
      <span class="counter" id="meta-value-${id}-count">0 / ${MAX_VALUE}</span>
      <p class="msg" id="meta-value-${id}-msg"></p>
    </div>
    <button type="button" class="remove" aria-label="Remove item ${id}" title="Remove this item">
      <svg viewBox="0 0 20 20" aria-hidden="true" focusable="false"><path d="M5 5l10 10M15 5 5 15" stroke="currentColor" stroke-width="2" stroke-linecap="round"/></svg>
    </button>`;
  rowsList.append(li);
  updateCounters();
  return li;
}

function removeRow(li) {
  const next = li.nextElementSibling ?? li.previousElementSibling;
  const id = li.dataset.rowId;
  for (const part of ["key", "value"]) {
    state.touched.delete(`meta-${part}-${id}`);
    state.serverIssues.delete(`meta-${part}-${id}`);
  }
  li.remove();
  state.refusedRow = false;
  updateCounters();
  validateNow();
  // Focus stays in the list, so a keyboard user does not lose their place.
  (next ? next.querySelector("input") : $("meta-add")).focus();
}

function updateCounters() {
  const count = rowsList.children.length;
  const total = $("meta-count");
  total.textContent = `${count} / ${MAX_ITEMS} items`;
  total.dataset.kind = count >= MAX_ITEMS ? "full" : "";
  for (const row of metaRows()) {
    counter($(`meta-key-${row.id}-count`), chars(row.key), MAX_KEY);
    counter($(`meta-value-${row.id}-count`), chars(row.value), MAX_VALUE);
  }
}

function counter(element, used, max) {
  element.textContent = `${used} / ${max}`;
  element.dataset.kind = used > max ? "over" : "";
}

// ---------------------------------------------------------------------------
// Sending

function setSending(sending) {
  state.sending = sending;
  submitButton.disabled = sending;
  form.setAttribute("aria-busy", String(sending));
  submitButton.querySelector(".button__label").textContent = sending ? "Sending…" : "Submit application";
}

function banner(text, kind = "error") {
  const element = $("form-banner");
  element.hidden = !text;
  element.dataset.kind = kind;
  element.textContent = text ?? "";
}

function focusFirstInvalid() {
  const first = form.querySelector('[aria-invalid="true"]') ?? ($("meta-msg").textContent ? $("meta-add") : null);
  first?.focus();
}

function duration(ms) {
  const s = Math.max(1, Math.ceil(ms / 1000));
  if (s < 90) return `${s} second${s === 1 ? "" : "s"}`;
  return `${Math.ceil(s / 60)} minutes`;
}

function explain(error, rows) {
  if (error instanceof UnprocessableEntityError || error instanceof CandidateValidationError) {
    const placed = new Map();
    const unplaced = error.issues.filter((issue) => !placeIssue(issue, rows, placed));
    state.serverIssues = placed;
    state.showAll = true;
    validateNow();
    focusFirstInvalid();
    const rest = unplaced.map((issue) => issue.message).join(" ");
    return `Some details were not accepted. Please check the highlighted fields.${rest ? ` ${rest}` : ""}`;
  }
  if (error instanceof RateLimitError) {
    const wait = error.retryAfterMs == null ? "a minute" : duration(error.retryAfterMs);
    return `Too many applications were sent from here just now. Please wait ${wait}, then submit again. Your answers are still here.`;
  }
  // A timeout is a ConnectionError too, but the application may have arrived.
  if (error instanceof TimeoutError) {
    return "Our server took too long to answer, so we can't tell whether your application arrived. Your answers are still here; please wait a minute before trying again so you don't apply twice.";
  }
  if (error instanceof ConnectionError) {
    return "We couldn't reach our server. Check your internet connection and submit again — everything you typed is still here.";
  }
  if (error instanceof NotFoundError) return "Sorry, this role is no longer accepting applications.";
  if (error instanceof APIError && error.status === 403 && String(error.code).startsWith("turnstile_")) {
    return "We couldn't confirm that a person sent this application. Your answers are still here; please reload the page and submit again.";
  }
  if (error instanceof APIError) {
    return `Something went wrong on our side (error ${error.status}). Your answers are still here; please try again in a few minutes.`;
  }
  console.error(error);
  return "Something unexpected went wrong. Your answers are still here; please try again.";
}

async function submit(event) {
  event.preventDefault();
  if (state.sending) return;
  state.showAll = true;
  banner(null);
  const checked = validateNow();
  if (!checked.ok) {
    const count = checked.errors.size;
    banner(`Please fix ${count === 1 ? "the highlighted field" : `the ${count} highlighted fields`} before submitting.`);
    focusFirstInvalid();
    return;
  }
  if (!state.postingId) {
    banner("The form is still loading. Please try again in a moment, or refresh the page.");
    return;
  }
  const rows = metaRows();
  setSending(true);
  try {
    // No API key here: /heymilo is this site's Worker, which holds the key.
    const options = { baseUrl: "/heymilo", postingId: state.postingId, candidate: checked.candidate, defaultCountry: country.value };
    // With a real widget, the token would be its callback's (one per submission).
    if (state.turnstile === "sandbox") options.fetch = withTurnstileToken(DUMMY_TURNSTILE_TOKEN);
    const { data } = await ingestCandidate(options);
    showSuccess(data, checked.value.name);
  } catch (error) {
    banner(explain(error, rows));
  } finally {
    setSending(false);
    refreshInspector();
  }
}

/** A fetch that adds the Turnstile token header the Worker verifies. */
function withTurnstileToken(token) {
  return (url, init = {}) => {
    const headers = new Headers(init.headers);
    headers.set("CF-Turnstile-Response", token);
    return fetch(url, { ...init, headers });
  };
}

function showSuccess(data, name) {
  const firstName = name.split(/\s+/)[0];
  $("success-title").textContent = `Thanks, ${firstName}! Your application is in.`;
  for (const link of [$("interview-link"), $("interview-url")]) link.href = data.interview_url;
  $("interview-url").textContent = data.interview_url;
  $("form-view").hidden = true;
  $("success-view").hidden = false;
  $("success-title").focus();
}

function startOver() {
  form.reset();
  rowsList.replaceChildren();
  Object.assign(state, { touched: new Set(), showAll: false, serverIssues: new Map(), refusedRow: false });
  banner(null);
  updateCounters();
  updatePhonePreview();
  validateNow();
  $("success-view").hidden = true;
  $("form-view").hidden = false;
  inputs.name.focus();
}

// ---------------------------------------------------------------------------
// Sandbox inspector (only when the Worker's upstream is the sandbox)

async function refreshInspector() {
  if (state.upstream !== "sandbox") return;
  const status = $("inspector-status");
  let candidates;
  try {
    const response = await fetch("/sandbox/candidates", { cache: "no-store" });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    candidates = await response.json();
  } catch (error) {
    status.textContent = `Could not load the sandbox's candidates (${error.message}).`;
    return;
  }
  status.textContent = candidates.length === 0
    ? "Nothing received yet. Submit the form and the candidate appears here."
    : `${candidates.length} candidate${candidates.length === 1 ? "" : "s"} received.`;
  $("inspector-list").replaceChildren(...candidates.map(receivedItem));
}

function receivedItem(candidate) {
  const li = document.createElement("li");
  li.className = "received__item";
  const head = document.createElement("div");
  head.className = "received__head";
  const name = document.createElement("strong");
  name.textContent = candidate.name;
  const pill = document.createElement("span");
  pill.className = "pill";
  pill.textContent = candidate.status;
  head.append(name, pill);
  const facts = document.createElement("dl");
  const metadataCount = candidate.metadata ? Object.keys(candidate.metadata).length : 0;
  const rows = [
    ["Email", candidate.email],
    ["Phone", candidate.phone_number ?? "—"],
    ["Additional info", metadataCount ? `${metadataCount} item${metadataCount === 1 ? "" : "s"}` : "—"],
    ["Interview", candidate.interview_url],
  ];
  for (const [term, value] of rows) {
    const dt = document.createElement("dt");
    dt.textContent = term;
    const dd = document.createElement("dd");
    dd.textContent = value;
    if (term === "Interview") dd.className = "url";
    facts.append(dt, dd);
  }
  const details = document.createElement("details");
  const summary = document.createElement("summary");
  summary.textContent = "Stored JSON";
  const pre = document.createElement("pre");
  pre.textContent = JSON.stringify(candidate, null, 2);
  details.append(summary, pre);
  li.append(head, facts, details);
  return li;
}

// ---------------------------------------------------------------------------
// Wiring

function defaultCountry() {
  const known = new Set(COUNTRIES.map(([code]) => code));
  for (const tag of navigator.languages ?? [navigator.language]) {
    try {
      const region = new Intl.Locale(tag).maximize().region;
      if (known.has(region)) return region;
    } catch {
      // not a valid tag
    }
  }
  return "US";
}

function fillCountries() {
  const preferred = defaultCountry();
  for (const [code, name, callingCode] of COUNTRIES) {
    const option = new Option(`${name} (+${callingCode})`, code, code === preferred, code === preferred);
    country.append(option);
  }
}

function touch(slot) {
  state.touched.add(slot);
  state.serverIssues.delete(slot);
  if (slot.startsWith("meta-")) state.touched.add("metadata");
}

form.addEventListener("input", (event) => {
  const target = event.target;
  if (target === country) return;
  const slot = target === inputs.phone_number ? "phone_number" : target.id;
  touch(slot);
  if (target === inputs.phone_number) updatePhonePreview();
  if (slot.startsWith("meta-")) updateCounters();
  scheduleValidate();
});

// Leaving a field shows its message straight away, but only once something was typed in it.
form.addEventListener("focusout", (event) => {
  const slot = event.target === inputs.phone_number ? "phone_number" : event.target.id;
  if (state.touched.has(slot)) validateNow();
});

country.addEventListener("change", () => {
  updatePhonePreview();
  if (inputs.phone_number.value.trim() !== "") touch("phone_number");
  validateNow();
});

$("meta-add").addEventListener("click", () => {
  const li = addRow();
  li?.querySelector("input").focus();
});

rowsList.addEventListener("click", (event) => {
  const button = event.target.closest("button.remove");
  if (button) removeRow(button.closest("li"));
});

form.addEventListener("submit", submit);
$("apply-again").addEventListener("click", startOver);
$("inspector-refresh").addEventListener("click", refreshInspector);

fillCountries();
updateCounters();

try {
  const response = await fetch("/demo-config.json", { cache: "no-store" });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const config = await response.json();
  state.postingId = config.postingId;
  state.upstream = config.upstream;
  state.turnstile = config.turnstile;
  $("turnstile-note").hidden = config.turnstile !== "sandbox";
  submitButton.disabled = false;
  if (config.upstream === "sandbox") {
    $("inspector").hidden = false;
    $("mode-badge").hidden = false;
    await refreshInspector();
  }
} catch (error) {
  banner(`The application form could not load its settings (${error.message}). Please refresh the page.`);
}
document.documentElement.dataset.ready = "true";
