/** A small playbook shaped like the bundled one: three tiers, most severe first, and one manual. */
import type { Action, Fact, Playbook } from '../../../src/core/playbook/model.js';

export const facts: Fact[] = [
  { id: 'weapon_discharged', type: 'boolean', prompt: 'Was a weapon discharged?' },
  { id: 'injury', type: 'choice', prompt: 'Most serious injury?', choices: ['none', 'minor', 'serious', 'fatal'] },
  { id: 'bias_complaint', type: 'boolean', prompt: 'Is there a bias complaint?' },
  { id: 'video_circulating', type: 'boolean', prompt: 'Is video circulating?' },
  { id: 'media_inquiries', type: 'number', prompt: 'Media inquiries so far?' },
  { id: 'location', type: 'text', prompt: 'Where?' },
  { id: 'occurred_at', type: 'date-time', prompt: 'When?' },
];

export const fact = (id: string): Fact => {
  const f = facts.find((x) => x.id === id);
  if (!f) throw new Error(`no fact ${id}`);
  return f;
};

const action = (over: Partial<Action> & { id: string }): Action => ({
  title: over.id,
  kind: 'task',
  owner: 'city_manager',
  due: { after: 'declared', within: 'PT1H' },
  ...over,
});

export const playbook: Playbook = {
  cic: 1,
  id: 'test',
  version: '1',
  title: 'Test plan',
  jurisdiction: 'Testville',
  time_zone: 'America/Chicago',
  calendar: { working_days: ['mon', 'tue', 'wed', 'thu', 'fri'], holidays: [] },
  roles: [{ id: 'city_manager', title: 'City Manager' }],
  facts,
  classification: {
    questions: ['weapon_discharged', 'injury', 'bias_complaint', 'video_circulating'],
    tiers: [
      {
        id: 'tier1',
        name: 'Tier 1',
        definition: 'Use of deadly force,\n  or a serious or fatal injury.',
        when: {
          any: [
            { fact: 'weapon_discharged', equals: true },
            { fact: 'injury', in: ['serious', 'fatal'] },
          ],
        },
      },
      { id: 'exercise', name: 'Exercise', definition: 'A drill, chosen by hand.' },
      {
        id: 'tier2',
        name: 'Tier 2',
        definition: 'A community-trust incident.',
        when: {
          any: [
            { fact: 'bias_complaint', equals: true },
            {
              all: [
                { fact: 'video_circulating', equals: true },
                { fact: 'media_inquiries', set: true },
              ],
            },
          ],
        },
      },
      {
        id: 'tier3',
        name: 'Tier 3',
        definition: 'Any other incident with a minor injury.',
        when: { fact: 'injury', equals: 'minor' },
      },
    ],
  },
  actions: [
    action({ id: 'notify_mayor' }),
    action({ id: 'press_conference', tiers: ['tier1'] }),
    action({ id: 'community_meeting', tiers: ['tier1', 'tier2'], when: { fact: 'bias_complaint', equals: true } }),
    action({
      id: 'video_review',
      when: { all: [{ fact: 'video_circulating', equals: true }, { not: { tier: ['tier3'] } }] },
    }),
  ],
  templates: [],
};

export const actionById = (id: string): Action => {
  const a = playbook.actions.find((x) => x.id === id);
  if (!a) throw new Error(`no action ${id}`);
  return a;
};
