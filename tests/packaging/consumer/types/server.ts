// A server's view of the package, by name, with no custom condition: the
// sandbox and the edge handler are there.
import { createSandbox, handleIngestRequest, validateCandidate } from "heymilo-ingest";
import { handleIngestRequest as edgeHandler } from "heymilo-ingest/edge";
import { validateCandidate as validateOnly } from "heymilo-ingest/validate";

export const checked = [createSandbox, handleIngestRequest, validateCandidate, edgeHandler, validateOnly];
