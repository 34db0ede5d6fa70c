// valibot as a JS team would write the CandidateIngestRequest rules, the same
// rules as the zod stacks (bench/peers/zod.mjs), with a given phone check.
import * as v from "valibot";
import { codePointsAtMost, lowerCaseDomain, MAX_METADATA_KEYS } from "./common.mjs";

/** @param phone the phone_number schema (a valibot string pipe) */
export function valibotCandidate(phone) {
  const candidate = v.object({
    name: v.pipe(v.string(), v.trim(), v.minLength(1, "Enter the candidate's name.")),
    email: v.pipe(v.string(), v.trim(), v.email(), v.transform(lowerCaseDomain)),
    phone_number: v.nullish(phone),
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
  return {
    validateCandidate: (input) => v.safeParse(candidate, input),
    validateCandidates: (input) => v.safeParse(candidates, input),
  };
}
