// Helpers every peer stack shares: what a JS team writes next to its schema.

/** The E.164 pattern teams copy: `+`, a non-zero digit, at most 15 digits. */
export const E164 = /^\+[1-9]\d{1,14}$/;

/** Removes the formatting people type (spaces, dashes, dots, parentheses). */
export const stripPhoneFormatting = (value) => value.replace(/[\s().-]/g, "");

/**
 * At most `max` Unicode code points (the server counts code points, JS
 * `.length` counts UTF-16 units). The `.length` test first is the cheap path
 * a careful team adds; `[...value]` is the idiom.
 */
export const codePointsAtMost = (max) => (value) => value.length <= max || [...value].length <= max;

/** Lower-cases the domain, as the server's normalization does. */
export const lowerCaseDomain = (email) => {
  const at = email.lastIndexOf("@");
  return email.slice(0, at + 1) + email.slice(at + 1).toLowerCase();
};

export const MAX_METADATA_KEYS = 50;
