// Typed errors. Every error has a stable `name`; API errors carry what the
// server said. None of them ever holds the API key: the core removes it from
// everything that came from the server before it reaches these classes.

/** Base class of every error this package throws. */
export class HeyMiloError extends Error {
}

/** The input is not a valid candidate; nothing was sent. `issues` lists every problem. */
export class CandidateValidationError extends HeyMiloError {
  constructor(issues) {
    const first = issues[0];
    const where = first && first.path.length ? `${first.path.join(".")}: ` : "";
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : "";
    super(`Invalid candidate: ${where}${first ? first.message : "unknown problem"}${more}`);
    this.issues = issues;
  }
}

/** The options are unusable (e.g. an API key in a browser); fix the call. */
export class ConfigurationError extends HeyMiloError {}

/** HeyMilo answered with an error status. */
export class APIError extends HeyMiloError {
  constructor(fields, headers) {
    super(fields.message);
    this.status = fields.status;
    this.type = fields.type;
    this.code = fields.code;
    this.param = fields.param;
    this.docUrl = fields.docUrl;
    this.requestId = fields.requestId;
    this.headers = headers;
  }
}

/** 400: the request was malformed. */
export class BadRequestError extends APIError {}
/** 401: the API key is missing or wrong. */
export class AuthenticationError extends APIError {}
/** 403: the API key may not do this. */
export class PermissionDeniedError extends APIError {}
/** 404: the posting does not exist. */
export class NotFoundError extends APIError {}

/** 422: HeyMilo rejected fields; `issues` has the validator's shape. */
export class UnprocessableEntityError extends APIError {
  constructor(fields, headers) {
    super(fields, headers);
    this.issues = fields.issues;
  }
}

/** 429: too many requests. Wait `retryAfterMs` (when the server said) before trying again. */
export class RateLimitError extends APIError {
  constructor(fields, headers) {
    super(fields, headers);
    this.retryAfterMs = fields.retryAfterMs;
  }
}

/** 5xx: HeyMilo failed. On a sync ingest the candidate may or may not exist. */
export class InternalServerError extends APIError {}

/** A success status with a body that is not the documented JSON. */
export class MalformedResponseError extends APIError {}

/**
 * A redirect (3xx; status 0 for a browser's opaque redirect), not followed:
 * the key and the candidate go only to the configured address. Not retried.
 */
export class RedirectError extends APIError {}

/** The answer was longer than `maxResponseBytes`; reading stopped there. Not retried. */
export class ResponseTooLargeError extends APIError {}

/** No response: the connection failed. */
export class ConnectionError extends HeyMiloError {}

/** No response within `timeoutMs`. On a sync ingest the candidate may or may not exist. */
export class TimeoutError extends ConnectionError {}

/** The caller's `signal` aborted the call. */
export class AbortError extends HeyMiloError {}

// Names are set on the prototypes, not read from the classes, so they stay
// stable when a bundler minifies class names.
for (const [name, ErrorClass] of Object.entries({
  HeyMiloError,
  CandidateValidationError,
  ConfigurationError,
  ConnectionError,
  TimeoutError,
  AbortError,
  APIError,
  BadRequestError,
  AuthenticationError,
  PermissionDeniedError,
  NotFoundError,
  UnprocessableEntityError,
  RateLimitError,
  InternalServerError,
  MalformedResponseError,
  RedirectError,
  ResponseTooLargeError,
})) {
  Object.defineProperty(ErrorClass.prototype, "name", { value: name, writable: true, configurable: true });
}
