// Browser tests of the public web, against a running server at HK_BASE_URL (run.sh starts it):
// every page type passes axe-core's WCAG 2.1 A/AA rules with 0 violations; the veiviser can be
// completed with the keyboard alone and with JavaScript disabled; search corrects a typo.
// Chromium (Debian's /usr/bin/chromium) is driven by playwright-core; every page's HTTP status is
// checked. Run by run.sh, which sets the environment flow.mjs needs.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { visit } from './flow.mjs';

const base = process.env.HK_BASE_URL;
if (!base) throw new Error('HK_BASE_URL is not set (run tests/e2e/browser/run.sh)');
const axeSource = readFileSync(new URL('../../../node_modules/axe-core/axe.min.js', import.meta.url),
                               'utf8');
const wcagTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

const answers = 'rolle=kjoper&kategori=epj-pleie-omsorg&aktor=municipality';
const resultPath =
    `/veiviser/resultat?${answers}&integrasjon=kjernejournal&integrasjon=e-resept`;
const pageTypes = [
  ['forsiden', '/'],
  ['kravlisten', '/krav'],
  ['et krav', '/krav/EHDS-01'],
  ['standardlisten', '/standarder'],
  ['en standard', '/standarder/hl7-fhir-r4'],
  ['kravprofilene', '/profiler'],
  ['en kravprofil', '/profiler/epj-pleie-omsorg'],
  ['godkjenningsordningene', '/godkjenningsordninger'],
  ['en godkjenningsordning', '/godkjenningsordninger/kjernejournal-api'],
  ['en organisasjon', '/organisasjoner/norsk-helsenett'],
  ['kommunene', '/kommuner'],
  ['veiviseren steg 1', '/veiviser'],
  ['veiviseren steg 2', '/veiviser?steg=2&rolle=kjoper'],
  ['veiviseren steg 3', '/veiviser?steg=3&rolle=kjoper&kategori=epj-pleie-omsorg'],
  ['veiviseren steg 4', `/veiviser?steg=4&${answers}`],
  ['veiviseren med feil', '/veiviser?steg=3&rolle=kjoper', 400],
  ['veiviserens resultat', resultPath],
  ['søket', '/sok?q=kjernejournal'],
  ['en side som ikke finnes', '/finnes-ikke', 404],
];

const launchArgs = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
                    '--no-first-run', '--disable-background-networking',
                    '--disable-component-update', '--disable-sync'];
let browser;

before(async () => {
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: launchArgs });
});
after(async () => {
  await browser?.close();
});

function describeViolations(violations) {
  return violations.map((v) => {
    const nodes = v.nodes.map((n) => `    ${n.target.join(' ')}\n      ${
      (n.failureSummary || '').replace(/\n/g, '\n      ')}`).join('\n');
    return `  ${v.id} (${v.impact}): ${v.help}\n  ${v.helpUrl}\n${nodes}`;
  }).join('\n');
}

describe('axe-core WCAG 2.1 A/AA', { concurrency: 2 }, () => {
  let context;
  before(async () => { context = await browser.newContext({ locale: 'nb-NO' }); });
  after(async () => { await context?.close(); });

  for (const [name, path, status = 200] of pageTypes) {
    test(`${name} (${path}) svarer ${status} og har 0 brudd`, async () => {
      const page = await context.newPage();
      try {
        const response = await visit(page, path, status);
        assert.match(response.headers()['content-type'] || '', /text\/html/);
        await page.evaluate(axeSource);  // not a <script>: the CSP allows none
        const result = await page.evaluate(
            (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags } }),
            wcagTags);
        assert.equal(result.violations.length, 0,
                     `${path}: ${result.violations.length} axe violations:\n` +
                         describeViolations(result.violations));
      } finally {
        await page.close();
      }
    });
  }
});

// Presses Tab (at most 80 times) until the focused element matches `selector`.
async function tabTo(page, selector) {
  for (let i = 0; i < 80; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
  }
  assert.fail(`Tab never reached ${selector} on ${page.url()}`);
}

// In a focused radio group, presses ArrowDown until the radio with `value` is focused (and so
// checked).
async function arrowTo(page, value) {
  for (let i = 0; i < 40; i++) {
    if (await page.evaluate(() => document.activeElement?.value) === value) {
      await page.keyboard.press('Space');
      return;
    }
    await page.keyboard.press('ArrowDown');
  }
  assert.fail(`ArrowDown never reached ${value} on ${page.url()}`);
}

// Waits for the navigation that `action` starts and asserts that the new page answers 200.
async function navigateBy(page, action) {
  const [response] = await Promise.all([page.waitForNavigation(), action()]);
  assert.ok(response, `no response after ${page.url()}`);
  assert.equal(response.status(), 200, `${page.url()}: HTTP ${response.status()}`);
}

