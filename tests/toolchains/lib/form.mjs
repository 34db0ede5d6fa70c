// Drives the README's application form in headless Chromium the way a person
// would: types a bad candidate and expects the issues (as you type, from
// heymilo-ingest/validate, and again on submit, from heymilo-ingest), then a
// good one, submits, and expects the sandbox to hold it and the page to go
// to the interview.
export const GOOD = { name: "Ada Lovelace", email: "ada@example.com", phone_number: "020 7946 0958" };
export const GOOD_E164 = "+442079460958";
export const BAD = { name: " ", email: "ada@example", phone_number: "12" };
const INTERVIEW = /^https:\/\/candidates\.heymilo\.io\//;

/**
 * @param browser a playwright Browser
 * @param url the page
 * @param sandbox the suite's sandbox (to see what arrived)
 * @param asYouType whether the page validates on input too
 */
export async function checkForm(browser, url, sandbox, { asYouType }) {
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (error) => errors.push(String(error.stack ?? error)));
  page.on("console", (message) => message.type() === "error" && errors.push(message.text()));
  // The interview page is HeyMilo's; here it is a stand-in.
  await page.route(INTERVIEW, (route) => route.fulfill({ contentType: "text/html", body: "<title>interview</title>" }));
  const explain = (what) => new Error(`${url}: ${what}${errors.length ? `\npage errors:\n${errors.join("\n")}` : ""}`);
  try {
    await page.goto(url);
    const issues = () => page.locator("#issues").textContent();
    const fill = async (candidate) => {
      for (const [name, value] of Object.entries(candidate)) await page.fill(`[name=${name}]`, value);
    };
    // Polls `check` for up to 15 s; the modules may still be loading their wasm when the page shows.
    const eventually = async (what, check, act = async () => {}) => {
      const deadline = Date.now() + 15_000;
      for (;;) {
        await act();
        if (await check()) return;
        if (Date.now() > deadline || errors.length) throw explain(what);
        await page.waitForTimeout(150);
      }
    };
    const lines = async () => (await issues()).split("\n").filter(Boolean).length;
    const stored = sandbox.candidates().length;

    if (asYouType) {
      await eventually("typing a bad candidate showed no issues", async () => (await lines()) >= 2, () => fill(BAD));
      await page.evaluate(() => (document.querySelector("#issues").textContent = ""));
    } else {
      await fill(BAD);
    }
    await eventually("submitting a bad candidate showed no issues", async () => (await lines()) >= 2, () => page.click("button"));
    if (sandbox.candidates().length !== stored) throw explain("a bad candidate reached the sandbox");

    await fill(GOOD);
    if (asYouType) await eventually("a good candidate still shows issues", async () => (await lines()) === 0);
    await page.click("button");
    await page.waitForURL(INTERVIEW, { timeout: 15_000 }).catch(() => {
      throw explain("submitting a good candidate did not go to the interview");
    });
    const arrived = sandbox.candidates().slice(stored);
    if (!(arrived.length === 1 && arrived[0].email === GOOD.email && arrived[0].phone_number === GOOD_E164)) {
      throw explain(`the sandbox received ${JSON.stringify(arrived)}`);
    }
    if (errors.length) throw explain("errors on the page");
  } finally {
    await page.close();
  }
}

/** Loads a page that must fail to start, and returns its first page error. */
export async function firstPageError(browser, url) {
  const page = await browser.newPage();
  try {
    const failed = new Promise((resolve) => page.once("pageerror", (error) => resolve(String(error.message ?? error))));
    await page.goto(url);
    return await Promise.race([failed, page.waitForTimeout(15_000).then(() => undefined)]);
  } finally {
    await page.close();
  }
}
