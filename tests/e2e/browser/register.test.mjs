// End to end in Chromium, the way people use the register: a new supplier registers, the
// authority (Helsedirektoratet) approves it, the supplier adds a product, a version and a
// self-declaration with an uploaded evidence file and publishes it, and an anonymous visitor
// finds it on the public pages and downloads the same file. Every page on the way passes
// axe-core's WCAG 2.1 A/AA rules, and its HTML is saved to HK_HTML_DIR for the Nu HTML checker
// (run.sh). Fields are found by their labels and buttons by their names, which also proves that
// the labels work.
//
// Needs a running server with an authority administrator (run.sh creates both):
//   HK_BASE_URL=http://127.0.0.1:8080 HK_ADMIN_EMAIL=… HK_ADMIN_PASSWORD=… \
//     [HK_HTML_DIR=dir] node tests/e2e/browser/register.test.mjs
// The steps run in order and share state; after a failed step the rest are skipped.

import { describe } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { adminEmail, adminPassword, alertText, answerSecondFactor, base, browserFlow, fact, path,
         randomOrgnr, submit, today, visit } from './flow.mjs';

const catalogDir = new URL('../../../data/catalog/', import.meta.url);

// ---- Test data -------------------------------------------------------------------------------

// A valid organisasjonsnummer, random (so the test can run twice against the same server) and
// not one of the default catalog's organisations.
function newOrgnr() {
  const known = new Set(readFileSync(new URL('organisations.json', catalogDir), 'utf8')
                            .match(/\b\d{9}\b/g) ?? []);
  return randomOrgnr('9', known);
}

// The requirement keys of the profile version in force on the server's today.
function profileRequirements(key) {
  const json = JSON.parse(readFileSync(new URL('profiles.json', catalogDir), 'utf8'));
  const profiles = Array.isArray(json) ? json : json.profiles;
  const profile = profiles.find((p) => p.key === key);
  assert.ok(profile, `the catalog has the profile ${key}`);
  const version = profile.versions.find(
      (v) => v.valid_from <= today && (!v.valid_to || today < v.valid_to));
  assert.ok(version, `${key} has a version in force on ${today}`);
  return { version: version.version, name: version.name,
           keys: version.requirements.map((r) => r.key) };
}

const orgnr = newOrgnr();
const orgName = `Testleverandør ${orgnr} AS`;
const supplierEmail = `lise.${orgnr}@leverandor.example`;
const supplierPassword = 'Sju lange ord er et godt passord';
const productName = `Pusterom ${orgnr}`;
const profileKey = 'helseapp';  // the smallest profile of the default catalog
const categoryName = 'Helseapper og digitale selvhjelpsverktøy';
const integrationName = 'Helsenorge';
const profile = profileRequirements(profileKey);
const pdf = Buffer.from(
    '%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n' +
    '2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n' +
    'trailer << /Root 1 0 R >>\n%%EOF\n', 'latin1');

// ---- The pages checked with axe and the Nu HTML checker -------------------------------------

const pages = [
  ['registrering', 'registreringsskjemaet (/registrer)'],
  ['min-side-venter', 'Min side for en virksomhet som venter på godkjenning'],
  ['innlogging', 'innloggingen (/logg-inn)'],
  ['innlogging-feil', 'innloggingen med feil passord'],
  ['min-side-myndighet', 'Min side for Helsedirektoratets administrator'],
  ['admin-organisasjoner', 'listen over registrerte virksomheter (/admin/organisasjoner)'],
  ['admin-organisasjon', 'godkjenningssiden for en virksomhet'],
  ['min-side-godkjent', 'Min side for en godkjent leverandør'],
  ['mine-losninger', 'Våre løsninger (/min-side/losninger)'],
  ['ny-losning', 'skjemaet for ny løsning'],
  ['losning-arbeidsflate', 'løsningen i arbeidsflaten'],
  ['versjon-arbeidsflate', 'versjonen i arbeidsflaten'],
  ['erklaering-skjema', 'erklæringsskjemaet'],
  ['erklaering-mangler', 'erklæringsskjemaet med krav som mangler svar'],
  ['erklaering-lagret', 'erklæringsskjemaet med svar og opplastet fil'],
  ['erklaering-publisert', 'den publiserte erklæringen i arbeidsflaten'],
  ['losninger', 'den offentlige løsningslisten (/losninger)'],
  ['losning', 'den offentlige løsningssiden'],
  ['erklaering', 'den offentlige erklæringen'],
  ['leverandor', 'den offentlige leverandørsiden'],
];
const { newPage, step, checkPage, axeTests } = browserFlow({ pages, prefix: 'flyt' });

