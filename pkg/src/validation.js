// The validation API over any core build: plain candidates through the
// plain path, everything else as JSON text in, JSON text out.
import { candidateJsonSchema } from "./json-schema.js";
import { jsonTextOf } from "./json-text.js";
import { createPlainFields } from "./plain-fields.js";

/** Reads the options object shared by the validators; throws TypeError on misuse. */
function defaultCountryOf(options) {
  const country = options?.defaultCountry;
  if ((options != null && typeof options !== "object") || (country != null && typeof country !== "string")) {
    throw new TypeError('heymilo-ingest: options must be like { defaultCountry: "GB" } (an ISO 3166 alpha-2 code)');
  }
  return country ?? undefined;
}

/** The validators over one core build. */
export function createValidators(core) {
  const { acceptPlain, acceptAllPlain } = createPlainFields(core);

  /** Validates one candidate (a list of them when `many`) and returns the normalized value, or every issue. */
  function validate(input, options, many) {
    const country = defaultCountryOf(options);
    const plain = (many ? acceptAllPlain : acceptPlain)(input, country);
    if (plain !== undefined) return { ok: true, value: plain, issues: [], warnings: [] };
    const text = jsonTextOf(input, many);
    return typeof text === "string" ? JSON.parse(core.validateJson(text, many, country)) : text;
  }
  const validateCandidate = (input, options) => validate(input, options, false);
  /** Issue paths start with the row index. */
  const validateCandidates = (inputs, options) => validate(inputs, options, true);

  /** Normalizes a phone number to E.164 (`+` and digits), or returns null. The country: `"GB"` or `{ defaultCountry: "GB" }`. */
  function normalizePhoneNumber(raw, options) {
    if (typeof raw !== "string") {
      throw new TypeError("heymilo-ingest: normalizePhoneNumber expects the phone number as a string");
    }
    const country = typeof options === "string" ? options : defaultCountryOf(options);
    return core.normalizePhoneNumber(raw, country) ?? null;
  }

  return { validateCandidate, validateCandidates, normalizePhoneNumber };
}

/**
 * `createCandidateSchema` over a `validateCandidate`. Apart from the
 * validators, so that a bundle that uses neither schema leaves it and the
 * JSON Schema code out (heymilo-ingest/validate marks the calls pure).
 */
export function schemaFactory(validateCandidate) {
  /**
   * A Standard Schema v1 (https://standardschema.dev) for one candidate,
   * synchronous, that is also a Standard JSON Schema v1 (its rules as JSON
   * Schema, for form and OpenAPI tools).
   */
  function createCandidateSchema(options) {
    const country = defaultCountryOf(options);
    const validateOptions = { defaultCountry: country };
    return Object.freeze({
      "~standard": Object.freeze({
        version: 1,
        vendor: "heymilo-ingest",
        validate(value) {
          const result = validateCandidate(value, validateOptions);
          return result.ok ? { value: result.value } : { issues: result.issues };
        },
        jsonSchema: Object.freeze({
          input: ({ target }) => candidateJsonSchema(target, false),
          output: ({ target }) => candidateJsonSchema(target, true),
        }),
      }),
    });
  }

  return createCandidateSchema;
}

/** Every validation export over one core build. */
export function createValidationApi(core) {
  const validators = createValidators(core);
  const createCandidateSchema = schemaFactory(validators.validateCandidate);
  return { ...validators, candidateSchema: createCandidateSchema(), createCandidateSchema };
}
