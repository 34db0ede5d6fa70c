// valibot + libphonenumber-js with its "min" metadata (isValidPhoneNumber):
// issue 14's second peer, the same phone check as zod + libphonenumber-js/min.
import * as v from "valibot";
import { isValidPhoneNumber } from "libphonenumber-js/min";
import { valibotCandidate } from "./valibot.mjs";

export const { validateCandidate, validateCandidates } = valibotCandidate(
  v.pipe(v.string(), v.check((value) => isValidPhoneNumber(value), "Enter a valid phone number.")),
);
