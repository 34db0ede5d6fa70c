// zod v4 as a JS team would write the CandidateIngestRequest rules: trimmed
// non-blank name, z.email(), a phone check (libphonenumber-js or a regex),
// metadata as a record with code-point limits, data as an object. Unknown keys
// are stripped (z.object's default), as the server drops them.
import { z } from "zod";
import { codePointsAtMost, lowerCaseDomain, MAX_METADATA_KEYS } from "./common.mjs";

/** @param {z.ZodType} phone the phone_number schema */
export function zodCandidate(phone) {
  const candidate = z.object({
    name: z.string().trim().min(1, "Enter the candidate's name."),
    email: z.string().trim().pipe(z.email()).transform(lowerCaseDomain),
    phone_number: phone.nullish(),
    metadata: z
      .record(
        z.string().min(1, "Metadata keys cannot be empty.").refine(codePointsAtMost(40), "Metadata keys can be at most 40 characters."),
        z.string().refine(codePointsAtMost(500), "Metadata values can be at most 500 characters."),
      )
      .refine((m) => Object.keys(m).length <= MAX_METADATA_KEYS, `Metadata can have at most ${MAX_METADATA_KEYS} keys.`)
      .nullish(),
    data: z.record(z.string(), z.unknown()).nullish(),
  });
  const candidates = z.array(candidate).min(1);
  return {
    validateCandidate: (input) => candidate.safeParse(input),
    validateCandidates: (input) => candidates.safeParse(input),
  };
}
