// The Node, Deno and Bun entries: the plain path's joined rows cross as UTF-16
// where the runtime has Buffer (acceptPlainRows16, in the validate_o3 build).
// TextEncoder turns a string with characters beyond Latin-1 into UTF-8 at
// about 2 ns a character (50-60 µs for one candidate with metadata at the
// limits, issue 14), where Buffer's "utf16le" write is a copy; the core then
// checks metadata as UTF-16 and transcodes only name, email and phone.

/**
 * Rows shorter than this on average (UTF-16 units) cross as UTF-8: rows of
 * name, email and phone (a form, a bulk import) are mostly Latin-1, which
 * TextEncoder copies quickly, and for them the typed array here costs more
 * than it saves; rows this long carry metadata.
 */
export const UTF16_FROM = 512;
/** The largest scratch kept between calls (units); longer rows get their own array. */
const SCRATCH_MAX = 1 << 16;

/**
 * `core` with acceptPlainRows taking long rows as UTF-16, when the runtime and
 * the core can. (`from`: the tests send every row as UTF-16 with 0.)
 */
export function withUtf16Rows(core, from = UTF16_FROM) {
  const { acceptPlainRows16 } = core;
  if (typeof acceptPlainRows16 !== "function" || typeof Buffer !== "function") return core;
  let scratch = new Uint16Array(0);
  let bytes = Buffer.from(scratch.buffer);
  const acceptPlainRows = (joined, rows, country) => {
    const length = joined.length;
    if (length < from * rows) return core.acceptPlainRows(joined, rows, country);
    let units = scratch;
    let target = bytes;
    if (length > scratch.length) {
      units = new Uint16Array(Math.max(length, Math.min(2 * scratch.length, SCRATCH_MAX)));
      target = Buffer.from(units.buffer);
      if (units.length <= SCRATCH_MAX) [scratch, bytes] = [units, target];
    }
    // Lone surrogates are copied as they are; the core sends them to the JSON path.
    target.write(joined, 0, "utf16le");
    return acceptPlainRows16(units.subarray(0, length), rows, country);
  };
  return { ...core, acceptPlainRows };
}
