/**
 * Fact values are data: a value holding `{{x}}`, `{{constructor}}`, `$&`, HTML, ANSI escapes or
 * bidi overrides appears verbatim in the draft file (what the city publishes is what was typed)
 * and escaped on the terminal (what a person reads cannot be rewritten by it). Through the binary.
 */
import { beforeAll, describe, expect, test } from '@jest/globals';
import { HOLDING_FACTS, tier1Incident, type Incident } from './helpers.js';

const HOSTILE =
  '{{info_url}} {{constructor}} __proto__ $& <script>alert(1)</script> \x1b[31mRED\x1b[0m \u202eevil\u202c';
const RAW = /[\x1b\u202e\u202c]/;

let inc: Incident;
beforeAll(async () => {
  inc = await tier1Incident();
  // The holding statement goes out with an ordinary location …
  await inc.ok(5, 'pio', 'draft', 'holding-statement', ...HOLDING_FACTS);
  await inc.ok(6, 'police-chief', 'approve', 'holding-statement');
  await inc.ok(7, 'city-manager', 'approve', 'holding-statement');
  await inc.ok(8, 'pio', 'release', 'holding-statement', '--channel', 'city-website');
  // … and the first public update with the hostile one.
  await inc.ok(60, 'pio', 'draft', 'public-update', '--fact', `incident_location=${HOSTILE}`);
  await inc.ok(61, 'police-chief', 'approve', 'public-update');
  await inc.ok(62, 'pio', 'release', 'public-update', '--channel', 'city-website');
});

describe('hostile fact values', () => {
  test('appear verbatim in the draft file and expand nothing', () => {
    const text = inc.draft(1, 'public-update');
    expect(text).toContain(`Update on the incident at ${HOSTILE}.`);
    expect(text).not.toContain('https://www.claytonmo.gov/updates {{constructor}}'); // {{info_url}} was not expanded
    expect(text.split('https://www.claytonmo.gov/updates').length - 1).toBe(1);
  });

  test('are escaped on the terminal: what changed between released statements', async () => {
    const r = await inc.ok(70, undefined, 'statements');
    expect(r.stdout).toContain(
      "incident_location: said 'Forsyth Boulevard and Hanley Road' in holding-statement v1 (02:13 CST), now '{{info_url}} {{constructor}} __proto__ $& <script>alert(1)</script> \\e[31mRED\\e[0m \\u{202e}evil\\u{202c}' in public-update v1 (03:07 CST)",
    );
    expect(r.stdout).not.toMatch(RAW);
  });

  test('are escaped in the Markdown runbook too', async () => {
    const r = await inc.ok(70, undefined, 'run', '--view');
    // Escaped for the terminal (`\e`), then for Markdown (`\\e`, `\[`): rendered, it reads `\e[31mRED`.
    expect(r.stdout).toContain('\\\\e\\[31mRED\\\\e\\[0m');
    expect(r.stdout).toContain('\\<script>');
    expect(r.stdout).not.toMatch(RAW);
  });

  test('the JSON keeps the exact value (JSON escapes control characters itself)', async () => {
    const r = await inc.ok(70, undefined, 'statements', '--json');
    const json = JSON.parse(r.stdout);
    expect(json.fact_changes).toEqual([expect.objectContaining({ fact: 'incident_location', after: HOSTILE })]);
    expect(r.stdout).not.toMatch(/\x1b/);
  });
});
