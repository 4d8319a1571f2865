// End to end in Chromium: Norsk helsenett registers as an approving body and is approved by the
// authority, a supplier registers a product version, NHN issues a Kjernejournal API approval to
// it with the form, a visitor finds it in the public register (/godkjenninger), on its own page
// and on the product passport with the label as SVG and PNG, NHN revokes it with a reason and
// the status changes everywhere, and a certificate claim stays «Egenrapportert» until NHN
// confirms it. Every page passes axe-core's WCAG 2.1 A/AA rules, and its HTML is saved to
// HK_HTML_DIR for the Nu HTML checker (run.sh).
//
// Needs a running server with an authority administrator (run.sh creates both):
//   HK_BASE_URL=http://127.0.0.1:8080 HK_ADMIN_EMAIL=… HK_ADMIN_PASSWORD=… \
//     [HK_HTML_DIR=dir] node tests/e2e/browser/approvals.test.mjs
// The steps run in order and share state; after a failed step the rest are skipped. NHN's
// organisation number is fixed, so run it once per server.

import { describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { adminEmail, adminPassword, alertText, answerSecondFactor, base, browserFlow, fact, main,
         path, randomOrgnr, submit, today, visit } from './flow.mjs';

// ---- Test data -------------------------------------------------------------------------------

const organisations = JSON.parse(
    readFileSync(new URL('../../../data/catalog/organisations.json', import.meta.url), 'utf8'));
const nhn = (Array.isArray(organisations) ? organisations : organisations.organisations)
                .find((o) => o.key === 'norsk-helsenett');
assert.ok(nhn?.orgnr, 'the catalog has Norsk helsenett with an organisasjonsnummer');

const password = 'Sju lange ord er et godt passord';
const orgnr = randomOrgnr('8');  // unlike the catalog's, which start with 9
const supplierName = `Journalhuset ${orgnr} AS`;
const productName = `Omsorgsjournal ${orgnr}`;
const schemeName = 'Godkjenning for integrasjon med kjernejournal-API';
const reason = 'Integrasjonen bruker ikke HelseID som avtalt';
const certificate = `Sikkerhetsrevisjon 2026 nr. ${orgnr}`;
const validTo = `${Number(today.slice(0, 4)) + 2}-06-30`;

// ---- The pages checked with axe and the Nu HTML checker -------------------------------------

const pages = [
  ['min-side-godkjenninger', 'godkjenningsorganets arbeidsflate (/min-side/godkjenninger)'],
  ['min-side-godkjenning', 'én godkjenning i arbeidsflaten'],
  ['godkjenninger', 'det offentlige registeret (/godkjenninger)'],
  ['godkjenning', 'den offentlige siden for én godkjenning'],
  ['pass', 'produktpasset (/pass/{versjon})'],
  ['godkjenning-tilbakekalt', 'en tilbakekalt godkjenning'],
  ['sertifikater', 'leverandørens sertifikater (/min-side/sertifikater)'],
  ['sertifikater-bekreft', 'sertifikater til bekreftelse hos godkjenningsorganet'],
];
const { newPage, step, checkPage, axeTests } = browserFlow({ pages, prefix: 'godkjenninger' });

// ---- Browser helpers -------------------------------------------------------------------------

// Registers an organisation through /registrer and signs in; the page ends on /min-side.
async function register(page, { number, name, kind, email }) {
  await visit(page, `/registrer`);
  const m = main(page);
  await m.getByLabel('Organisasjonsnummer', { exact: true }).fill(number);
  await m.getByLabel('Navn på virksomheten', { exact: true }).fill(name);
  await m.getByRole('radio', { name: kind, exact: true }).check();
  await m.getByLabel('Ditt navn', { exact: true }).fill(`Kari ${kind}`);
  await m.getByLabel('E-post', { exact: true }).fill(email);
  await m.getByLabel('Passord', { exact: true }).fill(password);
  const response = await submit(page, m.getByRole('button', { name: 'Registrer virksomheten' }));
  assert.equal(response.status(), 200, await m.innerText());
  assert.equal(path(page), '/registrer');
  await submit(page, m.getByRole('link', { name: 'Logg inn', exact: true }));
  await m.getByLabel('E-post', { exact: true }).fill(email);
  await m.getByLabel('Passord', { exact: true }).fill(password);
  await submit(page, m.getByRole('button', { name: 'Logg inn', exact: true }));
  await answerSecondFactor(page, email);  // the new organisation's admin
  assert.equal(path(page), '/min-side');
}

// The authority approves the organisation with this number.
async function approve(page, number, name) {
  await visit(page, `/admin/organisasjoner`);
  const row = main(page).getByRole('row').filter({ hasText: number });
  await submit(page, row.getByRole('link', { name, exact: true }));
  await submit(page, main(page).getByRole('button', { name: 'Godkjenn', exact: true }));
  assert.match(await alertText(page), /Virksomheten er godkjent/);
}

describe('Norsk helsenett gir og tilbakekaller en godkjenning for kjernejournal-API', () => {
  let authority, body, supplier, visitor;
  let versionId, approvalId;

  step('NHN og en leverandør registrerer seg, og Helsedirektoratet godkjenner begge', async () => {
    body = await newPage();
    await register(body, { number: nhn.orgnr, name: nhn.name, kind: 'Godkjenningsorgan',
                           email: `godkjenning.${orgnr}@nhn.example` });
    supplier = await newPage();
    await register(supplier, { number: orgnr, name: supplierName, kind: 'Leverandør',
                               email: `lise.${orgnr}@leverandor.example` });

    authority = await newPage();
    await visit(authority, `/logg-inn`);
    await main(authority).getByLabel('E-post', { exact: true }).fill(adminEmail);
    await main(authority).getByLabel('Passord', { exact: true }).fill(adminPassword);
    await submit(authority, main(authority).getByRole('button', { name: 'Logg inn', exact: true }));
    // An admin enrols in TOTP at the first password sign-in and then enters the code.
    await answerSecondFactor(authority, adminEmail);
    await approve(authority, nhn.orgnr, nhn.name);
    await approve(authority, orgnr, supplierName);
  });

  step('leverandøren registrerer en løsning med en versjon', async () => {
    const page = supplier;
    await visit(page, `/min-side/losninger/ny`);
    await main(page).getByLabel('Navn på løsningen', { exact: true }).fill(productName);
    await main(page).getByRole('checkbox', { name: 'Helseapper og digitale selvhjelpsverktøy',
                                             exact: true }).check();
    await submit(page, main(page).getByRole('button', { name: 'Opprett løsning', exact: true }));
    await main(page).locator('summary', { hasText: 'Ny versjon' }).click();
    await main(page).getByLabel('Versjon', { exact: true }).fill('4.2');
    await main(page).getByLabel('Status', { exact: true }).selectOption({ label: 'Tilgjengelig' });
    await submit(page, main(page).getByRole('button', { name: 'Registrer versjonen', exact: true }));
    const match = path(page).match(/\/versjoner\/([^/]+)$/);
    assert.ok(match, `the version's workspace page, not ${page.url()}`);
    versionId = decodeURIComponent(match[1]);
  });

  step('NHN gir godkjenningen med skjemaet på /min-side/godkjenninger', async () => {
    const page = body;
    await visit(page, `/min-side`);
    await submit(page, main(page).getByRole('link', { name: 'Godkjenninger', exact: true }));
    assert.equal(path(page), '/min-side/godkjenninger');
    assert.match(await main(page).innerText(), /ikke gitt noen godkjenninger ennå/);
    await checkPage(page, 'min-side-godkjenninger');
    const m = main(page);
    await m.getByLabel('Godkjenningsordning', { exact: true }).selectOption('kjernejournal-api');
    await m.getByLabel('Produktversjon som godkjennes', { exact: true }).selectOption(versionId);
    await m.getByLabel('Gyldig til', { exact: true }).fill(validTo);
    await m.getByLabel('Vilkår', { exact: true }).fill('Gjelder **oppslag** i kritisk informasjon.');
    await m.getByLabel('Lenke til dokumentasjon', { exact: true })
        .fill('https://nhn.example/testrapport.pdf');
    await m.getByLabel('Testrapport eller annen dokumentasjon (fil)', { exact: true }).setInputFiles({
      name: 'testrapport-kj.pdf', mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4 testrapport for kjernejournal\n'),
    });
    await submit(page, m.getByRole('button', { name: 'Gi godkjenning', exact: true }));
    const match = path(page).match(/^\/min-side\/godkjenninger\/([^/]+)$/);
    assert.ok(match, `the approval's workspace page, not ${page.url()}`);
    approvalId = decodeURIComponent(match[1]);
    assert.match(await alertText(page), /Godkjenningen er gitt og publisert/);
    assert.match(await fact(page, 'Status'), /Gyldig/);
    await checkPage(page, 'min-side-godkjenning');
  });

  step('en besøkende finner godkjenningen i registeret, på egen side og i produktpasset',
       async () => {
    visitor = await newPage();
    const page = visitor;
    await visit(page, `/godkjenninger?ordning=kjernejournal-api`);
    const row = main(page).getByRole('row').filter({ hasText: productName });
    assert.equal(await row.count(), 1, '/godkjenninger lists the approval');
    assert.match(await row.innerText(), /Gyldig/);
    assert.match(await row.innerText(), /Norsk helsenett SF/);
    await checkPage(page, 'godkjenninger');

    await submit(page, row.getByRole('link', { name: schemeName, exact: true }));
    assert.equal(path(page), `/godkjenninger/${approvalId}`);
    assert.match(await fact(page, 'Status'), /Gyldig/);
    assert.equal(await main(page).locator('strong', { hasText: 'oppslag' }).count(), 1,
                 'the conditions are rendered Markdown');
    assert.ok(await main(page).getByRole('link', { name: /^Verifiser oppføring \d+$/ }).count() > 0,
              'the log entry links to the verification page');
    // The uploaded test report is public with the approval.
    const report = main(page).getByRole('link', { name: 'testrapport-kj.pdf', exact: true });
    const download = await page.request.get(new URL(await report.getAttribute('href'), base).href);
    assert.equal(download.status(), 200);
    assert.match((await download.body()).toString(), /^%PDF-1\.4 testrapport for kjernejournal/);
    await checkPage(page, 'godkjenning');

    await submit(page, main(page).getByRole('link', { name: `${productName} 4.2`, exact: true }));
    assert.equal(path(page), `/pass/${versionId}`);
    const approvals = main(page).getByRole('row').filter({ hasText: schemeName });
    assert.match(await approvals.first().innerText(), /Gyldig/);
    const image = main(page).locator('img[src$=".svg"]').first();
    assert.equal(await image.count(), 1, 'the passport shows a label image');
    assert.match(await image.getAttribute('alt'), /^Helsekrav-merket for /);
    await checkPage(page, 'pass');

    const svgHref = await image.getAttribute('src');
    const svg = await page.context().request.get(new URL(svgHref, base).toString());
    assert.equal(svg.status(), 200);
    assert.match(svg.headers()['content-type'] || '', /^image\/svg\+xml/);
    assert.match(await svg.text(), /role="img"/);
    const png = await page.context().request.get(
        new URL(svgHref.replace(/\.svg$/, '.png'), base).toString());
    assert.equal(png.status(), 200);
    assert.match(png.headers()['content-type'] || '', /^image\/png/);
    const bytes = await png.body();
    assert.ok(bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a,
                                                       0x1a, 0x0a])),
              'the PNG starts with the PNG signature');
  });

  step('NHN tilbakekaller godkjenningen med begrunnelse, og statusen endres', async () => {
    const page = body;
    const m = main(page);
    await m.getByLabel('Begrunnelse for tilbakekallingen', { exact: true }).fill(reason);
    // Without the confirmation nothing happens but an error naming it.
    let response =
        await submit(page, m.getByRole('button', { name: 'Tilbakekall godkjenningen' }), 422);
    assert.equal(response.status(), 422);
    assert.match(await page.locator('main .ds-error-summary').innerText(), /endelig/);
    await m.getByRole('checkbox', { name: 'Jeg forstår at tilbakekallingen ikke kan angres' })
        .check();
    response = await submit(page, m.getByRole('button', { name: 'Tilbakekall godkjenningen' }));
    assert.equal(response.status(), 200);
    assert.match(await alertText(page), /Endringen er lagret/);
    assert.match(await fact(page, 'Status'), /Tilbakekalt/);

    await visit(visitor, `/godkjenninger/${approvalId}`);
    assert.match(await fact(visitor, 'Status'), /Tilbakekalt/);
    assert.match(await fact(visitor, 'Status'), new RegExp(reason));
    await checkPage(visitor, 'godkjenning-tilbakekalt');
    await visit(visitor, `/godkjenninger?status=revoked`);
    assert.equal(await main(visitor).getByRole('row').filter({ hasText: productName }).count(), 1);
    await visit(visitor, `/pass/${versionId}`);
    const row = main(visitor).getByRole('row').filter({ hasText: schemeName }).first();
    assert.match(await row.innerText(), /Tilbakekalt/);
  });

  step('et sertifikat er «Egenrapportert» til NHN bekrefter det', async () => {
    const page = supplier;
    await visit(page, `/min-side/sertifikater`);
    const m = main(page);
    // NHN may confirm «Annet sertifikat»; ISO/IEC 27001 and CE are for the bodies that own them.
    await m.getByLabel('Type sertifikat', { exact: true }).selectOption({ label: 'Annet sertifikat' });
    await m.getByLabel('Sertifikatnummer eller referanse', { exact: true }).fill(certificate);
    await m.getByLabel('Utstedt av', { exact: true }).fill('DNV');
    await m.getByLabel('Lenke til sertifikatet eller erklæringen', { exact: true })
        .fill('https://dnv.example/sertifikat');
    await submit(page, m.getByRole('button', { name: 'Registrer sertifikatet', exact: true }));
    assert.match(await alertText(page), /Sertifikatet er registrert/);
    const own = m.getByRole('row').filter({ hasText: certificate });
    assert.match(await own.innerText(), /Egenrapportert/);
    await checkPage(page, 'sertifikater');

    await visit(body, `/min-side/sertifikater`);
    const pending = main(body).getByRole('row').filter({ hasText: certificate });
    assert.match(await pending.innerText(), /Egenrapportert/);
    await checkPage(body, 'sertifikater-bekreft');
    await submit(body, pending.getByRole('button', { name: `Bekreft ${certificate}` }));
    assert.match(await alertText(body), /Sertifikatet er bekreftet/);

    await visit(visitor, `/pass/${versionId}`);
    const claim = main(visitor).getByRole('row').filter({ hasText: certificate });
    assert.match(await claim.innerText(), /Bekreftet av Norsk helsenett SF/);
  });
});

axeTests('axe-core WCAG 2.1 A/AA på godkjenningssidene');
