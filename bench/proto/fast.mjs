// The JS half of the prototype boundary (see src/lib.rs). It reads the fields
// of a plain object and passes them as strings; it decides nothing: anything
// but three well-formed strings on a plain object, and anything the core does
// not accept outright, goes the product's JSON path.
export function createFastApi(core) {
  const slow = (input) => JSON.parse(core.validateCandidateJson(JSON.stringify(input) ?? "null"));
  const slowMany = (inputs) => JSON.parse(core.validateCandidatesJson(JSON.stringify(inputs) ?? "null"));

  /** The value when the fast path applies and the core accepts it, else undefined. */
  function fast(input, answer = core.validateFields) {
    if (input === null || typeof input !== "object" || Object.getPrototypeOf(input) !== Object.prototype) return undefined;
    const { name, email, phone_number: phone } = input;
    let keys = 0;
    for (const key in input) keys++;
    if (typeof name !== "string" || typeof email !== "string" || keys !== (phone === undefined ? 2 : 3)) return undefined;
    if (phone !== undefined && (typeof phone !== "string" || !phone.isWellFormed())) return undefined;
    if (!name.isWellFormed() || !email.isWellFormed()) return undefined;
    const out = answer(name, email, phone);
    if (out === "") return undefined;
    const parts = out.split("\0");
    return parts.length === 3 ? { name: parts[0], email: parts[1], phone_number: parts[2] } : { name: parts[0], email: parts[1] };
  }

  return {
    validateCandidate(input) {
      const value = fast(input);
      return value === undefined ? slow(input) : { ok: true, value, issues: [], warnings: [] };
    },
    validateCandidates(inputs) {
      if (!Array.isArray(inputs) || inputs.length === 0) return slowMany(inputs);
      const values = new Array(inputs.length);
      for (let i = 0; i < inputs.length; i++) {
        const value = fast(inputs[i]);
        if (value === undefined) return slowMany(inputs);
        values[i] = value;
      }
      return { ok: true, value: values, issues: [], warnings: [] };
    },
    /** The same JS work and crossing without validation: the floor. */
    echo(input) {
      const value = fast(input, core.echoFields);
      return { ok: value !== undefined, value, issues: [], warnings: [] };
    },
    /** The floor of a cheaper crossing: one joined string in, a number out. */
    echoPacked(input) {
      const value = fast(input, (name, email, phone) => {
        const n = core.echoPacked(phone === undefined ? `${name}\0${email}` : `${name}\0${email}\0${phone}`);
        return n > 0 ? "x\0y" : "";
      });
      return { ok: value !== undefined, value, issues: [], warnings: [] };
    },
  };
}
