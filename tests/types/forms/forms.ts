// Compiled with `tsc --strict` (make lint) against the form libraries users
// pair with candidateSchema: each takes it with no cast, and infers the
// candidate types from it. skipLibCheck only spares checking the libraries'
// own .d.ts files; this file and pkg/index.d.ts are checked in full.
import { standardSchemaResolver } from "@hookform/resolvers/standard-schema";
import type { StandardJSONSchemaV1 as SpecJSONSchema, StandardSchemaV1 as SpecSchema, StandardTypedV1 as SpecTyped } from "@standard-schema/spec";
import { FormApi } from "@tanstack/form-core";
import { useForm } from "react-hook-form";
import {
  candidateSchema,
  createCandidateSchema,
  type CandidateIngestRequest,
  type CandidateInput,
  type StandardJSONSchemaV1,
  type StandardSchemaV1,
  type StandardTypedV1,
} from "../../../pkg/index.js";

/** True when A and B are the same type (not merely assignable one way). */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const holds = <T extends true>(): T => true as T;

// The copied interfaces are the spec's own, at every level users touch.
holds<Equal<StandardSchemaV1<CandidateInput, CandidateIngestRequest>, SpecSchema<CandidateInput, CandidateIngestRequest>>>();
holds<Equal<StandardJSONSchemaV1<CandidateInput, CandidateIngestRequest>, SpecJSONSchema<CandidateInput, CandidateIngestRequest>>>();
holds<Equal<StandardTypedV1<CandidateInput, CandidateIngestRequest>, SpecTyped<CandidateInput, CandidateIngestRequest>>>();
holds<Equal<StandardSchemaV1.Props<CandidateInput>, SpecSchema.Props<CandidateInput>>>();
holds<Equal<StandardSchemaV1.Result<CandidateIngestRequest>, SpecSchema.Result<CandidateIngestRequest>>>();
holds<Equal<StandardSchemaV1.Issue, SpecSchema.Issue>>();
holds<Equal<StandardJSONSchemaV1.Converter, SpecJSONSchema.Converter>>();
holds<Equal<StandardJSONSchemaV1.Options, SpecJSONSchema.Options>>();
holds<Equal<StandardJSONSchemaV1.Target, SpecJSONSchema.Target>>();
holds<Equal<SpecSchema.InferInput<typeof candidateSchema>, CandidateInput>>();
holds<Equal<SpecSchema.InferOutput<typeof candidateSchema>, CandidateIngestRequest>>();
holds<Equal<StandardSchemaV1.InferOutput<typeof candidateSchema>, CandidateIngestRequest>>();

// Both Standard interfaces, as the spec's package declares them.
const asSchema: SpecSchema<CandidateInput, CandidateIngestRequest> = candidateSchema;
const asJsonSchema: SpecJSONSchema<CandidateInput, CandidateIngestRequest> = createCandidateSchema({ defaultCountry: "GB" });
const inputSchema: Record<string, unknown> = asJsonSchema["~standard"].jsonSchema.input({ target: "draft-2020-12" });
void asSchema;
void inputSchema;

// validate is synchronous, so a caller needs no await.
const result = candidateSchema["~standard"].validate({ name: "Ada", email: "ada@example.com" });
if (result.issues) result.issues.forEach((issue) => issue.code.length);
else result.value.email.toLowerCase();

// react-hook-form 7 with @hookform/resolvers 5: the field values are the
// input, handleSubmit gets the normalized candidate.
export function useCandidateForm() {
  const form = useForm({
    resolver: standardSchemaResolver(createCandidateSchema({ defaultCountry: "GB" })),
    defaultValues: { name: "", email: "", phone_number: "" },
  });
  form.register("phone_number");
  const emailError: string | undefined = form.formState.errors.email?.message;
  void emailError;
  const submit = form.handleSubmit((candidate) => {
    const sent: CandidateIngestRequest = candidate;
    const phone: string | undefined = candidate.phone_number;
    void sent;
    void phone;
  });
  return submit;
}
export function useTypedCandidateForm() {
  return useForm<CandidateInput, unknown, CandidateIngestRequest>({ resolver: standardSchemaResolver(candidateSchema) });
}

// TanStack Form (form-core 1): the form-level validators. It infers the
// form's type from defaultValues alone, so they are declared as the
// schema's input (with inferred `{ name: string; … }` the schema, whose
// fields are optional, would not fit).
const defaultValues: CandidateInput = { name: "", email: "", phone_number: "" };
const tanstack = new FormApi({
  defaultValues,
  validators: { onChange: candidateSchema, onSubmit: createCandidateSchema({ defaultCountry: "US" }) },
  onSubmit: ({ value }) => {
    const name: string | undefined = value.name;
    void name;
  },
});
tanstack.mount();
