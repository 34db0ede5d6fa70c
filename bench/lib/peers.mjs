// The peer stacks every step compares against (label → bench/peers/<file>.mjs),
// in one place so throughput, sizes, cold start and the report agree.
// The first two are issue 14's peers: what a JS team would use instead.
export const PEERS = {
  "zod + libphonenumber-js/min": "zod-libphonenumber-min",
  "valibot + libphonenumber-js/min": "valibot-libphonenumber-min",
  "zod + libphonenumber-js/max": "zod-libphonenumber-max",
  "zod + E.164 regex": "zod-regex",
  "valibot + E.164 regex": "valibot-regex",
};
export const PEER_LABELS = Object.keys(PEERS);
