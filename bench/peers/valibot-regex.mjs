// valibot + the same E.164 regex, the same rules as the zod stacks.
import * as v from "valibot";
import { E164, stripPhoneFormatting } from "./common.mjs";
import { valibotCandidate } from "./valibot.mjs";

export const { validateCandidate, validateCandidates } = valibotCandidate(
  v.pipe(v.string(), v.transform(stripPhoneFormatting), v.regex(E164, "Enter a phone number like +44 20 7946 0958.")),
);
