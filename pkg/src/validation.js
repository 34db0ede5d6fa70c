// The validation API over any core build: plain candidates through the
// plain path, everything else as JSON text in, JSON text out.
import { jsonTextOf } from "./json-text.js";
import { createPlainFields } from "./plain-fields.js";

const VENDOR = "heymilo-ingest";

/** Reads the options object shared by the validators; throws TypeError on misuse. */
function defaultCountryOf(options) {
  if (options === undefined || options === null) return undefined;
  if (typeof options !== "object") {
    throw new TypeError('heymilo-ingest: options must be an object like { defaultCountry: "GB" }');
  }
  const country = options.defaultCountry;
  if (country === undefined || country === null) return undefined;
  if (typeof country !== "string") {
    throw new TypeError('heymilo-ingest: options.defaultCountry must be an ISO 3166 alpha-2 code such as "GB"');
  }
  return country;
}

const accepted = (value) => ({ ok: true, value, issues: [], warnings: [] });

export function createValidationApi(core) {
  const { acceptPlain, acceptAllPlain } = createPlainFields(core);

  /** Validates one candidate and returns its normalized form, or every issue. */
  function validateCandidate(input, options) {
    const country = defaultCountryOf(options);
    const plain = acceptPlain(input, country);
    if (plain !== undefined) return accepted(plain);
    const text = jsonTextOf(input);
    if (typeof text !== "string") return text;
    return JSON.parse(core.validateJson(text, false, country));
  }

  /** Validates a list of candidates; issue paths start with the row index. */
  function validateCandidates(inputs, options) {
    const country = defaultCountryOf(options);
    const plain = acceptAllPlain(inputs, country);
    if (plain !== undefined) return accepted(plain);
    const text = jsonTextOf(inputs);
    if (typeof text !== "string") return text;
    return JSON.parse(core.validateJson(text, true, country));
  }

  /** Normalizes a phone number to E.164 (`+` and digits), or returns null. */
  function normalizePhoneNumber(raw, defaultCountry) {
    if (typeof raw !== "string") {
      throw new TypeError("heymilo-ingest: normalizePhoneNumber expects the phone number as a string");
    }
    if (defaultCountry !== undefined && defaultCountry !== null && typeof defaultCountry !== "string") {
      throw new TypeError('heymilo-ingest: defaultCountry must be an ISO 3166 alpha-2 code such as "GB"');
    }
    return core.normalizePhoneNumber(raw, defaultCountry ?? undefined) ?? null;
  }

  /** A Standard Schema v1 object (https://standardschema.dev) for one candidate. */
  const candidateSchema = Object.freeze({
    "~standard": Object.freeze({
      version: 1,
      vendor: VENDOR,
      validate(value) {
        const result = validateCandidate(value);
        return result.ok ? { value: result.value } : { issues: result.issues };
      },
    }),
  });
  return { validateCandidate, validateCandidates, normalizePhoneNumber, candidateSchema };
}
