/**
 * The report lists who held each role during the incident, from the roster and its history:
 * those holding it when the period began, and everyone a change during the period gave it to.
 */
import { describe, expect, test } from '@jest/globals';
import { sealRosterLine, ROSTER_GENESIS, type RosterChange, type RosterLine } from '../../../src/core/roster/roster.js';
import { buildRolesHeld } from '../../../src/core/report/roles-held.js';
import { renderMarkdown } from '../../../src/core/report/render-md.js';
import { renderHtml } from '../../../src/core/report/render-html.js';
import { reportProblems } from '../../../src/io/report/check.js';
import { sampleReport } from './fixtures.js';

function roster(changes: [string, RosterChange][]): RosterLine[] {
  const out: RosterLine[] = [];
  let head = { seq: -1, hash: ROSTER_GENESIS };
  for (const [at, change] of changes) {
    const { entry } = sealRosterLine(head, new Date(at), { login: 'aquill', name: 'Ada Quill' }, change);
    out.push(entry);
    head = { seq: entry.seq, hash: entry.hash };
  }
  return out;
}
const set = (login: string, name: string, roles: string[]): RosterChange => ({
  op: 'set',
  login,
  name,
  roles,
  keeper: false,
});
const playbook = {
  roles: [
    { id: 'police-chief', title: 'Police Chief' },
    { id: 'pio', title: 'Public Information Officer' },
    { id: 'city-clerk', title: 'City Clerk' },
  ],
} as Parameters<typeof buildRolesHeld>[2];
// The period as the report gives it: local times with the playbook zone's offset.
const period = { from: '2026-11-26T01:52:00-06:00', to: '2026-11-26T09:00:00-06:00' };

describe('who held each role', () => {
  const history = roster([
    ['2026-11-01T00:00:00Z', set('lortiz', 'Lena Ortiz', ['police-chief'])],
    ['2026-11-01T00:01:00Z', set('old', 'Gone Before', ['pio'])],
    ['2026-11-20T00:00:00Z', { op: 'remove', login: 'old' }],
    ['2026-11-26T07:55:00Z', set('jpark', 'Jo Park', ['pio'])], // 01:55 local: in the period
    ['2026-11-26T08:30:00Z', set('lortiz', 'Lena Ortiz', ['police-chief', 'pio'])],
    ['2026-11-26T15:30:00Z', set('late', 'After Close', ['city-clerk'])], // after the period
  ]);

  test.each([
    ['police-chief', 'Police Chief', ['Lena Ortiz (lortiz)']],
    ['pio', 'Public Information Officer', ['Jo Park (jpark)', 'Lena Ortiz (lortiz)']],
    ['city-clerk', 'City Clerk', []],
  ])('%s', (id, title, people) => {
    const row = buildRolesHeld(history, period, playbook).find((r) => r.role.id === id)!;
    expect(row.role).toEqual({ id, title });
    expect(row.people.map((p) => `${p.name} (${p.login})`)).toEqual(people);
  });

  test('every playbook role is listed, in the playbook order, then any other role the roster gave', () => {
    const extra = roster([['2026-11-01T00:00:00Z', set('x', 'X Y', ['ward-captain'])]]);
    expect(buildRolesHeld(extra, period, playbook).map((r) => r.role.id)).toEqual([
      'police-chief',
      'pio',
      'city-clerk',
      'ward-captain',
    ]);
  });

  test('the Markdown and HTML reports show it, and the report schema accepts it; absent without a roster', () => {
    const report = { ...sampleReport(), roles_held: buildRolesHeld(history, period, playbook) };
    expect(reportProblems(report)).toBeUndefined();
    const md = renderMarkdown(report);
    expect(md).toMatch(/## Who held each role/);
    expect(md).toMatch(/\| Public Information Officer +\| Jo Park \(jpark\), Lena Ortiz \(lortiz\) *\|/);
    expect(md).toMatch(/\| City Clerk +\| nobody on the roster *\|/);
    expect(renderHtml(report)).toMatch(/<h2>Who held each role<\/h2>.*Jo Park \(jpark\), Lena Ortiz \(lortiz\)/s);
    const plain = sampleReport();
    expect(renderMarkdown(plain)).not.toMatch(/Who held each role/);
    expect(renderHtml(plain)).not.toMatch(/Who held each role/);
  });
});
