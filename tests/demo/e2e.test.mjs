// The demo end to end: www/serve.mjs starts the Worker in workerd (wrangler
// dev, sandbox upstream), headless Chromium fills in the careers form, and the
// candidate is followed from the browser's ingestCandidate (no key) through
// handleIngestRequest in workerd to the sandbox's store.
//
//   node --test tests/demo/     (the .test.mjs name is what makes node find it)
//
// Screenshots: test-output/demo/*.png
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { createServer } from "node:net";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { startDemo } from "../../www/serve.mjs";

const root = resolve(fileURLToPath(new URL("../..", import.meta.url)));
const shots = join(root, "test-output/demo");
const { chromium } = await import(join(root, "node_modules/playwright-core/index.mjs"));

const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 375, height: 812 };

let demo;
let browser;
const pages = [];

// workerd runs in its own process group (see serve.mjs), so a Ctrl-C on the
// test run does not reach it: stop it here before going down.
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.once(signal, async () => {
    await Promise.allSettled([browser?.close(), demo?.stop()]);
    process.exit(130);
  });
}

before(async () => {
  mkdirSync(shots, { recursive: true });
  // env: {} — always the sandbox, whatever HEYMILO_* the caller has set.
  demo = await startDemo({ port: await freePort(), env: {}, timeoutMs: 60_000 });
  assert.equal(demo.upstream, "sandbox");
  browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
});

after(async () => {
  await browser?.close().catch(() => {});
  await demo?.stop();
});

async function freePort() {
  const server = createServer();
  await new Promise((ready) => server.listen(0, "127.0.0.1", ready));
  const { port } = server.address();
  await new Promise((done) => server.close(done));
  return port;
}

/** A fresh page on the demo, loaded and ready; page errors are collected. */
async function openPage(viewport = DESKTOP) {
  const context = await browser.newContext({ viewport, locale: "en-US" });
  const page = await context.newPage();
  page.problems = [];
  page.on("pageerror", (error) => page.problems.push(String(error)));
  page.on("console", (message) => {
    if (message.type() === "error") page.problems.push(message.text());
  });
  pages.push(page);
  // Generous limits: on a loaded 2-core machine workerd can be slow to serve the wasm.
  await page.goto(`${demo.url}/`, { waitUntil: "domcontentloaded", timeout: 60_000 });
  await page.waitForSelector("html[data-ready]", { timeout: 60_000 });
  return page;
}

async function closePage(page, { allow = [] } = {}) {
  const problems = page.problems.filter((p) => !allow.some((pattern) => pattern.test(p)));
  await page.context().close();
  assert.deepEqual(problems, [], "no errors in the page");
}

const storedCandidates = async () => (await fetch(`${demo.url}/sandbox/candidates`)).json();
// What Cloudflare's test sitekeys issue; the page sends it in sandbox mode.
const DUMMY_TOKEN = "XXXX.DUMMY.TOKEN.XXXX";
const invalid = (page, selector) => page.locator(selector).getAttribute("aria-invalid");

test("the empty form loads the package from the import map, in sandbox mode", async () => {
  const page = await openPage();
  assert.equal(await page.locator("#submit").isEnabled(), true);
  assert.equal(await page.locator("#inspector").isVisible(), true);
  assert.match(await page.locator("#inspector-status").textContent(), /Nothing received yet/);
  assert.equal(await page.locator("#phone-country").inputValue(), "US");
  assert.equal(await page.locator("#turnstile-note").isVisible(), true, "the page says it sends the dummy Turnstile token");
  assert.match(await page.locator("#turnstile-note").textContent(), /XXXX\.DUMMY\.TOKEN\.XXXX/);
  // Nothing is flagged before the person has typed anything.
  assert.equal(await page.locator('[aria-invalid="true"]').count(), 0);
  await page.screenshot({ path: join(shots, "01-empty-form.png"), fullPage: true });
  await closePage(page);
});

