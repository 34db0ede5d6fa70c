// A tiny parser for the regular-expression subset used by libphonenumber
// metadata (digits, \d, [classes], (?:groups), (capturing groups), |, ?,
// {n}, {n,m}, $). Anything else throws, so a metadata update that uses new
// syntax fails the generator loudly instead of producing a wrong table.
//
// Used by generate.mjs to expand national-prefix-for-parsing rules into
// match paths and to analyse national number patterns.

const ALL_DIGITS = 0x3ff;

/** Parses `src` into an AST. Capturing groups are numbered from 1 in order. */
export function parseRegex(src) {
  let pos = 0;
  let groups = 0;
  const peek = () => src[pos];
  const fail = (msg) => {
    throw new Error(`unsupported regex ${JSON.stringify(src)} at ${pos}: ${msg}`);
  };

  function parseAlt() {
    const alts = [parseSeq()];
    while (peek() === "|") {
      pos++;
      alts.push(parseSeq());
    }
    return alts.length === 1 ? alts[0] : { t: "alt", alts };
  }

  function parseSeq() {
    const items = [];
    while (pos < src.length && peek() !== "|" && peek() !== ")") {
      let atom = parseAtom();
      // quantifiers
      for (;;) {
        const c = peek();
        if (c === "?") {
          pos++;
          atom = { t: "rep", body: atom, min: 0, max: 1 };
        } else if (c === "{") {
          const m = /^\{(\d+)(,(\d*))?\}/.exec(src.slice(pos));
          if (!m) fail("bad {}");
          pos += m[0].length;
          const min = Number(m[1]);
          const max = m[2] === undefined ? min : m[3] === "" ? Infinity : Number(m[3]);
          atom = { t: "rep", body: atom, min, max };
        } else if (c === "*" || c === "+") {
          fail("unbounded repetition");
        } else {
          break;
        }
      }
      items.push(atom);
    }
    return items.length === 1 ? items[0] : { t: "seq", items };
  }

  function parseAtom() {
    const c = peek();
    if (c === "(") {
      pos++;
      let cap = null;
      if (src.startsWith("?:", pos)) {
        pos += 2;
      } else if (src[pos] === "?") {
        fail("unsupported group kind");
      } else {
        cap = ++groups;
      }
      const body = parseAlt();
      if (peek() !== ")") fail("missing )");
      pos++;
      return { t: "grp", cap, body };
    }
    if (c === "[") {
      pos++;
      if (peek() === "^") fail("negated class");
      let mask = 0;
      while (peek() !== "]") {
        if (pos >= src.length) fail("unterminated class");
        let lo;
        if (src.startsWith("\\d", pos)) {
          pos += 2;
          mask |= ALL_DIGITS;
          continue;
        }
        lo = peek();
        if (!/[0-9]/.test(lo)) fail("non-digit in class");
        pos++;
        let hi = lo;
        if (peek() === "-" && src[pos + 1] !== "]") {
          pos++;
          hi = peek();
          if (!/[0-9]/.test(hi)) fail("bad range");
          pos++;
        }
        for (let d = Number(lo); d <= Number(hi); d++) mask |= 1 << d;
      }
      pos++;
      return { t: "cls", mask };
    }
    if (c === "\\") {
      if (src[pos + 1] === "d") {
        pos += 2;
        return { t: "cls", mask: ALL_DIGITS };
      }
      fail("unsupported escape");
    }
    if (c === "$") {
      pos++;
      return { t: "end" };
    }
    if (/[0-9]/.test(c)) {
      pos++;
      return { t: "cls", mask: 1 << Number(c) };
    }
    fail(`unsupported character ${c}`);
  }

  const ast = parseAlt();
  if (pos !== src.length) fail("trailing input");
  return { ast, groups };
}

/** Finds the capturing group node number `cap`. */
export function findGroup(ast, cap) {
  if (!ast || typeof ast !== "object") return null;
  if (ast.t === "grp" && ast.cap === cap) return ast;
  for (const child of [ast.body, ...(ast.items || []), ...(ast.alts || [])]) {
    const g = child && findGroup(child, cap);
    if (g) return g;
  }
  return null;
}

/**
 * Expands a finite regex into its match paths in JavaScript backtracking
 * order (alternatives left to right, greedy quantifiers longest first).
 * Each path: { cls: [mask...], caps: {n: [start, end]}, anchored }.
 * With `opaque` = n, capturing group n is not expanded but appears as the
 * single symbol "S" in `cls` (see generate.mjs, "sets").
 * The first path (in this order) that matches a prefix of the input (and,
 * when anchored, the whole input) is exactly the match `RegExp.exec` returns
 * for `^(?:src)`.
 */
export function expandPaths(ast, limit = 20000, opaque = null) {
  let count = 0;
  function ext(node, p) {
    switch (node.t) {
      case "cls":
        if (p.anchored) return []; // nothing can follow `$`
        return [{ ...p, cls: [...p.cls, node.mask] }];
      case "end":
        return [{ ...p, anchored: true }];
      case "seq": {
        let paths = [p];
        for (const item of node.items) paths = paths.flatMap((q) => ext(item, q));
        return paths;
      }
      case "alt":
        return node.alts.flatMap((a) => ext(a, p));
      case "grp": {
        if (node.cap !== null && node.cap === opaque) {
          // Kept as one symbol, "S", standing for any path of the group.
          if (p.anchored) return [];
          return [{ ...p, cls: [...p.cls, "S"], caps: { ...p.caps, [node.cap]: [p.cls.length, p.cls.length + 1] } }];
        }
        const out = ext(node.body, p);
        if (node.cap === null) return out;
        return out.map((q) => ({ ...q, caps: { ...q.caps, [node.cap]: [p.cls.length, q.cls.length] } }));
      }
      case "rep": {
        if (!Number.isFinite(node.max)) throw new Error("unbounded repetition in expansion");
        const out = [];
        for (let k = node.max; k >= node.min; k--) {
          let paths = [p];
          for (let i = 0; i < k; i++) paths = paths.flatMap((q) => ext(node.body, q));
          out.push(...paths);
        }
        return out;
      }
      default:
        throw new Error(`unknown node ${node.t}`);
    }
  }
  const res = ext(ast, { cls: [], caps: {}, anchored: false });
  count = res.length;
  if (count > limit) throw new Error(`regex expands to ${count} paths (limit ${limit})`);
  return res;
}

