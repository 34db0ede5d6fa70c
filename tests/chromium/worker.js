// A module worker (dedicated or shared) for tests/js/chromium-client.test.mjs:
// the browser build inside a WorkerGlobalScope, where an apiKey is as
// readable as in a page and must be refused the same way.
const sandbox = new URL(location.href).searchParams.get("sandbox");
const ada = { name: "Ada", email: "ada@example.com", phone_number: "+44 20 7946 0958" };
const outcome = async (promise) => {
  try {
    await promise;
    return { ok: true };
  } catch (error) {
    return { ok: false, name: error?.name, message: String(error?.message ?? error) };
  }
};
const results = (async () => {
  const api = await import("/pkg/dist/entry-browser.js");
  const common = { baseUrl: sandbox, postingId: "p1", candidate: ada };
  return {
    scope: self.constructor.name,
    guard: await outcome(api.ingestCandidate({ ...common, apiKey: "sk_browser_test" })),
    guardAsync: await outcome(api.ingestCandidateAsync({ ...common, apiKey: "sk_browser_test" })),
    allowed: await outcome(api.ingestCandidate({ ...common, apiKey: "sk_browser_test", dangerouslyAllowBrowser: true })),
    withoutKey: await outcome(api.ingestCandidate({ ...common, baseUrl: `${sandbox}/nowhere` })),
  };
})().catch((error) => ({ failure: String(error?.stack ?? error) }));
if (typeof SharedWorkerGlobalScope === "function" && self instanceof SharedWorkerGlobalScope) {
  self.onconnect = async (event) => event.ports[0].postMessage(await results);
} else {
  results.then((value) => postMessage(value));
}