test("an invalid email and a too-short phone are flagged under their fields as you type", async () => {
  const page = await openPage();
  await page.locator("#email").pressSequentially("ada.lovelace@example");
  await page.locator("#phone").pressSequentially("555 12");
  await page.waitForSelector('#email[aria-invalid="true"]');
  await page.waitForSelector('#phone[aria-invalid="true"]');
  assert.equal(await page.locator("#email-msg").textContent(), "The part after the @-sign is not valid. It should have a period.");
  assert.equal(await page.locator("#phone-msg").textContent(), "This phone number is too short.");
  for (const [input, msg] of [["#email", "email-msg"], ["#phone", "phone-msg"]]) {
    assert.ok((await page.locator(input).getAttribute("aria-describedby")).split(" ").includes(msg));
  }
  // The name was not touched: no message for it yet.
  assert.equal(await invalid(page, "#name"), null);
  assert.equal(await page.locator("#name-msg").textContent(), "");

  // A likely typo is a hint, not an error, and one click fixes it.
  await page.locator("#email").fill("ada.lovelace@gmial.com");
  await page.waitForFunction(() => document.querySelector("#email-msg").dataset.kind === "warning");
  assert.equal(await invalid(page, "#email"), null);
  assert.match(await page.locator("#email-msg").textContent(), /Did you mean @gmail\.com\?/);
  await page.locator("#email-msg button").click();
  assert.equal(await page.locator("#email").inputValue(), "ada.lovelace@gmail.com");
  await page.locator("#email").fill("ada.lovelace@example");
  await page.waitForSelector('#email[aria-invalid="true"]');

  // Submitting shows every problem and moves focus to the first one.
  await page.locator("#submit").click();
  assert.equal(await invalid(page, "#name"), "true");
  assert.equal(await page.locator("#name-msg").textContent(), "Enter your full name.");
  assert.equal(await page.evaluate(() => document.activeElement.id), "name");
  assert.match(await page.locator("#form-banner").textContent(), /fix the 3 highlighted fields/);
  await page.screenshot({ path: join(shots, "02-form-with-errors.png"), fullPage: true });
  assert.deepEqual(await storedCandidates(), [], "nothing was sent");
  await closePage(page);
});

test("once fixed, the browser's ingestCandidate reaches the sandbox through the Worker exactly once", async () => {
  const page = await openPage();
  const posts = [];
  page.on("request", (request) => {
    if (request.method() === "POST") posts.push({ url: request.url(), headers: request.headers(), body: request.postData() });
  });
  await page.locator("#name").pressSequentially("Ada Lovelace");
  await page.locator("#email").pressSequentially("ada.lovelace@example");
  await page.locator("#phone").pressSequentially("555 12");
  await page.waitForSelector('#phone[aria-invalid="true"]');
  // Fix both.
  await page.locator("#email").fill("Ada.Lovelace@Example.COM");
  await page.locator("#phone-country").selectOption("US");
  await page.locator("#phone").fill("(415) 555-2671");
  await page.waitForFunction(() => !document.querySelector("#email[aria-invalid], #phone[aria-invalid]"));
  assert.equal(await page.locator("#phone-preview").textContent(), "We'll save it as +14155552671");
  await page.locator("#meta-add").click();
  await page.locator("#meta-key-1").fill("portfolio");
  await page.locator("#meta-value-1").fill("https://ada.example/work");
  assert.equal(await page.locator("#meta-key-1-count").textContent(), "9 / 40");

  await page.locator("#submit").click();
  await page.waitForSelector("#success-view:not([hidden])", { timeout: 15_000 });
  const href = await page.locator("#interview-link").getAttribute("href");
  assert.match(href, /^https:\/\/\S+$/);
  assert.equal(await page.locator("#interview-url").textContent(), href);
  assert.equal(await page.evaluate(() => document.activeElement.id), "success-title");

  // One POST, to the site's own endpoint, without a key.
  assert.equal(posts.length, 1);
  assert.equal(new URL(posts[0].url).pathname, "/heymilo/api/v2/postings/demo-careers-posting/candidates");
  assert.equal(posts[0].headers.authorization, undefined);
  assert.equal(posts[0].headers["cf-turnstile-response"], DUMMY_TOKEN, "the Worker verified this token first");
  assert.equal(JSON.stringify(posts[0]).includes("sk_"), false);
  assert.equal(JSON.parse(posts[0].body).phone_number, "+14155552671", "the browser already sends E.164");

  const stored = await storedCandidates();
  assert.equal(stored.length, 1, "the sandbox received the candidate exactly once");
  assert.equal(stored[0].name, "Ada Lovelace");
  assert.equal(stored[0].email, "Ada.Lovelace@example.com");
  assert.equal(stored[0].phone_number, "+14155552671");
  assert.deepEqual(stored[0].metadata, { portfolio: "https://ada.example/work" });
  assert.equal(stored[0].interview_url, href);

  // The inspector shows the same candidate.
  await page.waitForFunction(() => document.querySelectorAll("#inspector-list li").length === 1);
  assert.match(await page.locator("#inspector-list").textContent(), /\+14155552671/);
  await page.screenshot({ path: join(shots, "03-success.png"), fullPage: true });
  await closePage(page);
});

