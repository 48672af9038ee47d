/**
 * The demo's script, as data: a Tier 1 night in Clayton under the bundled playbook, from the shot
 * to the clerk's report. Each step is a time on the playbook's clock, who acts, one sentence of
 * narration, and the `cic` command a person would type (without the workspace; `--as` is added
 * from `who`). The runner executes exactly these arguments.
 *
 * What it shows, in order: open and classify; the Chief notifies the City Manager; the holding
 * statement drafted, approved by each approver and released; the Board briefing recorded late; a
 * deadline extended with a reason; a public update whose facts changed; a press briefing; the
 * close, which ends the active response; then on Monday, as a city would, the duties the close
 * leaves: the clerk opens the Sunshine request log (dated from the incident, left open at the
 * close), the City Manager verifies the log and delivers it with its digest to the clerk (a duty
 * that starts at closing); the report in every format, the calendar.
 */

export const DEMO_ZONE = 'America/Chicago';

export interface Person {
  role: string;
  name: string;
}

export const CAST = {
  chief: { role: 'police-chief', name: 'Lena Ortiz' },
  manager: { role: 'city-manager', name: 'Marcus Reed' },
  pio: { role: 'pio', name: 'Jo Park' },
  clerk: { role: 'city-clerk', name: 'June Alvarez' },
} as const satisfies Record<string, Person>;

/** What earlier steps produced, for the arguments of later ones. */
export interface DemoContext {
  incident: string;
}

export interface Step {
  /** Local wall time in DEMO_ZONE, `YYYY-MM-DD HH:MM`. */
  at: string;
  /** Who acts: their role goes in as `--as`, their name as CIC_NAME. Absent for read commands. */
  who?: Person;
  /** What happens: follows "Name (Role) " when there is a `who`, else a whole sentence. */
  say: string;
  /** The cic arguments; absent for a step that only tells what happened. */
  cic?: string[] | ((ctx: DemoContext) => string[]);
  /** Which lines of the command's output to show: those matching, else the first. */
  show?: RegExp;
  /** Read from the command's output into the context. */
  read?: (output: string, ctx: DemoContext) => void;
}

const SUMMARY =
  'At about 1:52 a.m. a Clayton police officer fired at the driver of a car stopped in the 7700 block of Forsyth Boulevard. The driver was hit and taken to a hospital.';
const FACTS = [
  '--fact',
  `incident_summary=${SUMMARY}`,
  '--fact',
  'incident_location=the 7700 block of Forsyth Boulevard',
  '--fact',
  'next_update_at=2026-03-14 06:30',
  '--fact',
  'info_url=https://www.claytonmo.gov/news',
];

