// zod v4 + libphonenumber-js with its "max" metadata (isValidPhoneNumber).
import { z } from "zod";
import { isValidPhoneNumber } from "libphonenumber-js/max";
import { zodCandidate } from "./zod.mjs";

export const { validateCandidate, validateCandidates } = zodCandidate(
  z.string().refine((value) => isValidPhoneNumber(value), "Enter a valid phone number."),
);
