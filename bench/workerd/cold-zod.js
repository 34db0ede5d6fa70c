// Cold start in workerd of the peer issue 14 compares against: zod +
// libphonenumber-js/min imported (the bundle evaluated at start-up) and its
// first parse on the first request, measured as bench/workerd/cold.js is.
import { validateCandidate } from "__BENCH__/peers/zod-libphonenumber-min.mjs";

const ada = { name: "Ada Lovelace", email: "ada@example.com", phone_number: "+44 20 7946 0958" };

export default {
  fetch: () => new Response(validateCandidate(ada).success ? "ok" : "invalid"),
};