export const SCRIPT: Step[] = [
  {
    at: '2026-03-14 01:52',
    say: 'A police officer fires at the driver of a car stopped on Forsyth Boulevard. The driver is hit and taken to a hospital.',
  },
  {
    at: '2026-03-14 02:05',
    who: CAST.chief,
    say: 'opens the incident; the answers to the classification questions make it Tier 1 - Critical.',
    cic: [
      'open',
      '--title',
      'Officer-involved shooting, 7700 block of Forsyth Blvd',
      '--occurred-at',
      '2026-03-14 01:52',
      '--fact',
      'shots_fired_by_officer=yes',
      '--fact',
      'injury_level=hospitalised',
    ],
    show: /opened|^Tier:/,
    read: (out, ctx) => {
      ctx.incident = /Incident (\d{4}-\d{4}) opened/.exec(out)?.[1] ?? ctx.incident;
    },
  },
  {
    at: '2026-03-14 02:14',
    who: CAST.chief,
    say: "calls the City Manager, inside the plan's 15 minutes.",
    cic: ['done', 'notify-city-manager', '--note', 'Called the City Manager on his cell phone; he is on his way'],
  },
  { at: '2026-03-14 02:22', who: CAST.manager, say: 'calls the City Attorney.', cic: ['done', 'notify-city-attorney'] },
  {
    at: '2026-03-14 02:31',
    who: CAST.chief,
    say: 'records that the St. Louis County Police will investigate.',
    cic: ['fact', 'set', 'investigating_agency=St. Louis County Police Department'],
  },
  {
    at: '2026-03-14 02:33',
    who: CAST.chief,
    say: 'agrees with the County who releases what.',
    cic: [
      'done',
      'coordinate-investigating-agency',
      '--note',
      'The County speaks to the investigation; the City to everything else',
    ],
  },
  {
    at: '2026-03-14 02:38',
    who: CAST.pio,
    say: 'drafts the holding statement from its template; cic checks it for the CERC first-message elements.',
    cic: ['draft', 'holding-statement', ...FACTS],
    show: /^Drafted/,
  },
  {
    at: '2026-03-14 02:44',
    who: CAST.chief,
    say: 'approves that exact text (the approval is bound to its SHA-256).',
    cic: ['approve', 'holding-statement'],
  },
  { at: '2026-03-14 02:47', who: CAST.manager, say: 'approves it too.', cic: ['approve', 'holding-statement'] },
  {
    at: '2026-03-14 02:52',
    who: CAST.pio,
    say: "releases it, 13 minutes inside the plan's hour.",
    cic: [
      'release',
      'holding-statement',
      '--channel',
      'city-website',
      '--channel',
      'social-media',
      '--channel',
      'media-email-list',
    ],
    show: /^Released|^Recorded/,
  },
  {
    at: '2026-03-14 03:21',
    who: CAST.manager,
    say: "reaches the Mayor on the third call and briefs the Board by e-mail: past the plan's one hour, so it is recorded late.",
    cic: [
      'done',
      'brief-mayor-board',
      '--note',
      'Mayor reached on the third call; Board briefed one-way by e-mail, no replies (Sunshine Law)',
    ],
  },
  {
    at: '2026-03-14 04:40',
    who: CAST.chief,
    say: "notifies the driver's family and the officer's.",
    cic: ['done', 'notify-next-of-kin'],
  },
  {
    at: '2026-03-14 06:10',
    who: CAST.pio,
    say: 'drafts public update #0, due at 06:30: the holding statement promised the next update then, sooner than its four hours. The hospital says the driver is stable, so the summary changes.',
    cic: [
      'draft',
      'public-update',
      '--fact',
      `incident_summary=${SUMMARY} The driver is in stable condition.`,
      '--fact',
      'next_update_at=2026-03-14 10:30',
    ],
    show: /^Drafted/,
  },
  { at: '2026-03-14 06:15', who: CAST.chief, say: 'approves the update.', cic: ['approve', 'public-update'] },
  {
    at: '2026-03-14 06:20',
    who: CAST.pio,
    say: 'releases it.',
    cic: ['release', 'public-update', '--channel', 'city-website', '--channel', 'social-media'],
    show: /^Released|^Recorded/,
  },
  {
    at: '2026-03-14 09:00',
    who: CAST.pio,
    say: 'extends the video-release deadline: the Prosecuting Attorney asked in writing to hold the video until witnesses are interviewed. The plan allows up to 30 more days, with a logged reason.',
    cic: [
      'extend',
      'video-release',
      '--by',
      'P14D',
      '--reason',
      'Written request of the St. Louis County Prosecuting Attorney: witness interviews (letter filed with the City Clerk)',
    ],
  },
  {
    at: '2026-03-14 09:30',
    who: CAST.manager,
    say: 'approves holding the press briefing (the playbook lists the City Manager as its approver).',
    cic: ['approve', 'press-briefing'],
  },
  {
    at: '2026-03-14 10:00',
    who: CAST.chief,
    say: 'holds a press briefing at City Hall with the Mayor.',
    cic: ['done', 'press-briefing', '--note', 'City Hall, 10:00, with the Mayor; livestreamed; questions taken'],
  },
  {
    at: '2026-03-14 10:45',
    who: CAST.manager,
    say: 'ends the active response: the scene is released. Duties dated from the incident stay on the schedule.',
    cic: [
      'close',
      '--force',
      '--reason',
      'Active response over: scene released, County investigation continuing; dated duties stay on the schedule',
    ],
    show: /closed/,
  },
  {
    at: '2026-03-16 09:00',
    who: CAST.clerk,
    say: 'opens the Sunshine request log for the incident on Monday, the first business day after it, as the plan requires: the incident is closed, but duties dated from it stay on the schedule.',
    cic: ['done', 'open-records-log'],
  },
  {
    at: '2026-03-16 09:30',
    say: "The City Manager verifies the log: its head digest is what the City Clerk enters in the minutes of the Board's next meeting.",
    cic: (ctx) => ['verify', ctx.incident],
    show: /verifies|^Head digest/,
  },
  {
    at: '2026-03-16 09:35',
    who: CAST.manager,
    say: 'delivers the communications log and its digest to the City Clerk: a duty that starts at closing, due within two business days of it.',
    cic: [
      'done',
      'log-to-clerk',
      '--note',
      'Incident folder and head digest given to the City Clerk for the minutes of the next Board meeting',
    ],
  },
  {
    at: '2026-03-16 09:40',
    say: 'The after-action report, in every format.',
    cic: (ctx) => ['report', ctx.incident],
    show: /./,
  },
  {
    at: '2026-03-16 09:41',
    say: "The deadlines still owed, for the City Manager's calendar.",
    cic: (ctx) => ['calendar', ctx.incident, '--out', `deadlines-${ctx.incident}.ics`],
  },
];
