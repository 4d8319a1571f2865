// Shared by the browser tests that walk through a flow step by step (register.test.mjs,
// approvals.test.mjs): the server and administrator from run.sh's environment, organisasjonsnumre,
// page helpers that find things the way people do (by role, label and text), and browserFlow(),
// which launches Chromium for the file and checks and saves every page of the flow.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, randomInt } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { axeViolations, describeViolations, launchChromium } from './support.mjs';

export const base = process.env.HK_BASE_URL;
export const adminEmail = process.env.HK_ADMIN_EMAIL;
export const adminPassword = process.env.HK_ADMIN_PASSWORD;
const htmlDir = process.env.HK_HTML_DIR || '';
if (!base || !adminEmail || !adminPassword) {
  throw new Error('HK_BASE_URL, HK_ADMIN_EMAIL and HK_ADMIN_PASSWORD must be set (run run.sh)');
}

// ---- The server's clock ----------------------------------------------------------------------

// run.sh starts the server with a clock of its own (HELSEKRAV_TEST_NOW, a fixed instant that
// then advances), so no result depends on the day the tests run. `today` is its date.
export const today = (process.env.HELSEKRAV_TEST_NOW || '').slice(0, 10);
if (!/^\d{4}-\d{2}-\d{2}$/.test(today)) {
  throw new Error('HELSEKRAV_TEST_NOW must be set (run run.sh)');
}

// The server's now in milliseconds since the epoch: the Date header of a response.
export async function serverNow() {
  const response = await fetch(`${base}/healthz`);
  const date = response.headers.get('date');
  assert.ok(date, 'the server sends a Date header');
  return Date.parse(date);
}

// ---- The second factor (TOTP) ----------------------------------------------------------------

const totpDir = process.env.HK_TOTP_DIR || '';

// The RFC 6238 code (HMAC-SHA-1, 6 digits, 30 s) of a base32 secret at time step `step`.
export function totpCode(secret, step) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of secret.replace(/[ =]/g, '').toUpperCase()) {
    bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  }
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac('sha1', key).update(counter).digest();
  const offset = mac[mac.length - 1] & 15;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1000000).padStart(6, '0');
}

// After a right password, admins get the code page: enrol with the shown secret the first time
// (kept in HK_TOTP_DIR for the later test files), then enter a code of a step not used before
// (the server refuses a step twice and accepts the one after now's).
export async function answerSecondFactor(page, email) {
  const m = page.getByRole('main');
  if (await page.locator('input[name="challenge"]').count() === 0) return;
  assert.ok(totpDir, 'HK_TOTP_DIR must be set (run run.sh)');
  const file = join(totpDir, email);
  const shown = await page.locator('input[name="hemmelighet"]').inputValue();
  const saved = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : { last: -1 };
  const secret = shown || saved.secret;
  assert.ok(secret, `no TOTP secret known for ${email}`);
  // The step comes from the server's clock, not this machine's.
  const serverStep = async () => Math.floor(await serverNow() / 30000);
  const step = Math.max(await serverStep(), saved.last + 1);
  while (step > await serverStep() + 1) await new Promise((r) => setTimeout(r, 1000));
  writeFileSync(file, JSON.stringify({ secret, last: step }));
  await m.getByLabel('Kode', { exact: true }).fill(totpCode(secret, step));
  await submit(page, m.getByRole('button', { name: 'Logg inn', exact: true }));
}

// ---- Organisasjonsnumre ----------------------------------------------------------------------

// The mod-11 check digit of the first 8 digits of an organisasjonsnummer, or null when there
// is none (remainder 1); the same algorithm as ValidateOrgnr in src/domain/identifiers.cc.
export function orgnrCheckDigit(first8) {
  const weights = [3, 2, 7, 6, 5, 4, 3, 2];
  const sum = weights.reduce((s, w, i) => s + w * Number(first8[i]), 0);
  const check = (11 - (sum % 11)) % 11;
  return check === 10 ? null : check;
}

// A random valid organisasjonsnummer starting with `first` (so a test can run twice against the
// same server) that is not in `taken`.
export function randomOrgnr(first, taken = new Set()) {
  for (;;) {
    const first8 = `${first}${String(randomInt(0, 10_000_000)).padStart(7, '0')}`;
    const check = orgnrCheckDigit(first8);
    if (check !== null && !taken.has(first8 + check)) return first8 + check;
  }
}

// ---- Page helpers ----------------------------------------------------------------------------