async function submitWithEnter(page, buttonSelector) {
  await tabTo(page, buttonSelector);
  await navigateBy(page, () => page.keyboard.press('Enter'));
}

async function checkResult(page, request) {
  assert.match(page.url(), /\/veiviser\/resultat\?/);
  const url = new URL(page.url());
  assert.equal(url.searchParams.get('kategori'), 'epj-pleie-omsorg');
  assert.equal(url.searchParams.get('aktor'), 'municipality');
  assert.deepEqual(url.searchParams.getAll('integrasjon').sort(), ['e-resept', 'kjernejournal']);
  assert.equal(await page.locator('h2#krav').innerText(), 'Dette bør dere kreve');
  assert.equal(await page.locator('main table a[href="/krav/NHN-KJ-01"]').count(), 1,
               'the Kjernejournal requirements are listed');
  assert.equal(await page.locator('h2#fremover').innerText(), 'Hva endres fremover');
  const ahead = await page.locator('h2#fremover ~ ul').first().innerText();
  assert.match(ahead, /2029.*EHDS-/, '«Hva endres fremover» shows the EHDS 2029 changes');
  const href = await page.locator('a[href*="resultat.xlsx"]').first().getAttribute('href');
  assert.ok(href, 'an XLSX download link');
  const xlsx = await request.get(new URL(href, page.url()).toString());
  assert.equal(xlsx.status(), 200);
  const bytes = await xlsx.body();
  assert.equal(bytes.subarray(0, 2).toString('latin1'), 'PK', 'the XLSX is a zip file');
}

describe('veiviseren', () => {
  test('kan fullføres med tastaturet alene', async () => {
    const context = await browser.newContext({ locale: 'nb-NO' });
    const page = await context.newPage();
    try {
      await visit(page, '/veiviser');
      await tabTo(page, 'input[name="rolle"]');
      await arrowTo(page, 'kjoper');
      await submitWithEnter(page, 'button[name="steg"][value="2"]');

      assert.match(await page.innerText('main'), /Steg 2 av 4/);
      await tabTo(page, 'input[name="kategori"]');
      await arrowTo(page, 'epj-pleie-omsorg');
      await submitWithEnter(page, 'button[name="steg"][value="3"]');

      await tabTo(page, 'input[name="aktor"]');
      await arrowTo(page, 'municipality');
      await submitWithEnter(page, 'button[name="steg"][value="4"]');

      await tabTo(page, 'input[value="kjernejournal"]');
      await page.keyboard.press('Space');
      await tabTo(page, 'input[value="e-resept"]');
      await page.keyboard.press('Space');
      await submitWithEnter(page, 'form[action="/veiviser/resultat"] button:not([name])');
      await checkResult(page, context.request);
    } finally {
      await context.close();
    }
  });

  test('kan fullføres uten JavaScript', async () => {
    const context = await browser.newContext({ locale: 'nb-NO', javaScriptEnabled: false });
    const page = await context.newPage();
    try {
      await visit(page, '/veiviser');
      await page.check('#rolle-kjoper');
      await navigateBy(page, () => page.click('button:text-is("Neste")'));
      await page.check('#kategori-epj-pleie-omsorg');
      await navigateBy(page, () => page.click('button:text-is("Neste")'));
      await page.check('#aktor-municipality');
      await navigateBy(page, () => page.click('button:text-is("Neste")'));
      await page.check('#integrasjon-kjernejournal');
      await page.check('#integrasjon-e-resept');
      await navigateBy(page, () => page.click('form[action="/veiviser/resultat"] button:not([name])'));
      await checkResult(page, context.request);
    } finally {
      await context.close();
    }
  });

  test('viser skjemaet igjen med en lesbar feilmelding ved ugyldige svar', async () => {
    const context = await browser.newContext({ locale: 'nb-NO' });
    const page = await context.newPage();
    try {
      await visit(page, '/veiviser/resultat?rolle=kjoper&kategori=finnes-ikke', 400);
      const summary = page.locator('.ds-error-summary');
      assert.match(await summary.innerText(), /Produktkategorien «finnes-ikke» finnes ikke/);
      const target = await summary.locator('a').first().getAttribute('href');
      assert.equal(await page.locator(target).count(), 1, `${target} points to a field`);
    } finally {
      await context.close();
    }
  });
});

describe('søket', () => {
  test('en feilstavet søkestreng («kjernejurnal») finner kjernejournalkravet', async () => {
    const context = await browser.newContext({ locale: 'nb-NO' });
    const page = await context.newPage();
    try {
      await visit(page, '/sok?q=kjernejurnal');
      const main = await page.innerText('main');
      assert.match(main, /Mente du «kjernejournal»\?/i);
      assert.ok(await page.locator('main a[href^="/krav/NHN-KJ-"]').count() > 0,
                'a hit links to a Kjernejournal requirement');
    } finally {
      await context.close();
    }
  });
});
