// The baseline for the cold-start difference: a worker without the package.
export default {
  fetch: () => new Response("ok"),
};