export function path(page) {
  return new URL(page.url()).pathname;
}

export function main(page) {
  return page.getByRole('main');
}

// Activates a submit button (or link) from the keyboard, as a keyboard user would, and waits for
// the page it leads to; returns its response. A mouse click lands on coordinates and was lost
// now and then when the layout moved between aiming and clicking; Enter on the focused element
// cannot miss.
// The page it leads to must answer `status` (after redirects).
export async function submit(page, locator, status = 200) {
  const from = page.url();
  const [response] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }),
                                        locator.press('Enter')]);
  assert.ok(response, `a response after clicking on ${from}`);
  assert.equal(response.status(), status, `${from} led to ${page.url()}: HTTP ${response.status()}`);
  return response;
}

// Opens base + `target` (a path) and asserts the HTTP status of the page (after redirects);
// returns the response. Every page a browser test opens goes through here.
export async function visit(page, target, status = 200) {
  const response = await page.goto(base + target);
  assert.ok(response, `no response for ${target}`);
  assert.equal(response.status(), status, `${target}: HTTP ${response.status()}`);
  return response;
}

// The text of the <dd> after the <dt> `term` in the page's first fact list.
export async function fact(page, term) {
  return (await page.locator(`main dl.hk-facts dt:text-is("${term}") + dd`).first().innerText())
      .trim();
}

export async function alertText(page) {
  return (await page.locator('main .ds-alert').allInnerTexts()).join('\n');
}

// ---- The flow --------------------------------------------------------------------------------

// Sets up a test file's flow: Chromium for the file (launched before its tests, closed with every
// page after them) and the functions its steps use.
//   pages:  [name, description] of every page the flow checks with checkPage;
//   prefix: the start of the saved HTML files' names in HK_HTML_DIR.
// Returns
//   newPage():              a page in a new browser context (its own cookies), Norwegian locale;
//   step(name, fn):         a test that is skipped once an earlier step has failed (the steps
//                           run in order and share state);
//   checkPage(page, name):  saves the page's HTML for the Nu checker and runs axe on it;
//   axeTests(title):        a describe block with one test per page: 0 axe violations (call it
//                           after the flow's steps).
export function browserFlow({ pages, prefix }) {
  let browser;
  const contexts = [];
  const documentResponses = new WeakMap();  // page → the response of its current document
  const axeResults = new Map();  // page name → { url, violations }
  let broken = '';

  before(async () => {
    browser = await launchChromium();
  });
  after(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    await browser?.close();
  });

  async function newPage() {
    const context = await browser.newContext({ locale: 'nb-NO' });
    context.setDefaultTimeout(30_000);
    context.setDefaultNavigationTimeout(60_000);
    contexts.push(context);
    const page = await context.newPage();
    page.on('response', (response) => {
      if (response.request().isNavigationRequest() && response.frame() === page.mainFrame() &&
          (response.status() < 300 || response.status() >= 400)) {
        documentResponses.set(page, response);
      }
    });
    return page;
  }

  function step(name, fn) {
    test(name, { timeout: 120_000 }, async (t) => {
      if (broken) {
        t.skip(`hoppet over: «${broken}» feilet`);
        return;
      }
      try {
        await fn();
      } catch (error) {
        broken = name;
        throw error;
      }
    });
  }

  // The HTML saved is the server's response body as sent (page.content() would be the browser's
  // re-serialised DOM, which hides some parse errors); the DOM is the fallback when the body is
  // not available.
  async function checkPage(page, name) {
    assert.ok(pages.some(([n]) => n === name), `${name} is listed in pages`);
    if (htmlDir) {
      const response = documentResponses.get(page);
      let html = '';
      if (response && response.url() === page.url()) {
        html = await response.text().catch(() => '');
      }
      writeFileSync(join(htmlDir, `${prefix}-${name}.html`), html || await page.content());
    }
    axeResults.set(name, { url: page.url(), violations: await axeViolations(page) });
  }

  function axeTests(title) {
    describe(title, () => {
      for (const [name, description] of pages) {
        test(`${description} har 0 brudd`, (t) => {
          const result = axeResults.get(name);
          if (!result) {
            t.skip('siden ble ikke besøkt fordi flyten stoppet');
            return;
          }
          assert.equal(result.violations.length, 0,
                       `${result.url}: ${result.violations.length} axe violations:\n` +
                           describeViolations(result.violations));
        });
      }
    });
  }

  return { newPage, step, checkPage, axeTests };
}
