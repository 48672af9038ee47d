/**
 * The six elements of a first message in CDC's Crisis and Emergency Risk Communication (CERC)
 * manual: express empathy; give the confirmed facts; say what is not yet known; say what is being
 * done and when the next update will be; commit to the public; say where to learn more.
 *
 * A playbook may give its own cues (`checks.cerc`); these are the built-in defaults. Cues are
 * matched case-insensitively at the start of a word, across line breaks, ignoring accents and
 * curly quotes: "investigat" finds "investigating" and "investigation", "know" does not find
 * "unknown". An element with several groups needs a cue from each group: the fourth element is
 * two things a first message must both say.
 */
import type { CercElement } from '../playbook/model.js';

export interface CueGroup {
  /** What this group stands for, named in the error when it is absent. */
  title: string;
  cues: string[];
}

export interface CercCheck {
  id: string;
  title: string;
  groups: CueGroup[];
  /** What to add, with an example, for the error message. */
  advice: string;
}

export const DEFAULT_CERC: readonly CercCheck[] = [
  {
    id: 'empathy',
    title: 'empathy',
    groups: [
      {
        title: 'empathy',
        cues: [
          'sympath',
          'condolence',
          'our thoughts',
          'thoughts are with',
          'our hearts',
          'hearts go out',
          'heart goes out',
          'saddened',
          'heartbroken',
          'griev',
          'we are sorry',
          "we're sorry",
          'deeply sorry',
          'we understand',
          'we recognize',
          'we know how',
          'concern',
          'distress',
          'upsetting',
          'painful',
          'prayers',
          'we care',
        ],
      },
    ],
    advice:
      'say that you understand how people feel, e.g. "Our thoughts are with …" or "We understand the concern in our community."',
  },
  {
    id: 'facts',
    title: 'confirmed facts',
    groups: [
      {
        title: 'confirmed facts',
        cues: [
          'what we know',
          'we can confirm',
          'confirmed',
          'at approximately',
          'at about',
          'shortly after',
          'shortly before',
          'occurred',
          'took place',
          'happened',
        ],
      },
    ],
    advice: 'state what is confirmed so far, and when, e.g. "We can confirm that at approximately 1:40 a.m. …"',
  },
  {
    id: 'unknowns',
    title: "what we don't know",
    groups: [
      {
        title: "what we don't know",
        cues: [
          'we do not yet know',
          "we don't yet know",
          'we do not know',
          "we don't know",
          'what we do not know',
          "what we don't know",
          'not yet known',
          'unknown',
          'not yet clear',
          'unclear',
          'still being determined',
          'yet to be determined',
          'being determined',
          'not yet able',
          'cannot yet',
          "can't yet",
          'have not yet',
          'has not yet',
          'not yet been',
          'still learning',
          'still gathering',
          'as we learn more',
        ],
      },
    ],
    advice: 'say what is not yet known, e.g. "We do not yet know how many people were injured."',
  },
  {
    id: 'actions',
    title: 'what we are doing and when the next update is',
    groups: [
      {
        title: 'what we are doing',
        cues: [
          'we are working',
          'investigat',
          'reviewing',
          'we have asked',
          'we have requested',
          'we have notified',
          'we have contacted',
          'cooperating',
          'working with',
          'we are taking',
          'we have taken',
          'steps',
          'has been placed',
          'have been placed',
          'we have opened',
          'is leading',
          'are leading',
          'we are gathering',
          'we are supporting',
          'responding',
        ],
      },
      {
        title: 'when the next update is',
        cues: [
          'next update',
          'further update',
          'will update',
          'provide an update',
          'provide updates',
          'update you',
          'update the public',
          'updates will',
          'another update',
          'we will share more',
          'we will provide more',
          'more information will',
          'additional information will',
          'next briefing',
        ],
      },
    ],
    advice:
      'say what the city is doing, e.g. "We have asked the State Highway Patrol to investigate", and when the next update will be, e.g. "We will provide the next update by 6:00 a.m."',
  },
  {
    id: 'commitment',
    title: 'commitment',
    groups: [
      {
        title: 'commitment',
        cues: [
          'committed',
          'commit to',
          'we will continue',
          'we promise',
          'pledge',
          'transparen',
          'accountab',
          'we will be open',
          'we will share',
          'thorough',
          'we owe',
          'our responsibility',
          'take this seriously',
          'taking this seriously',
        ],
      },
    ],
    advice: 'commit to the public, e.g. "We are committed to sharing what we learn as soon as we can confirm it."',
  },
  {
    id: 'learn-more',
    title: 'where to learn more',
    groups: [
      {
        title: 'where to learn more',
        cues: [
          'more information',
          'learn more',
          'visit',
          'http://',
          'https://',
          'www.',
          '.gov',
          '.org',
          'follow',
          'call ',
          'contact',
          'media inquiries',
          'questions',
          'hotline',
          'phone',
          'email',
          'e-mail',
          '@',
        ],
      },
    ],
    advice:
      'say where to learn more: a web page, a phone line, an account to follow, or the time of the next briefing.',
  },
];

/** A playbook's own elements, in the same shape: one group each, any cue marks it present. */
export function cercFromPlaybook(elements: readonly CercElement[]): CercCheck[] {
  return elements.map((e) => ({
    id: e.id,
    title: e.title,
    groups: [{ title: e.title, cues: e.cues }],
    advice: `add a sentence for it; any of these marks it present: ${e.cues.map((c) => `"${c}"`).join(', ')}.`,
  }));
}
