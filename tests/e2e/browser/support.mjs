// Shared by the browser tests: how Chromium is launched and how a page is checked with axe-core
// against WCAG 2.1 A/AA.

import { readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';

export const wcagTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

const axeSource = readFileSync(
    new URL('../../../node_modules/axe-core/axe.min.js', import.meta.url), 'utf8');

const launchArgs = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
                    '--no-first-run', '--disable-background-networking',
                    '--disable-component-update', '--disable-sync'];

// Debian's Chromium, headless.
export function launchChromium() {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: launchArgs });
}

// The violations of an axe result as readable text (rule, impact, help, and every node).
export function describeViolations(violations) {
  return violations.map((v) => {
    const nodes = v.nodes.map((n) => `    ${n.target.join(' ')}\n      ${
      (n.failureSummary || '').replace(/\n/g, '\n      ')}`).join('\n');
    return `  ${v.id} (${v.impact}): ${v.help}\n  ${v.helpUrl}\n${nodes}`;
  }).join('\n');
}

// Runs axe-core's WCAG 2.1 A/AA rules on the page's current document; returns the violations.
// Injects axe into the document, so take page.content() before calling this.
export async function axeViolations(page) {
  // Evaluated, not added as a <script>: the pages' Content-Security-Policy allows no scripts.
  await page.evaluate(axeSource);
  const result = await page.evaluate(
      (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags } }), wcagTags);
  return result.violations;
}
