// valibot + the same E.164 regex, the same rules as the zod stacks.
import * as v from "valibot";
import { codePointsAtMost, E164, lowerCaseDomain, MAX_METADATA_KEYS, stripPhoneFormatting } from "./common.mjs";

const candidate = v.object({
  name: v.pipe(v.string(), v.trim(), v.minLength(1, "Enter the candidate's name.")),
  email: v.pipe(v.string(), v.trim(), v.email(), v.transform(lowerCaseDomain)),
  phone_number: v.nullish(v.pipe(v.string(), v.transform(stripPhoneFormatting), v.regex(E164, "Enter a phone number like +44 20 7946 0958."))),
  metadata: v.nullish(
    v.pipe(
      v.record(
        v.pipe(v.string(), v.minLength(1, "Metadata keys cannot be empty."), v.check(codePointsAtMost(40), "Metadata keys can be at most 40 characters.")),
        v.pipe(v.string(), v.check(codePointsAtMost(500), "Metadata values can be at most 500 characters.")),
      ),
      v.check((m) => Object.keys(m).length <= MAX_METADATA_KEYS, `Metadata can have at most ${MAX_METADATA_KEYS} keys.`),
    ),
  ),
  data: v.nullish(v.record(v.string(), v.unknown())),
});
const candidates = v.pipe(v.array(candidate), v.minLength(1));

export const validateCandidate = (input) => v.safeParse(candidate, input);
export const validateCandidates = (input) => v.safeParse(candidates, input);