test("a 51st additional-information row is refused with a message", async () => {
  const page = await openPage();
  const add = page.locator("#meta-add");
  // The first 50 by script (fast); the one that matters by a real click.
  await page.evaluate(() => {
    for (let i = 0; i < 50; i++) document.querySelector("#meta-add").click();
  });
  assert.equal(await page.locator("#meta-rows > li").count(), 50);
  assert.equal(await page.locator("#meta-msg").textContent(), "");
  assert.equal(await page.locator("#meta-count").textContent(), "50 / 50 items");
  await add.click();
  assert.equal(await page.locator("#meta-rows > li").count(), 50);
  assert.equal(await page.locator("#meta-msg").textContent(), "You can add at most 50 items.");

  // Per-row limits count code points, as HeyMilo does: 40 emoji are 40 characters.
  await page.locator("#meta-key-1").fill("😀".repeat(41));
  assert.equal(await page.locator("#meta-key-1-count").textContent(), "41 / 40");
  await page.waitForSelector('#meta-key-1[aria-invalid="true"]');
  assert.equal(await page.locator("#meta-key-1-msg").textContent(), "At most 40 characters.");
  await page.locator("#meta-key-1").fill("😀".repeat(40));
  await page.waitForFunction(() => !document.querySelector("#meta-key-1").hasAttribute("aria-invalid"));

  // Removing a row lifts the refusal.
  await page.locator('#meta-rows > li:last-child button.remove').click();
  assert.equal(await page.locator("#meta-rows > li").count(), 49);
  assert.equal(await page.locator("#meta-msg").textContent(), "");
  await closePage(page);
});

test("keyboard only: Tab through the form, add an item with Enter, submit with Enter", async () => {
  const before = (await storedCandidates()).length;
  const page = await openPage();
  const focused = () => page.evaluate(() => document.activeElement?.id ?? "");
  const tabTo = async (id, limit = 12) => {
    for (let i = 0; i < limit && (await focused()) !== id; i++) await page.keyboard.press("Tab");
    assert.equal(await focused(), id, `Tab reaches #${id}`);
  };
  await tabTo("name");
  await page.keyboard.type("Grace Hopper");
  await page.keyboard.press("Tab");
  assert.equal(await focused(), "email");
  await page.keyboard.type("grace@example.org");
  await page.keyboard.press("Tab");
  assert.equal(await focused(), "phone-country");
  await page.keyboard.press("Tab");
  assert.equal(await focused(), "phone");
  await page.keyboard.type("212 555 0100");
  await page.keyboard.press("Tab");
  assert.equal(await focused(), "meta-add");
  await page.keyboard.press("Enter");
  assert.equal(await focused(), "meta-key-1");
  await page.keyboard.type("notice period");
  await page.keyboard.press("Tab");
  await page.keyboard.type("2 weeks");
  await page.keyboard.press("Enter");
  await page.waitForSelector("#success-view:not([hidden])", { timeout: 15_000 });
  assert.equal(await focused(), "success-title");

  const stored = await storedCandidates();
  assert.equal(stored.length, before + 1);
  assert.equal(stored.at(-1).phone_number, "+12125550100");
  assert.deepEqual(stored.at(-1).metadata, { "notice period": "2 weeks" });
  await closePage(page);
});

