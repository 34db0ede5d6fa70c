// A browser app's view of the package, by name, with the "browser" export
// condition (tsconfig.browser.json): the validators and the client are there,
// the sandbox and the edge handler are not.
import { validateCandidate, ingestCandidate, ConfigurationError } from "heymilo-ingest";
// @ts-expect-error server-only: not in the browser build's types
import { createSandbox } from "heymilo-ingest";
// @ts-expect-error server-only: not in the browser build's types
import { handleIngestRequest } from "heymilo-ingest";

export const checked = [validateCandidate, ingestCandidate, ConfigurationError, createSandbox, handleIngestRequest];
