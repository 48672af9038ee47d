/**
 * Commander's options become each command's typed options once, in src/cli/options.ts: ids parsed
 * into their types, numbers into numbers, pairs into a map; what is wrong is refused there (exit 2).
 */
import { describe, expect, test } from '@jest/globals';
import {
  approveOptions,
  closeOptions,
  doneOptions,
  draftOptions,
  factSetOptions,
  logOptions,
  runOptions,
  statusOptions,
} from '../../src/cli/options.js';
import { InputError } from '../../src/core/errors.js';
import { parseActionId, parseIncidentId, parseStatementId } from '../../src/core/ids.js';

describe('ids', () => {
  test('an incident id is year and four digits; anything else is refused with the id shown', () => {
    expect(parseIncidentId('2026-0007')).toBe('2026-0007');
    for (const bad of ['2026-7', '26-0007', ' 2026-0007', '2026-0007\n', '../2026-0007', '', 20260007]) {
      expect(() => parseIncidentId(bad)).toThrow(InputError);
    }
    expect(() => parseIncidentId('2026-07')).toThrow('"2026-07" is not an incident id');
  });

  test('action and statement ids are one line of ordinary text; whether the playbook has them is not asked here', () => {
    expect(parseActionId('Not-In-Any-Playbook')).toBe('Not-In-Any-Playbook');
    expect(parseStatementId('holding-statement')).toBe('holding-statement');
    expect(() => parseActionId('')).toThrow('is not an action id');
    expect(() => parseActionId('a\u001bb')).toThrow('"a\\eb" is not an action id');
    expect(() => parseStatementId('x\u202ey')).toThrow('is not a statement id');
  });
});

describe('each command gets typed options', () => {
  test('done: the action, the incident from -i, the occurrence as a number, the rest as given', () => {
    expect(
      doneOptions(['notify-city-manager'], {
        incident: '2026-0002',
        as: 'pio',
        name: 'Jane',
        occurrence: '2',
        statedAt: '02:14',
        note: 'by phone',
        workspace: 'w',
      }),
    ).toEqual({
      workspace: 'w',
      as: 'pio',
      name: 'Jane',
      incident: '2026-0002',
      action: 'notify-city-manager',
      occurrence: 2,
      statedAt: '02:14',
      note: 'by phone',
    });
    expect(() => doneOptions(['x'], { occurrence: 'first' })).toThrow(
      '--occurrence "first" is not an occurrence number.',
    );
  });

  test('a positional id and -i: either, or both when they agree', () => {
    expect(closeOptions(['2026-0001'], {}).incident).toBe('2026-0001');
    expect(closeOptions([], { incident: '2026-0001' }).incident).toBe('2026-0001');
    expect(closeOptions(['2026-0001'], { incident: '2026-0001', force: true }).force).toBe(true);
    expect(() => closeOptions(['2026-0001'], { incident: '2026-0003' })).toThrow('Two different incidents given');
    expect(closeOptions([], {})).toEqual({ force: false });
  });

  test('reading commands take the positional id', () => {
    expect(statusOptions([], {})).toEqual({ all: false, watch: false, json: false });
    expect(statusOptions(['2026-0004'], { json: true, role: 'pio' })).toEqual({
      incident: '2026-0004',
      role: 'pio',
      all: false,
      watch: false,
      json: true,
    });
    expect(logOptions([], { type: ['note', 'fact.recorded'] }).types).toEqual(['note', 'fact.recorded']);
    expect(() => logOptions(['latest'], {})).toThrow('is not an incident id');
  });

  test('statements: the id, and --version as a number from 1', () => {
    expect(approveOptions(['holding-statement'], { version: '3' })).toEqual({
      statement: 'holding-statement',
      version: 3,
    });
    expect(() => approveOptions(['holding-statement'], { version: '0' })).toThrow(
      '--version "0" is not a version number',
    );
    expect(draftOptions(['public-update'], { fact: ['a=1'], edit: true })).toEqual({
      statement: 'public-update',
      fact: ['a=1'],
      edit: true,
      register: false,
    });
  });

  test('fact set: the pairs as a map without a prototype; a pair without "=" is refused', () => {
    const { facts } = factSetOptions(['injury_level=minor', 'url=https://x?y=1'], {});
    expect(Object.getPrototypeOf(facts)).toBeNull();
    expect({ ...facts }).toEqual({ injury_level: 'minor', url: 'https://x?y=1' });
    expect(() => factSetOptions(['injury_level'], {})).toThrow('is not a fact as KEY=VALUE');
  });

  test('run: --role given is a list, not given is absent', () => {
    expect(runOptions([], { role: ['pio', 'city-manager'] }).roles).toEqual(['pio', 'city-manager']);
    expect(runOptions([], {})).toEqual({ view: false });
  });
});