test("edge refusals map back onto the form: no Turnstile token, 422 issues, 429 wait, a refused token, lost connection keeps the answers", async () => {
  const page = await openPage();
  const fill = async () => {
    await page.locator("#name").fill("Katherine Johnson");
    await page.locator("#email").fill("katherine@example.net");
  };
  await fill();

  const endpoint = `${demo.url}/heymilo/api/v2/postings/demo-careers-posting/candidates`;
  // Without a Turnstile token the Worker refuses before it reads the application.
  const storedBefore = (await storedCandidates()).length;
  const noToken = await fetch(endpoint, {
    method: "POST",
    headers: { "content-type": "application/json", origin: demo.url },
    body: JSON.stringify({ name: "Katherine Johnson", email: "katherine@example.net" }),
  });
  assert.equal(noToken.status, 403);
  assert.equal((await noToken.json()).error.code, "turnstile_token_missing");
  assert.equal((await storedCandidates()).length, storedBefore, "nothing reached the sandbox");

  // A real 422 from the Worker (its validation refused an email), replayed to the page.
  const refusal = await fetch(endpoint, {
    method: "POST",
    headers: { "content-type": "application/json", origin: demo.url, "cf-turnstile-response": DUMMY_TOKEN },
    body: JSON.stringify({ name: "K", email: "not-an-email" }),
  });
  assert.equal(refusal.status, 422);
  const refusalBody = await refusal.text();
  await page.route("**/heymilo/**", (route) => route.fulfill({ status: 422, contentType: "application/json", body: refusalBody }));
  await page.locator("#submit").click();
  await page.waitForSelector('#email[aria-invalid="true"]');
  assert.match(await page.locator("#email-msg").textContent(), /@/);
  assert.equal(await page.evaluate(() => document.activeElement.id), "email");
  assert.match(await page.locator("#form-banner").textContent(), /not accepted/);
  // Editing the field clears the server's message.
  await page.locator("#email").fill("katherine@example.com");
  await page.waitForFunction(() => !document.querySelector("#email").hasAttribute("aria-invalid"));

  await page.unroute("**/heymilo/**");
  await page.route("**/heymilo/**", (route) =>
    route.fulfill({ status: 429, contentType: "application/json", headers: { "retry-after": "120" }, body: '{"error":{"type":"rate_limit_error","code":"rate_limited","message":"Too many requests."}}' }),
  );
  await page.locator("#submit").click();
  await page.waitForFunction(() => /wait 2 minutes/.test(document.querySelector("#form-banner").textContent));
  assert.equal(await page.locator("#submit").isEnabled(), true);

  // A token siteverify refused: the page says so and keeps the answers.
  await page.unroute("**/heymilo/**");
  await page.route("**/heymilo/**", (route) =>
    route.fulfill({ status: 403, contentType: "application/json", body: '{"error":{"type":"invalid_request_error","code":"turnstile_failed","message":"The Turnstile token was not accepted."}}' }),
  );
  await page.locator("#submit").click();
  await page.waitForFunction(() => /confirm that a person sent/.test(document.querySelector("#form-banner").textContent));

  await page.unroute("**/heymilo/**");
  await page.route("**/heymilo/**", (route) => route.abort("internetdisconnected"));
  await page.locator("#submit").click();
  await page.waitForFunction(() => /couldn't reach our server/.test(document.querySelector("#form-banner").textContent), null, { timeout: 20_000 });
  assert.equal(await page.locator("#name").inputValue(), "Katherine Johnson");
  assert.equal(await page.locator("#email").inputValue(), "katherine@example.com");
  assert.equal(await page.locator("#form-view").isVisible(), true);
  // Chromium logs the failed and refused fetches to the console; they are the point here.
  await closePage(page, { allow: [/Failed to load resource/, /ERR_INTERNET_DISCONNECTED/] });
});

test("at 375 px wide nothing scrolls sideways: empty, with errors, with rows, after success", async () => {
  const page = await openPage(PHONE);
  const noSideScroll = async (state) => {
    const { scrollWidth, clientWidth } = await page.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      clientWidth: document.documentElement.clientWidth,
    }));
    assert.ok(scrollWidth <= clientWidth, `${state}: scrollWidth ${scrollWidth} > clientWidth ${clientWidth}`);
  };
  await noSideScroll("empty");
  await page.screenshot({ path: join(shots, "04-phone-empty.png"), fullPage: true });
  await page.locator("#meta-add").click();
  await page.locator("#meta-add").click();
  await page.locator("#meta-value-1").fill("x".repeat(501));
  await page.locator("#email").fill("a-very-long-address-that-keeps-going@subdomain.example.com");
  await page.locator("#submit").click();
  await page.waitForSelector('#name[aria-invalid="true"]');
  await noSideScroll("with errors");
  await page.screenshot({ path: join(shots, "05-phone-errors.png"), fullPage: true });
  await page.locator("#name").fill("Mary Jackson");
  await page.locator("#meta-key-1").fill("note");
  await page.locator("#meta-value-1").fill("Available from June");
  await page.locator("#submit").click();
  await page.waitForSelector("#success-view:not([hidden])", { timeout: 15_000 });
  await page.waitForFunction(() => document.querySelectorAll("#inspector-list details").length >= 1);
  await page.evaluate(() => document.querySelectorAll("#inspector-list details").forEach((d) => (d.open = true)));
  await noSideScroll("after success, JSON open");
  await page.screenshot({ path: join(shots, "06-phone-success.png"), fullPage: true });
  await closePage(page);
});
