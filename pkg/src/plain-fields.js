// The plain path of validateCandidate(s): a plain object whose only own keys
// are `name`, `email` and `phone_number`, all strings (the phone may be
// null), crosses into wasm inside one joined string and comes back as numbers
// (see acceptPlainRows in src/wasm/validation.rs); a whole array crosses in
// one call. This file decides nothing about validity: it only reads fields,
// and the core only ever answers "accepted"; for anything else it returns
// undefined and the caller takes the JSON path, which reports every issue and
// warning.

/** Which fields a plain candidate has: 2 (name, email), 3 (and phone_number), or 0 (not plain). */
function plainShape(input) {
  if (typeof input !== "object" || input === null || Object.getPrototypeOf(input) !== Object.prototype) return 0;
  // JSON.stringify would call it, and read exactly Object.keys.
  if (input.toJSON !== undefined) return 0;
  const keys = Object.keys(input);
  const count = keys.length;
  if (count !== 2 && count !== 3) return 0;
  for (let i = 0; i < count; i++) {
    const key = keys[i];
    if (key === "phone_number" ? count !== 3 : key !== "name" && key !== "email") return 0;
  }
  return count;
}

/** The fields of a plain candidate ([name, email, phone or null]), or undefined. */
function plainFields(input) {
  const shape = plainShape(input);
  if (shape === 0) return undefined;
  const { name, email } = input;
  const phone = shape === 3 ? input.phone_number : null;
  // Lone surrogates reach the core as U+FFFD, which it never accepts here,
  // so the JSON path reports them.
  if (typeof name !== "string" || typeof email !== "string" || (phone !== null && typeof phone !== "string")) return undefined;
  return [name, email, phone];
}

/** One row of acceptPlainRows' input: the field count, then each field after a \0, then \x01. */
export const rowText = ([name, email, phone]) =>
  phone === null ? `2\0${name}\0${email}\x01` : `3\0${name}\0${email}\0${phone}\x01`;

/**
 * The value the core accepted (its three answers from `at`): the name sliced
 * when trimmed, the phone from its digits (none when there are none: the
 * phone was absent, null or blank; E.164 never starts with 0).
 */
function acceptedValue([name, email], answers, at) {
  const answer = answers[at];
  const flags = answer % 4;
  const value = { name: flags & 2 ? name.slice(answers[at + 1], answers[at + 2]) : name, email };
  const digits = (answer - flags) / 4;
  if (digits) value.phone_number = `+${digits}`;
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
