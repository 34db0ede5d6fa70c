// The plain path of validateCandidate(s): a plain object whose only own keys
// are `name`, `email`, `phone_number`, `metadata` and `data`, with string
// name, email and phone (the phone may be null), metadata of string values
// (or null) and data that is `{}` (or null) -- what forms and ATS
// integrations send -- crosses into wasm inside one joined string and comes
// back as numbers (see acceptPlainRows in src/wasm/validation.rs); a whole
// array crosses in one call. This file decides nothing about validity: it only reads fields,
// and the core only ever answers "accepted"; for anything else it returns
// undefined and the caller takes the JSON path, which reports every issue and
// warning.

/** The bit of each optional field in `plainFields`' record of own keys (name and email: 0). */
const OPTIONAL = { __proto__: null, name: 0, email: 0, phone_number: 1, metadata: 2, data: 4 };
/** More metadata keys than any accepted candidate has: the JSON path says so. */
const METADATA_MAX_KEYS = 50;

/** Whether `value` is an object JSON.stringify reads as its own keys, with nothing on the way (no toJSON). */
const isPlainObject = (value) =>
  typeof value === "object" && value !== null && Object.getPrototypeOf(value) === Object.prototype && value.toJSON === undefined;

/**
 * The fields of a plain candidate, { name, email, phone, metadata, emptyData }
 * (phone null when absent or null; metadata an array of [key, value] or null),
 * or undefined when it is not plain: only the known keys, strings, string
 * metadata and `data` that is `{}` (or null).
 */
export function plainFields(input) {
  // A getter that throws is the JSON path's to report (invalid_json), as JSON.stringify meets it.
  try {
    return readPlainFields(input);
  } catch {
    return undefined;
  }
}

function readPlainFields(input) {
  // JSON.stringify would call toJSON, and read exactly Object.keys.
  if (!isPlainObject(input)) return undefined;
  const keys = Object.keys(input);
  if (keys.length < 2 || keys.length > 5) return undefined;
  // Own keys only: an inherited one (a polluted prototype) is not JSON's.
  let own = 0;
  for (let i = 0; i < keys.length; i++) {
    const bit = OPTIONAL[keys[i]];
    if (bit === undefined) return undefined;
    own |= bit;
  }
  const { name, email } = input;
  if (typeof name !== "string" || typeof email !== "string") return undefined;
  const phone = own & 1 ? input.phone_number : null;
  if (phone !== null && typeof phone !== "string") return undefined;
  let metadata = null;
  if (own & 2 && input.metadata !== null) {
    const given = input.metadata;
    if (!isPlainObject(given)) return undefined;
    const names = Object.keys(given);
    if (names.length > METADATA_MAX_KEYS) return undefined;
    metadata = new Array(names.length);
    for (let i = 0; i < names.length; i++) {
      const key = names[i];
      const value = given[key];
      // "__proto__" would set the prototype of the copy instead of a key.
      if (typeof value !== "string" || key === "__proto__") return undefined;
      metadata[i] = [key, value];
    }
  }
  let emptyData = false;
  if (own & 4 && input.data !== null) {
    const data = input.data;
    if (!isPlainObject(data) || Object.keys(data).length !== 0) return undefined;
    emptyData = true;
  }
  // Lone surrogates reach the core as U+FFFD, which it never accepts here,
  // so the JSON path reports them.
  return { name, email, phone, metadata, emptyData };
}

/** One row of acceptPlainRows' input: the header, then each field after a \0, then \x01. */
export function rowText({ name, email, phone, metadata, emptyData }) {
  let row = `${phone === null ? "2" : "3"}${metadata === null ? "" : `m${metadata.length}`}${emptyData ? "d" : ""}\0${name}\0${email}`;
  if (phone !== null) row += `\0${phone}`;
  if (metadata !== null) for (let i = 0; i < metadata.length; i++) row += `\0${metadata[i][0]}\0${metadata[i][1]}`;
  return `${row}\x01`;
}

/**
 * The value the core accepted (its three answers from `at`), in the order
 * the JSON path gives: the name sliced when trimmed, the phone from its
 * digits (none when there are none: the phone was absent, null or blank;
 * E.164 never starts with 0), a copy of the metadata, `{}` for data.
 */
function acceptedValue({ name, email, metadata, emptyData }, answers, at) {
  const answer = answers[at];
  const flags = answer % 4;
  const value = { name: flags & 2 ? name.slice(answers[at + 1], answers[at + 2]) : name, email };
  const digits = (answer - flags) / 4;
  if (digits) value.phone_number = `+${digits}`;
  if (metadata !== null) {
    const copy = {};
    for (let i = 0; i < metadata.length; i++) copy[metadata[i][0]] = metadata[i][1];
    value.metadata = copy;
  }
  if (emptyData) value.data = {};
  return value;
}

/**
 * `acceptPlain(input, country)`: the accepted, normalized value of a plain
 * candidate, or undefined when the input is not plain or the core does not
 * accept it as it is. `acceptAllPlain(inputs, country)`: the same for every
 * row of an array in one call, or undefined as soon as one row is not.
 */
export function createPlainFields(core) {
  function acceptPlain(input, country) {
    const fields = plainFields(input);
    if (fields === undefined) return undefined;
    const answers = core.acceptPlainRows(rowText(fields), 1, country);
    return answers.length === 3 ? acceptedValue(fields, answers, 0) : undefined;
  }

  function acceptAllPlain(inputs, country) {
    if (!Array.isArray(inputs) || inputs.toJSON !== undefined) return undefined;
    const count = inputs.length;
    if (count === 0) return undefined;
    const rows = new Array(count);
    let joined = "";
    for (let i = 0; i < count; i++) {
      const fields = plainFields(inputs[i]);
      if (fields === undefined) return undefined;
      rows[i] = fields;
      joined += rowText(fields);
    }
    const answers = core.acceptPlainRows(joined, count, country);
    if (answers.length !== count * 3) return undefined;
    const values = new Array(count);
    for (let i = 0; i < count; i++) values[i] = acceptedValue(rows[i], answers, 3 * i);
    return values;
  }

  return { acceptPlain, acceptAllPlain };
}