// ---- Browser helpers -------------------------------------------------------------------------

// The answer fieldset of a requirement on the declaration form.
function answerFieldset(page, key) {
  return page.locator(`main fieldset.hk-answer[id="krav-${key}"]`);
}

// ---- The flow --------------------------------------------------------------------------------

describe('en ny leverandør fra registrering til publisert egenerklæring', () => {
  let supplier, authority, visitor;  // pages in separate browser contexts
  let productId, declarationId, evidenceSha;

  step('leverandøren registrerer virksomheten og ser at den venter på godkjenning', async () => {
    supplier = await newPage();
    const page = supplier;
    await visit(page, `/registrer`);
    await checkPage(page, 'registrering');
    const main = page.getByRole('main');
    await main.getByLabel('Organisasjonsnummer', { exact: true }).fill(orgnr);
    await main.getByLabel('Navn på virksomheten', { exact: true }).fill(orgName);
    await main.getByRole('radio', { name: 'Leverandør', exact: true }).check();
    await main.getByLabel('Ditt navn', { exact: true }).fill('Lise Leverandør');
    await main.getByLabel('E-post', { exact: true }).fill(supplierEmail);
    await main.getByLabel('Passord', { exact: true }).fill(supplierPassword);
    const response =
        await submit(page, main.getByRole('button', { name: 'Registrer virksomheten' }));
    assert.equal(response.status(), 200, await page.locator('main').innerText());
    assert.equal(path(page), '/registrer');
    assert.match(await alertText(page), /Registreringen er mottatt/);
    // Registering signs nobody in (a taken e-mail gets the same answer), so sign in.
    await submit(page, main.getByRole('link', { name: 'Logg inn', exact: true }));
    await main.getByLabel('E-post', { exact: true }).fill(supplierEmail);
    await main.getByLabel('Passord', { exact: true }).fill(supplierPassword);
    await submit(page, main.getByRole('button', { name: 'Logg inn', exact: true }));
    await answerSecondFactor(page, supplierEmail);  // she is her organisation's admin
    assert.equal(path(page), '/min-side');
    assert.equal(await fact(page, 'Organisasjonsnummer'), orgnr);
    assert.equal(await fact(page, 'Status'), 'Venter på godkjenning');
    assert.match(await alertText(page), /venter på godkjenning av Helsedirektoratet/);
    await checkPage(page, 'min-side-venter');

    // Until Helsedirektoratet has approved it, the supplier cannot register anything.
    await visit(page, `/min-side/losninger/ny`);
    await main.getByLabel('Navn på løsningen', { exact: true }).fill(productName);
    const refused =
        await submit(page, main.getByRole('button', { name: 'Opprett løsning', exact: true }), 403);
    assert.equal(refused.status(), 403);
    assert.match(await page.locator('main').innerText(), /ikke godkjent/);
    await visit(page, `/min-side`);
  });

  step('feil passord på /logg-inn gir en feilmelding på norsk', async () => {
    authority = await newPage();
    const page = authority;
    await visit(page, `/logg-inn`);
    await checkPage(page, 'innlogging');
    const main = page.getByRole('main');
    await main.getByLabel('E-post', { exact: true }).fill(adminEmail);
    await main.getByLabel('Passord', { exact: true }).fill(`${adminPassword}-feil`);
    const button = main.getByRole('button', { name: 'Logg inn', exact: true });
    const response = await submit(page, button, 422);
    assert.equal(response.status(), 422);
    assert.equal(path(page), '/logg-inn');
    const summary = page.locator('main .ds-error-summary');
    assert.match(await summary.innerText(), /Feil e-postadresse eller passord/);
    assert.equal(await main.getByLabel('E-post', { exact: true }).inputValue(), adminEmail,
                 'the e-mail address is kept');
    assert.equal(await main.getByLabel('Passord', { exact: true }).inputValue(), '',
                 'the password is not echoed');
    await checkPage(page, 'innlogging-feil');
  });

  step('Helsedirektoratet logger inn og godkjenner leverandøren', async () => {
    const page = authority;
    const main = page.getByRole('main');
    await main.getByLabel('Passord', { exact: true }).fill(adminPassword);
    await submit(page, main.getByRole('button', { name: 'Logg inn', exact: true }));
    await answerSecondFactor(page, adminEmail);
    assert.equal(path(page), '/min-side');
    assert.equal(await fact(page, 'Status'), 'Godkjent');
    await checkPage(page, 'min-side-myndighet');

    await submit(page, main.getByRole('link', { name: 'Godkjenn organisasjoner', exact: true }));
    assert.equal(path(page), '/admin/organisasjoner');
    await checkPage(page, 'admin-organisasjoner');
    const row = main.getByRole('row').filter({ hasText: orgnr });
    assert.match(await row.innerText(), /Venter på godkjenning/);

    await submit(page, row.getByRole('link', { name: orgName, exact: true }));
    assert.match(path(page), /^\/admin\/organisasjoner\/[^/]+$/);
    assert.equal(await fact(page, 'Organisasjonsnummer'), orgnr);
    await checkPage(page, 'admin-organisasjon');

    await submit(page, main.getByRole('button', { name: 'Godkjenn', exact: true }));
    assert.equal(path(page), '/admin/organisasjoner');
    assert.match(await alertText(page), /Virksomheten er godkjent/);
    const approved = main.getByRole('row').filter({ hasText: orgnr });
    assert.match(await approved.innerText(), /Godkjent/);
  });

  step('leverandøren laster Min side på nytt og ser «Godkjent»', async () => {
    const page = supplier;
    const response = await page.reload();
    assert.equal(response.status(), 200);
    assert.equal(await fact(page, 'Status'), 'Godkjent');
    assert.doesNotMatch(await alertText(page), /venter på godkjenning/);
    await checkPage(page, 'min-side-godkjent');
  });

  step('leverandøren registrerer en løsning med produktkategori', async () => {
    const page = supplier;
    const main = page.getByRole('main');
    await submit(page, main.getByRole('link', { name: 'Løsninger', exact: true }));
    assert.equal(path(page), '/min-side/losninger');
    assert.match(await page.locator('main').innerText(), /ikke registrert noen løsninger/,
                 'the attempt before approval left nothing behind');
    await checkPage(page, 'mine-losninger');

    await submit(page, main.getByRole('link', { name: 'Ny løsning', exact: true }));
    assert.equal(path(page), '/min-side/losninger/ny');
    await checkPage(page, 'ny-losning');
    await main.getByLabel('Navn på løsningen', { exact: true }).fill(productName);
    await main.getByLabel('Beskrivelse', { exact: true })
        .fill('Pusteøvelser og **selvhjelp** ved angst.\n\n# Funksjoner\n\nLogg og påminnelser.');
    await main.getByLabel('Nettsted', { exact: true }).fill('https://pusterom.example/');
    await main.getByRole('checkbox', { name: categoryName, exact: true }).check();
    await submit(page, main.getByRole('button', { name: 'Opprett løsning', exact: true }));
    const match = path(page).match(/^\/min-side\/losninger\/([^/]+)$/);
    assert.ok(match, `the product's workspace page, not ${page.url()}`);
    productId = decodeURIComponent(match[1]);
    assert.match(await alertText(page), /Endringene er lagret/);
    assert.equal(await main.getByLabel('Navn på løsningen', { exact: true }).inputValue(),
                 productName);
    assert.ok(await main.getByRole('checkbox', { name: categoryName, exact: true }).isChecked());
    await checkPage(page, 'losning-arbeidsflate');
  });

  step('leverandøren legger til en versjon med integrasjon', async () => {
    const page = supplier;
    const main = page.getByRole('main');
    await main.locator('summary', { hasText: 'Ny versjon' }).click();
    await main.getByLabel('Versjon', { exact: true }).fill('1.0');
    await main.getByLabel('Utgivelsesdato', { exact: true }).fill('2026-09-01');
    await main.getByLabel('Status', { exact: true }).selectOption({ label: 'Tilgjengelig' });
    await main.getByRole('checkbox', { name: integrationName, exact: true }).check();
    await submit(page, main.getByRole('button', { name: 'Registrer versjonen', exact: true }));
    assert.match(path(page), new RegExp(`^/min-side/losninger/${productId}/versjoner/[^/]+$`));
    assert.match(await alertText(page), /Versjonen er lagret/);
    assert.ok(await main.getByRole('checkbox', { name: integrationName, exact: true }).isChecked());
    await checkPage(page, 'versjon-arbeidsflate');
  });

  step(`leverandøren oppretter en egenerklæring mot kravprofilen ${profileKey}`, async () => {
    const page = supplier;
    const main = page.getByRole('main');
    const select = main.getByLabel('Kravprofil', { exact: true });
    const label = await select.locator(`option[value="${profileKey}"]`).innerText();
    assert.match(label, /passer for løsningen/, 'the product category matches the profile');
    await select.selectOption(profileKey);
    await submit(page, main.getByRole('button', { name: 'Opprett erklæring', exact: true }));
    const match = path(page).match(/^\/min-side\/erklaeringer\/([^/]+)$/);
    assert.ok(match, `the declaration form, not ${page.url()}`);
    declarationId = decodeURIComponent(match[1]);
    assert.match(await alertText(page), /Erklæringen er opprettet/);
    const ids = await main.locator('fieldset.hk-answer').evaluateAll(
        (sets) => sets.map((s) => s.id.replace(/^krav-/, '')));
    assert.deepEqual([...ids].sort(), [...profile.keys].sort(),
                     'one fieldset per requirement of the profile');
    await checkPage(page, 'erklaering-skjema');
  });

  step('publisering før alle krav er besvart viser kravene som mangler svar', async () => {
    const page = supplier;
    const main = page.getByRole('main');
    const [first, ...rest] = profile.keys;
    await answerFieldset(page, first).getByRole('radio', { name: 'Oppfylt', exact: true }).check();
    const response =
        await submit(page, main.getByRole('button', { name: 'Publiser', exact: true }), 422);
    assert.equal(response.status(), 422);
    assert.equal(path(page), `/min-side/erklaeringer/${declarationId}`);
    const summary = await page.locator('main .ds-error-summary').innerText();
    for (const key of rest) assert.match(summary, new RegExp(`Mangler svar: ${key}\\b`));
    assert.doesNotMatch(summary, new RegExp(`Mangler svar: ${first}\\b`));
    const missing = await page.locator('main .ds-error-summary li', { hasText: 'Mangler svar' })
                        .count();
    assert.equal(missing, rest.length);
    assert.ok(await answerFieldset(page, first)
                  .getByRole('radio', { name: 'Oppfylt', exact: true }).isChecked(),
              'the answer given is kept');
    assert.match(await page.locator('main .hk-tags').first().innerText(), /Utkast/);
    await checkPage(page, 'erklaering-mangler');
  });

  step('leverandøren besvarer alle krav, laster opp en PDF, lagrer og publiserer', async () => {
    const page = supplier;
    const main = page.getByRole('main');
    const keys = profile.keys;
    for (const [i, key] of keys.entries()) {
      const fieldset = answerFieldset(page, key);
      if (i === keys.length - 1) {
        await fieldset.getByRole('radio', { name: 'Ikke relevant', exact: true }).check();
        await fieldset.getByLabel('Begrunnelse', { exact: true })
            .fill('Løsningen bruker ikke denne funksjonen.');
      } else {
        await fieldset.getByRole('radio', { name: 'Oppfylt', exact: true }).check();
      }
    }
    const first = answerFieldset(page, keys[0]);
    await first.getByLabel('Beskrivelse', { exact: true })
        .fill('Se vedlagt rapport fra den uavhengige testen.');
    await first.locator('summary', { hasText: 'Dokumentasjon' }).click();
    await first.getByLabel('Last opp fil', { exact: true })
        .setInputFiles({ name: 'rapport.pdf', mimeType: 'application/pdf', buffer: pdf });
    await submit(page, main.getByRole('button', { name: 'Lagre utkast', exact: true }));
    assert.equal(path(page), `/min-side/erklaeringer/${declarationId}`);
    assert.match(await alertText(page), /Utkastet er lagret/);
    const progress = await main.locator('.hk-progress label').allInnerTexts();
    assert.ok(progress.length > 0, 'progress per area');
    for (const text of progress) {
      const [, done, total] = text.match(/(\d+) av (\d+) besvart/) ?? [];
      assert.equal(done, total, `all answered: ${text}`);
    }
    const file = answerFieldset(page, keys[0]).getByRole('checkbox', { name: 'rapport.pdf' });
    assert.equal(await file.count(), 1, 'the uploaded file is listed on its answer');
    const expectedSha = createHash('sha256').update(pdf).digest('hex');
    assert.match(await answerFieldset(page, keys[0]).innerText(),
                 new RegExp(`SHA-256: ${expectedSha}`, 'i'));
    await checkPage(page, 'erklaering-lagret');

    await submit(page, main.getByRole('button', { name: 'Publiser', exact: true }));
    assert.equal(path(page), `/min-side/erklaeringer/${declarationId}`);
    assert.match(await alertText(page), /Erklæringen er publisert/);
    assert.match(await page.locator('main .hk-tags').first().innerText(), /Publisert/);
    assert.equal(await main.getByRole('link', { name: 'Se den offentlige siden' }).count(), 1);
    await checkPage(page, 'erklaering-publisert');
  });

  step('en anonym besøkende finner løsningen, erklæringen og beviset', async () => {
    visitor = await newPage();
    const page = visitor;
    const main = page.getByRole('main');
    await visit(page, `/losninger`);
    const link = main.getByRole('link', { name: productName, exact: true });
    assert.equal(await link.count(), 1, '/losninger lists the product');
    await checkPage(page, 'losninger');

    await submit(page, link);
    assert.equal(path(page), `/losninger/${productId}`);
    const product = await main.innerText();
    assert.match(product, new RegExp(`Helsenorge`), 'the version lists its integration');
    const declarationLink = page.getByRole('link', {
      name: `Erklæring mot ${profile.name} (versjon ${profile.version})`, exact: true });
    const declaration = main.locator(declarationLink);
    assert.equal(await declaration.count(), 1, 'the product page links to the declaration');
    const item = main.locator('li', { has: declarationLink });
    const itemText = await item.innerText();
    assert.match(itemText, /Publisert/);
    // Worked out by hand from data/catalog for helseapp version 1 (the profile tightens no
    // obligation): 10 mandatory items, all answered «Oppfylt» → 100 %; 10 recommended ones
    // (KI-06 is a mandatory EU rule still awaiting EEA incorporation, so it counts as
    // recommended), of which KI-06, the last item, was answered «Ikke relevant»: only «Oppfylt»
    // counts as met, so 9 of 10 → 90 %.
    assert.equal(profile.version, 1);
    assert.equal(profile.keys.at(-1), 'KI-06', 'the item answered «Ikke relevant»');
    const coverage = itemText.match(/\d+ % av obligatoriske krav oppfylt, \d+ % av anbefalte/);
    assert.ok(coverage, `coverage on the product page: ${itemText}`);
    assert.equal(coverage[0], '100 % av obligatoriske krav oppfylt, 90 % av anbefalte');
    await checkPage(page, 'losning');

    await submit(page, declaration);
    assert.equal(path(page), `/erklaeringer/${declarationId}`);
    assert.equal(await fact(page, 'Status'), 'Publisert');
    const dekning = await fact(page, 'Dekning');
    assert.ok(dekning.startsWith(coverage[0]), `the same coverage as the product page: ${dekning}`);
    assert.match(dekning,
                 new RegExp(`${profile.keys.length} av ${profile.keys.length} krav besvart`));
    const evidenceLink = page.getByRole('link', { name: 'rapport.pdf', exact: true });
    const evidence = main.locator(evidenceLink);
    assert.equal(await evidence.count(), 1, 'the evidence file is linked');
    const href = await evidence.getAttribute('href');
    assert.match(href, /^\/bevis\/[^/]+$/);
    const hash = main.locator('li', { has: evidenceLink }).locator('code');
    evidenceSha = (await hash.innerText()).trim();
    await checkPage(page, 'erklaering');

    const download = await page.context().request.get(new URL(href, base).toString());
    assert.equal(download.status(), 200);
    assert.match(download.headers()['content-type'] || '', /^application\/pdf/);
    assert.match(download.headers()['content-disposition'] || '', /rapport\.pdf/);
    const bytes = await download.body();
    assert.ok(bytes.equals(pdf), 'the download has the uploaded bytes');
    assert.equal(evidenceSha.toLowerCase(), createHash('sha256').update(bytes).digest('hex'),
                 'the SHA-256 shown is the hash of the file');

    await submit(page, main.getByRole('link', { name: orgName, exact: true }));
    assert.equal(path(page), `/leverandorer/${orgnr}`);
    assert.equal(await main.getByRole('link', { name: productName, exact: true }).count(), 1);
    await checkPage(page, 'leverandor');
  });
});

axeTests('axe-core WCAG 2.1 A/AA på sidene i flyten');
