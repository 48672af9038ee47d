import { describe, expect, test } from '@jest/globals';
import { actionApplies, classify, missingQuestions, type FactMap } from '../../../src/core/playbook/conditions.js';
import { actionById, playbook } from './fixture.js';

describe('classify', () => {
  test.each<[string, FactMap, string | undefined]>([
    ['weapon discharged → Tier 1', { weapon_discharged: true }, 'tier1'],
    ['fatal injury → Tier 1', { weapon_discharged: false, injury: 'fatal' }, 'tier1'],
    ['bias complaint and a fatal injury → the most severe, Tier 1', { bias_complaint: true, injury: 'fatal' }, 'tier1'],
    ['bias complaint → Tier 2', { weapon_discharged: false, injury: 'none', bias_complaint: true }, 'tier2'],
    ['video with media interest → Tier 2', { video_circulating: true, media_inquiries: 0 }, 'tier2'],
    ['video without media interest recorded → not Tier 2', { video_circulating: true }, undefined],
    ['bias complaint and a minor injury → Tier 2 before Tier 3', { bias_complaint: true, injury: 'minor' }, 'tier2'],
    ['minor injury only → Tier 3', { injury: 'minor', bias_complaint: false }, 'tier3'],
    ['nothing matches', { weapon_discharged: false, injury: 'none', bias_complaint: false }, undefined],
    ['no facts at all', {}, undefined],
  ])('%s', (_name, facts, expected) => {
    expect(classify(playbook, facts)?.tier.id).toBe(expected);
  });

  test('a tier without `when` is manual-only and never matched', () => {
    const everything: FactMap = {
      weapon_discharged: false,
      injury: 'none',
      bias_complaint: false,
      video_circulating: false,
    };
    expect(classify(playbook, everything)).toBeUndefined();
    expect(playbook.classification.tiers.some((t) => t.id === 'exercise' && t.when === undefined)).toBe(true);
  });

  test('the reason names the tier, its definition on one line, and why', () => {
    expect(classify(playbook, { weapon_discharged: false, injury: 'serious' })?.reason).toBe(
      'Tier 1: Use of deadly force, or a serious or fatal injury. — matched because any of: injury is serious (one of serious, fatal)',
    );
    expect(classify(playbook, { video_circulating: true, media_inquiries: 4 })?.reason).toBe(
      'Tier 2: A community-trust incident. — matched because any of: (all of: video_circulating is true; media_inquiries is recorded (4))',
    );
  });
});

describe('missingQuestions', () => {
  test.each<[string, FactMap, string[]]>([
    ['none answered', {}, ['weapon_discharged', 'injury', 'bias_complaint', 'video_circulating']],
    ['false counts as answered', { weapon_discharged: false }, ['injury', 'bias_complaint', 'video_circulating']],
    ['order kept with gaps', { injury: 'none', video_circulating: true }, ['weapon_discharged', 'bias_complaint']],
    [
      'other facts do not count',
      { location: 'Main St' },
      ['weapon_discharged', 'injury', 'bias_complaint', 'video_circulating'],
    ],
    ['all answered', { weapon_discharged: false, injury: 'none', bias_complaint: false, video_circulating: false }, []],
  ])('%s', (_name, facts, expected) => {
    expect(missingQuestions(playbook, facts)).toEqual(expected);
  });
});

describe('actionApplies', () => {
  test.each<[string, string, FactMap, string | undefined, boolean]>([
    ['no tiers, no when: every tier', 'notify_mayor', {}, 'tier3', true],
    ['no tiers, no when: even before classification', 'notify_mayor', {}, undefined, true],
    ['tier-listed, matching tier', 'press_conference', {}, 'tier1', true],
    ['tier-listed, other tier', 'press_conference', {}, 'tier2', false],
    ['tier-listed, no tier yet', 'press_conference', {}, undefined, false],
    ['tiers and when, both hold', 'community_meeting', { bias_complaint: true }, 'tier2', true],
    ['tiers and when, when fails', 'community_meeting', { bias_complaint: false }, 'tier2', false],
    ['tiers and when, tier fails', 'community_meeting', { bias_complaint: true }, 'tier3', false],
    ['when with a tier condition, holds', 'video_review', { video_circulating: true }, 'tier2', true],
    ['when with a tier condition, excluded tier', 'video_review', { video_circulating: true }, 'tier3', false],
    ['when with a tier condition, fact missing', 'video_review', {}, 'tier2', false],
  ])('%s', (_name, id, facts, tier, expected) => {
    expect(actionApplies(actionById(id), { facts, tier })).toBe(expected);
  });
});
