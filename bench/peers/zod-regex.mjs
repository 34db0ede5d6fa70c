// zod v4 + an E.164 regex after removing formatting.
import { z } from "zod";
import { E164, stripPhoneFormatting } from "./common.mjs";
import { zodCandidate } from "./zod.mjs";

export const { validateCandidate, validateCandidates } = zodCandidate(
  z.string().transform(stripPhoneFormatting).pipe(z.string().regex(E164, "Enter a phone number like +44 20 7946 0958.")),
);
