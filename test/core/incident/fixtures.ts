/**
 * A small playbook for the incident core's tests, as a TypeScript object (independent of the
 * bundled playbook file), plus actors.
 */
import type { Action, Playbook } from '../../../src/core/playbook/model.js';
import type { Actor } from '../../../src/core/incident/events.js';

export const ZONE = 'America/Chicago';
export const SHA = 'a'.repeat(64);

export function actor(role: string, name = `${role} person`): Actor {
  return { role, name, user: 'tester@host' };
}

export const chief = actor('police-chief', 'Chief Ruiz');
export const deputy = actor('deputy-chief', 'Deputy Kim');
export const manager = actor('city-manager', 'Manager Lee');
export const pio = actor('pio', 'PIO Okafor');
export const clerk = actor('clerk', 'Clerk Diaz');
export const mayor = actor('mayor', 'Mayor Fox');

const actions: Action[] = [
  {
    id: 'notify-city-manager',
    title: 'Notify the City Manager',
    kind: 'notification',
    owner: 'police-chief',
    due: { after: 'occurred', within: 'PT1H' },
  },
  {
    id: 'notify-mayor',
    title: 'Notify the Mayor',
    kind: 'notification',
    owner: 'city-manager',
    tiers: ['tier-1', 'tier-2'],
    due: { after: 'declared', within: 'PT2H' },
  },
  {
    id: 'holding-statement',
    title: 'Holding statement',
    kind: 'statement',
    owner: 'pio',
    approvers: ['police-chief', 'city-manager'],
    tiers: ['tier-1'],
    template: 'holding',
    statement: { first: true },
    due: { after: 'tier_set', within: 'PT1H' },
  },
  {
    id: 'press-conference',
    title: 'Press conference',
    kind: 'press-conference',
    owner: 'police-chief',
    notify: ['mayor'],
    tiers: ['tier-1'],
    depends_on: ['notify-mayor'],
    due: { after: 'tier_set', within: 'PT3H' },
  },
  {
    id: 'council-briefing',
    title: 'Brief the Board of Aldermen',
    kind: 'briefing',
    owner: 'city-manager',
    tiers: ['tier-1', 'tier-2'],
    due: { after: { action: 'notify-mayor' }, within: 'PT24H' },
    extendable: { max: 'P1D' },
  },
  {
    id: 'situation-update',
    title: 'Situation update',
    kind: 'briefing',
    owner: 'pio',
    tiers: ['tier-1', 'tier-2'],
    due: { after: 'declared', within: 'PT4H' },
    repeat: { every: 'PT4H', until: 'closed' },
  },
  {
    id: 'tier-check-in',
    title: 'Command check-in',
    kind: 'task',
    owner: 'city-manager',
    tiers: ['tier-1', 'tier-2'],
    due: { after: 'tier_set', within: 'PT2H' },
    repeat: { every: 'PT2H', until: 'closed' },
  },
  {
    id: 'community-meeting',
    title: 'Community listening session',
    kind: 'task',
    owner: 'city-manager',
    tiers: ['tier-3'],
    due: { after: 'tier_set', within: 'P3D' },
    extendable: { max: 'P7D' },
  },
  {
    id: 'records-request',
    title: 'Answer the records request',
    kind: 'records',
    owner: 'clerk',
    when: { fact: 'records_requested', equals: true },
    due: { after: 'declared', business_days: 3 },
    extendable: { max: 'P10D' },
  },
  {
    id: 'body-cam-review',
    title: 'Review body-camera footage',
    kind: 'task',
    owner: 'police-chief',
    due: { after: 'occurred', within: 'P1D' },
  },
  {
    id: 'evidence-log',
    title: 'Evidence log',
    kind: 'task',
    owner: 'police-chief',
    due: { after: 'occurred', within: 'PT24H' },
  },
  {
    id: 'thank-partners',
    title: 'Thank partner institutions',
    kind: 'task',
    owner: 'mayor',
    required: false,
    due: { after: 'declared', within: 'P2D' },
  },
  {
    id: 'after-action-review',
    title: 'After-action review',
    kind: 'task',
    owner: 'city-manager',
    due: { after: 'closed', within: 'P30D' },
  },
];

export const playbook: Playbook = {
  cic: 1,
  id: 'test-city',
  version: '1.0',
  title: 'Test City critical incident communications',
  jurisdiction: 'Test City, MO',
  time_zone: ZONE,
  calendar: {
    working_days: ['mon', 'tue', 'wed', 'thu', 'fri'],
    holidays: [
      { date: '2026-11-26', name: 'Thanksgiving' },
      { date: '2026-11-27', name: 'Day after Thanksgiving' },
    ],
  },
  roles: [
    { id: 'city-manager', title: 'City Manager' },
    { id: 'police-chief', title: 'Police Chief' },
    { id: 'deputy-chief', title: 'Deputy Chief', acts_for: ['police-chief'] },
    { id: 'pio', title: 'Public Information Officer' },
    { id: 'mayor', title: 'Mayor' },
    { id: 'clerk', title: 'City Clerk' },
  ],
  facts: [
    { id: 'injury', type: 'choice', prompt: 'Worst injury?', choices: ['none', 'minor', 'serious', 'fatal'] },
    { id: 'use_of_force', type: 'boolean', prompt: 'Was force used?' },
    { id: 'bias_complaint', type: 'boolean', prompt: 'Is there a bias complaint?' },
    { id: 'records_requested', type: 'boolean', prompt: 'Has a records request been received?' },
    { id: 'vehicles', type: 'number', prompt: 'How many patrol cars?' },
    { id: 'location', type: 'text', prompt: 'Where?' },
    {
      id: 'officer_names',
      type: 'text',
      prompt: 'Officers involved',
      sensitive: { not_before: { after: 'occurred', within: 'PT48H' }, reason: 'policy 4.2' },
    },
    {
      id: 'suspect_named',
      type: 'text',
      prompt: 'Subject',
      sensitive: { not_before: { after: { action: 'notify-mayor' }, within: 'PT1H' } },
    },
    { id: '__proto__', type: 'text', prompt: 'A hostile fact id' },
  ],
  classification: {
    questions: ['injury', 'use_of_force', 'bias_complaint'],
    tiers: [
      {
        id: 'tier-1',
        name: 'Tier 1',
        definition: 'Serious injury or death.',
        when: { fact: 'injury', in: ['serious', 'fatal'] },
      },
      { id: 'tier-2', name: 'Tier 2', definition: 'Use of force.', when: { fact: 'use_of_force', equals: true } },
      { id: 'tier-3', name: 'Tier 3', definition: 'Community trust.', when: { fact: 'bias_complaint', equals: true } },
      { id: 'tier-x', name: 'Exercise', definition: 'Manual only.' },
    ],
  },
  actions,
  templates: [{ id: 'holding', text: 'We are aware of {{location}}.' }],
};