// ---- NFA over digit classes, for "can some string of this shape match?" ----

/** Compiles an AST (no anchors) into an epsilon-NFA. */
export function compileNfa(ast) {
  const edges = []; // edges[state] = [{ mask, to } | { eps: true, to }]
  const newState = () => {
    edges.push([]);
    return edges.length - 1;
  };
  function build(node, from) {
    // returns the end state
    switch (node.t) {
      case "cls": {
        const to = newState();
        edges[from].push({ mask: node.mask, to });
        return to;
      }
      case "seq": {
        let cur = from;
        for (const item of node.items) cur = build(item, cur);
        return cur;
      }
      case "alt": {
        const end = newState();
        for (const a of node.alts) {
          const e = build(a, from);
          edges[e].push({ eps: true, to: end });
        }
        return end;
      }
      case "grp":
        return build(node.body, from);
      case "rep": {
        let cur = from;
        for (let i = 0; i < node.min; i++) cur = build(node.body, cur);
        if (!Number.isFinite(node.max)) {
          const loopStart = cur;
          const e = build(node.body, loopStart);
          edges[e].push({ eps: true, to: loopStart });
          return loopStart;
        }
        const end = newState();
        edges[cur].push({ eps: true, to: end });
        for (let i = node.min; i < node.max; i++) {
          cur = build(node.body, cur);
          edges[cur].push({ eps: true, to: end });
        }
        return end;
      }
      case "end":
        throw new Error("anchor inside a national number pattern");
      default:
        throw new Error(`unknown node ${node.t}`);
    }
  }
  const start = newState();
  const accept = build(ast, start);
  return { edges, start, accept };
}

function closure(nfa, set) {
  const stack = [...set];
  const out = new Set(set);
  while (stack.length) {
    const s = stack.pop();
    for (const e of nfa.edges[s]) {
      if (e.eps && !out.has(e.to)) {
        out.add(e.to);
        stack.push(e.to);
      }
    }
  }
  return out;
}

/** The NFA's start state set. */
export function nfaStart(nfa) {
  return closure(nfa, [nfa.start]);
}

/** The state set after reading one digit from class `mask` (may be empty). */
export function nfaStep(nfa, set, mask) {
  const next = new Set();
  for (const s of set) for (const e of nfa.edges[s]) if (!e.eps && e.mask & mask) next.add(e.to);
  return next.size ? closure(nfa, next) : next;
}

/** Whether exactly `n` more digits (any digits) can lead from `set` to acceptance. */
export function nfaCanFinish(nfa, set, n) {
  if (!nfa.memo) nfa.memo = new Map();
  const key = [...set].sort((a, b) => a - b).join(",") + "/" + n;
  let r = nfa.memo.get(key);
  if (r === undefined) {
    if (set.size === 0) r = false;
    else if (n === 0) r = set.has(nfa.accept);
    else r = nfaCanFinish(nfa, nfaStep(nfa, set, ALL_DIGITS), n - 1);
    nfa.memo.set(key, r);
  }
  return r;
}

/** Whether every string of exactly `n` more digits leads from `set` to acceptance. */
export function nfaMustFinish(nfa, set, n) {
  if (!nfa.mustMemo) nfa.mustMemo = new Map();
  const key = [...set].sort((a, b) => a - b).join(",") + "/" + n;
  let r = nfa.mustMemo.get(key);
  if (r === undefined) {
    if (set.size === 0) r = false;
    else if (n === 0) r = set.has(nfa.accept);
    else {
      r = true;
      for (let d = 0; d < 10 && r; d++) r = nfaMustFinish(nfa, nfaStep(nfa, set, 1 << d), n - 1);
    }
    nfa.mustMemo.set(key, r);
  }
  return r;
}

/**
 * Whether digit strings of exactly `len` digits that start with the digits
 * `prefix` match the NFA: "all" of them, "none" or "some".
 */
export function nfaPrefixStatus(nfa, prefix, len) {
  if (prefix.length > len) return "none";
  let set = nfaStart(nfa);
  for (const d of prefix) {
    set = nfaStep(nfa, set, 1 << d);
    if (set.size === 0) return "none";
  }
  if (!nfaCanFinish(nfa, set, len - prefix.length)) return "none";
  return nfaMustFinish(nfa, set, len - prefix.length) ? "all" : "some";
}

/**
 * Whether some digit string of exactly `len` digits, whose i-th digit is in
 * `classes[i]` (for i < classes.length; any digit after that), matches the
 * NFA entirely.
 */
export function nfaCanMatch(nfa, classes, len) {
  if (classes.length > len) return false;
  let cur = nfaStart(nfa);
  for (const m of classes) {
    cur = nfaStep(nfa, cur, m);
    if (cur.size === 0) return false;
  }
  return nfaCanFinish(nfa, cur, len - classes.length);
}

export { ALL_DIGITS };
