/**
 * Checks a schema cannot express, run on a playbook that has passed the schema: references to
 * roles, facts, actions, tiers and templates that do not exist; duplicate ids; dependency
 * cycles; durations that make no sense; unknown time zones; conditions that can never match.
 * Each finding is located at the node it is about.
 */
import { parseDuration, type Duration } from '../time/duration.js';
import { itemContext, keyName } from './finding-words.js';
import { pointer, type Finding, type Locator } from './locate.js';
import { daysInMonth } from '../time/zoned.js';
import {
  anchorOf,
  promiseUpdates,
  type Action,
  type Condition,
  type Fact,
  type FactValue,
  type Holiday,
  type Playbook,
  type TimeAmount,
  type TimeRule,
} from './model.js';
import { neverMatching, type ConditionDomain } from './satisfiable.js';
import { didYouMean } from './suggest.js';
import { templateFindings } from './template-check.js';
import { compileFlagged } from './flagged-pattern.js';

/** Template text read from files beside the playbook, by index in `templates`. */
export type TemplateFiles = ReadonlyMap<number, { text: string; file: string }>;

export function semanticFindings(pb: Playbook, locator: Locator, templateFiles: TemplateFiles = new Map()): Finding[] {
  const findings: Finding[] = [];
  const report = (path: string, message: string, where: 'key' | 'value' = 'value') =>
    findings.push({
      ...(where === 'key' ? locator.key(path) : locator.value(path)),
      message: `${itemContext(path, pb)}${message}`,
    });
  const line = (path: string) => locator.value(path).line;

  // Ids, each kind on its own: a role and an action may share a name.
  const ids = (kind: string, list: readonly { id: string }[], base: string): Map<string, number> => {
    const first = new Map<string, number>();
    list.forEach((item, i) => {
      const seen = first.get(item.id);
      if (seen === undefined) first.set(item.id, i);
      else report(`${base}/${i}/id`, `duplicate ${kind} id "${item.id}" (first at line ${line(`${base}/${seen}/id`)})`);
    });
    return first;
  };
  const roles = ids('role', pb.roles, '/roles');
  const facts = ids('fact', pb.facts, '/facts');
  const tiers = ids('tier', pb.classification.tiers, '/classification/tiers');
  const actions = ids('action', pb.actions, '/actions');
  const templates = ids('template', pb.templates ?? [], '/templates');
  ids('CERC element', pb.checks?.cerc ?? [], '/checks/cerc');

  const factById = new Map(pb.facts.map((f) => [f.id, f] as const).reverse());
  const refer = (kind: string, known: ReadonlyMap<string, number>, id: string, path: string) => {
    if (known.has(id)) return true;
    const list = known.size <= 12 ? ` (${kind}s: ${[...known.keys()].join(', ') || 'none'})` : '';
    const hint = didYouMean(id, known.keys());
    report(path, `unknown ${kind} "${id}" in "${keyName(path)}"${hint || list}`);
    return false;
  };
  const referAll = (
    kind: string,
    known: ReadonlyMap<string, number>,
    list: readonly string[] | undefined,
    path: string,
  ) => list?.forEach((id, j) => refer(kind, known, id, `${path}/${j}`));

  checkTimeZone(pb.time_zone, (m) => report('/time_zone', m));

  const holidayRule = (h: Holiday, path: string) => {
    if (h.month === undefined) {
      report(path, 'a holiday needs "date" (YYYY-MM-DD), or "month" with "day" or with "weekday" and "nth"', 'key');
      return;
    }
    const byDay = h.day !== undefined;
    const byWeekday = h.weekday !== undefined || h.nth !== undefined;
    if (byDay === byWeekday) report(path, 'a holiday by rule gives either "day", or "weekday" with "nth"', 'key');
    else if (byWeekday && (h.weekday === undefined || h.nth === undefined || h.nth === 0))
      report(path, 'a holiday by weekday needs both "weekday" and "nth" (1 to 5, or -1 for the last)', 'key');
    if (byDay && h.day! > daysInMonth(2028, h.month)) report(`${path}/day`, `month ${h.month} has no day ${h.day}`);
    if (h.observed !== undefined && !byDay)
      report(`${path}/observed`, '"observed" applies to a holiday on a fixed day', 'key');
  };
  const holidays = new Map<string, number>();
  pb.calendar?.holidays?.forEach((h, i) => {
    if (h.date === undefined) {
      holidayRule(h, `/calendar/holidays/${i}`);
      return;
    }
    if (!isCalendarDate(h.date))
      report(`/calendar/holidays/${i}/date`, `"${h.date}" is not a calendar date written YYYY-MM-DD`);
    const seen = holidays.get(h.date);
    if (seen === undefined) holidays.set(h.date, i);
    else
      report(
        `/calendar/holidays/${i}/date`,
        `holiday ${h.date} is listed twice (first at line ${line(`/calendar/holidays/${seen}/date`)})`,
      );
  });

  pb.roles.forEach((role, i) => {
    referAll('role', roles, role.acts_for, `/roles/${i}/acts_for`);
    role.acts_for?.forEach((id, j) => {
      if (id === role.id) report(`/roles/${i}/acts_for/${j}`, 'a role cannot act for itself');
      // A city role records an outside agency's duty as reported (with its source), never in its name.
      else if (pb.roles.find((r) => r.id === id)?.outside && !role.outside)
        report(
          `/roles/${i}/acts_for/${j}`,
          `"${id}" is an agency outside the city: no city role acts for it (its duties are recorded as reported, with --source)`,
        );
    });
  });

  // An action owed per request can only be counted from, or wait on, the same request's items.
  const requestKind = (id: string | undefined) => pb.actions.find((a) => a.id === id)?.per_request;
  const crossesRequests = (from: string | undefined, to: string) =>
    requestKind(to) !== undefined && requestKind(to) !== requestKind(from);
  const timeRule = (rule: TimeRule, path: string, self?: string) => {
    const list = rule.earliest_of ?? rule.latest_of;
    const listKey = rule.earliest_of ? 'earliest_of' : 'latest_of';
    const shapes = [rule.after, rule.before, rule.earliest_of, rule.latest_of].filter((x) => x !== undefined).length;
    if (shapes === 0) {
      report(path, 'missing required key "after" (or "before", "earliest_of", "latest_of")', 'key');
      return;
    }
    if (shapes > 1) {
      report(path, 'give exactly one of "after", "before", "earliest_of" and "latest_of"', 'key');
      return;
    }
    if (list !== undefined) {
      list.forEach((r, i) => timeRule(r, `${path}/${listKey}/${i}`, self));
      return;
    }
    const key = rule.after !== undefined ? 'after' : 'before';
    const anchor = rule.after ?? rule.before!;
    if (anchor === 'received' && key === 'after') {
      if (requestKind(self) === undefined)
        report(
          `${path}/after`,
          '"after: received" counts from a request\'s receipt; only an action with "per_request" has one',
        );
    } else if (typeof anchor === 'object' && 'action' in anchor) {
      if (anchor.action === self)
        report(`${path}/${key}/action`, `an action's deadline cannot be counted from its own completion`);
      else if (crossesRequests(self, anchor.action))
        report(
          `${path}/${key}/action`,
          `"${anchor.action}" is owed once per "${requestKind(anchor.action)}" request, so it has no single completion to count from here`,
        );
      else refer('action', actions, anchor.action, `${path}/${key}/action`);
    } else if (typeof anchor === 'object' && 'scheduled' in anchor) {
      const target = pb.actions.find((a) => a.id === anchor.scheduled);
      if (anchor.scheduled === self)
        report(`${path}/${key}/scheduled`, `an action's deadline cannot be counted from its own start`);
      else if (target === undefined) refer('action', actions, anchor.scheduled, `${path}/${key}/scheduled`);
      else if (target.kind !== 'press-conference')
        report(
          `${path}/${key}/scheduled`,
          `"${target.id}" is not a press conference; only a press conference has a scheduled start`,
        );
    } else if (typeof anchor === 'object') {
      if (refer('fact', facts, anchor.fact, `${path}/${key}/fact`) && factById.get(anchor.fact)?.type !== 'date-time')
        report(
          `${path}/${key}/fact`,
          `fact "${anchor.fact}" is not a date-time fact, so it holds no time to count from`,
        );
    } else if (key === 'before') {
      report(
        `${path}/before`,
        `"before: ${anchor}" counts back from an event that has already happened; use a date-time fact, an action or {scheduled: PRESS_CONFERENCE}`,
      );
    }
    amount(rule, path, rule.by_tier === undefined);
    rule.by_tier?.forEach((b, i) => {
      referAll('tier', tiers, b.tiers, `${path}/by_tier/${i}/tiers`);
      amount(b, `${path}/by_tier/${i}`, true);
    });
  };
  const amount = (rule: TimeAmount, path: string, required: boolean) => {
    const given = (['within', 'business_days', 'business_hours'] as const).filter((k) => rule[k] !== undefined);
    if (given.length === 2 && given[0] === 'within' && given[1] === 'business_days')
      report(`${path}/business_days`, 'give either "within" or "business_days", not both', 'key');
    else if (given.length > 1)
      report(
        `${path}/${given[1]}`,
        `give one of "within", "business_days" and "business_hours", not ${given.map((g) => `"${g}"`).join(' and ')}`,
        'key',
      );
    if (given.length === 0 && required)
      report(path, 'give "within" (a duration such as PT1H) or "business_days" or "business_hours" (a number)', 'key');
    if (rule.within !== undefined) duration(rule.within, `${path}/within`, false);
  };

  const duration = (text: string, path: string, positive: boolean): Duration | undefined => {
    const d = parseDuration(text);
    if (!d) {
      report(path, `"${text}" is not an ISO 8601 duration; write e.g. PT15M, PT1H, P1D or P45D`);
      return undefined;
    }
    const days =
      d.years * 366 + d.months * 31 + d.weeks * 7 + d.days + (d.hours + (d.minutes + d.seconds / 60) / 60) / 24;
    if (days > 36600) report(path, `"${text}" is longer than 100 years; is it a typo?`);
    else if (positive && days === 0) report(path, `"${text}" is zero; it must be more than that`);
    return d;
  };

  pb.facts.forEach((fact, i) => {
    if (fact.type === 'choice' && !fact.choices) report(`/facts/${i}`, 'a fact of type choice needs "choices"', 'key');
    if (fact.type !== 'choice' && fact.choices)
      report(`/facts/${i}/choices`, `"choices" apply only to a fact of type choice (this one is ${fact.type})`, 'key');
    if (fact.sensitive) timeRule(fact.sensitive.not_before, `/facts/${i}/sensitive/not_before`);
    if (fact.promise !== undefined && fact.promise !== false && fact.type !== 'date-time')
      report(`/facts/${i}/promise`, `"promise" applies only to a date-time fact (this one is ${fact.type})`, 'key');
    const updates = promiseUpdates(fact);
    if (updates === undefined) return;
    const listed = typeof fact.promise === 'object' && Array.isArray(fact.promise.updates);
    updates.forEach((id, j) => {
      const path = listed ? `/facts/${i}/promise/updates/${j}` : `/facts/${i}/promise/updates`;
      if (!refer('action', actions, id, path)) return;
      if (pb.actions[actions.get(id)!]!.repeat === undefined)
        report(
          path,
          `action "${id}" does not repeat, so it is no public update a promise can set the next of; give it "repeat"`,
        );
    });
  });

  referAll('fact', facts, pb.classification.questions, '/classification/questions');

  const domain: ConditionDomain = { facts: factById, tiers: [...tiers.keys()] };
  const condition = (cond: Condition, path: string, tierAllowed: boolean, tierList?: readonly string[]) => {
    const before = findings.length;
    checkCondition(cond, path, tierAllowed);
    if (findings.length > before) return; // one clear problem is better than a second, derived one
    const also: Condition | undefined = tierList ? { tier: [...tierList] } : undefined;
    for (const never of neverMatching(cond, domain, also)) {
      report(`${path}${never.path}`, `this condition can never match: ${never.reason}`);
    }
  };
  const checkCondition = (cond: Condition, path: string, tierAllowed: boolean): void => {
    if ('all' in cond) cond.all.forEach((c, i) => checkCondition(c, `${path}/all/${i}`, tierAllowed));
    else if ('any' in cond) cond.any.forEach((c, i) => checkCondition(c, `${path}/any/${i}`, tierAllowed));
    else if ('not' in cond) checkCondition(cond.not, `${path}/not`, tierAllowed);
    else if ('tier' in cond) {
      if (!tierAllowed)
        report(`${path}/tier`, "a tier's condition cannot test the tier: tiers are chosen from facts", 'key');
      else referAll('tier', tiers, cond.tier, `${path}/tier`);
    } else {
      if (!refer('fact', facts, cond.fact, `${path}/fact`)) return;
      const fact = factById.get(cond.fact)!;
      if ('equals' in cond) checkValue(fact, cond.equals, `${path}/equals`);
      if ('in' in cond) {
        if (cond.in.length === 0) report(`${path}/in`, '"in" is an empty list, so this condition never matches');
        cond.in.forEach((v, j) => checkValue(fact, v, `${path}/in/${j}`));
      }
    }
  };
  const checkValue = (fact: Fact, value: FactValue, path: string) => {
    const expected = fact.type === 'number' ? 'number' : fact.type === 'boolean' ? 'boolean' : 'string';
    if (typeof value !== expected) {
      const words = { number: 'a number', boolean: 'true or false', string: 'text' }[expected];
      report(
        path,
        `fact "${fact.id}" is ${fact.type === 'choice' ? 'a choice' : `of type ${fact.type}`}, so this value must be ${words}, not ${JSON.stringify(value)}`,
      );
    } else if (fact.type === 'choice' && fact.choices && !fact.choices.includes(value as string)) {
      report(
        path,
        `"${String(value)}" is not one of the choices of fact "${fact.id}" (${fact.choices.join(', ')})${didYouMean(String(value), fact.choices)}`,
      );
    }
  };

  pb.classification.tiers.forEach((tier, i) => {
    if (tier.when) condition(tier.when, `/classification/tiers/${i}/when`, false);
  });

  pb.actions.forEach((action, i) => {
    const base = `/actions/${i}`;
    refer('role', roles, action.owner, `${base}/owner`);
    referAll('role', roles, action.approvers, `${base}/approvers`);
    action.approvers?.forEach((id, j) => {
      // Nobody records as an outside role, so it could never approve.
      if (pb.roles.find((r) => r.id === id)?.outside)
        report(`${base}/approvers/${j}`, `"${id}" is an agency outside the city: it cannot approve in cic`);
    });
    const approvers = new Set(action.approvers ?? []).size;
    if (action.approvals_needed !== undefined && action.approvals_needed > approvers)
      report(
        `${base}/approvals_needed`,
        approvers === 0
          ? 'approvals_needed needs approvers to count: list them in approvers'
          : `approvals_needed is ${action.approvals_needed} but there ${approvers === 1 ? 'is 1 approver' : `are ${approvers} approvers`}`,
      );
    referAll('role', roles, action.notify, `${base}/notify`);
    referAll('tier', tiers, action.tiers, `${base}/tiers`);
    referAll('fact', facts, action.required_facts, `${base}/required_facts`);
    if (action.template !== undefined) refer('template', templates, action.template, `${base}/template`);
    action.depends_on?.forEach((id, j) => {
      if (id === action.id) report(`${base}/depends_on/${j}`, 'an action cannot depend on itself');
      else refer('action', actions, id, `${base}/depends_on/${j}`);
    });
    timeRule(action.due, `${base}/due`, action.id);
    const sf = action.schedule_facts;
    if (sf !== undefined && action.kind !== 'press-conference')
      report(`${base}/schedule_facts`, 'only a press conference is scheduled; schedule_facts belongs to one', 'key');
    for (const [key, type] of [
      ['start', 'date-time'],
      ['place', 'text'],
    ] as const) {
      const id = sf?.[key];
      if (id === undefined) continue;
      refer('fact', facts, id, `${base}/schedule_facts/${key}`);
      const fact = pb.facts.find((f) => f.id === id);
      if (fact !== undefined && fact.type !== type)
        report(`${base}/schedule_facts/${key}`, `fact "${id}" is ${fact.type}; the ${key} needs a ${type} fact`);
    }
    if (action.target) timeRule(action.target, `${base}/target`, action.id);
    if (action.per_request !== undefined && action.repeat)
      report(`${base}/repeat`, 'an action owed per request is due once per request; it cannot also repeat', 'key');
    action.depends_on?.forEach((id, j) => {
      if (crossesRequests(action.id, id))
        report(
          `${base}/depends_on/${j}`,
          `"${id}" is owed once per "${requestKind(id)}" request; only an action owed per request of that kind can wait on it`,
        );
    });
    if (action.repeat) {
      duration(action.repeat.every, `${base}/repeat/every`, true);
      if (anchorOf(action.due) === 'closed')
        report(`${base}/repeat`, 'an action due after closing cannot repeat until closed', 'key');
    }
    const ext = action.extendable;
    if (ext) {
      if (ext.max !== undefined) duration(ext.max, `${base}/extendable/max`, true);
      if (ext.step !== undefined) duration(ext.step, `${base}/extendable/step`, true);
      if (ext.cap) timeRule(ext.cap, `${base}/extendable/cap`, action.id);
      if (ext.max === undefined && ext.cap === undefined && (ext.step === undefined || ext.max_count === undefined))
        report(`${base}/extendable`, 'an extension needs a limit: "max", "cap", or "step" with "max_count"', 'key');
    }
    const pausable = action.pausable;
    if (pausable) {
      if (pausable.reassess_every !== undefined)
        duration(pausable.reassess_every, `${base}/pausable/reassess_every`, true);
      if (pausable.after_resume !== undefined) duration(pausable.after_resume, `${base}/pausable/after_resume`, false);
      if (pausable.cap) timeRule(pausable.cap, `${base}/pausable/cap`, action.id);
    }
    if (action.when) {
      const known = action.tiers?.filter((t) => tiers.has(t));
      condition(action.when, `${base}/when`, true, known && known.length === action.tiers!.length ? known : undefined);
    }
  });

  for (const cycle of dependencyCycles(pb.actions, actions))
    findings.push({ ...locator.value(cycle.path), message: cycle.message });

  const factIds = new Set(facts.keys());
  (pb.templates ?? []).forEach((t, i) => {
    const base = `/templates/${i}`;
    if (t.text !== undefined && t.file !== undefined)
      report(`${base}/file`, 'a template has either "text" or "file", not both', 'key');
    if (t.text === undefined && t.file === undefined)
      report(base, 'a template needs "text" (inline) or "file" (beside the playbook)', 'key');
    if (t.text !== undefined) {
      const inline = { locator, range: locator.range(`${base}/text`), fallback: locator.value(`${base}/text`) };
      findings.push(...templateFindings({ text: t.text, inline }, factIds));
    }
    const file = templateFiles.get(i);
    if (file) findings.push(...templateFindings({ text: file.text, file: file.file }, factIds));
  });

  pb.checks?.flagged_phrases?.forEach((f, i) => {
    if (!f.regex) return;
    const compiled = compileFlagged(f.pattern);
    if (!compiled.ok) report(`/checks/flagged_phrases/${i}/pattern`, compiled.problem);
  });

  return findings;
}

/** `YYYY-MM-DD` naming a real day (the schema checks the shape; February 30th passes it). */
function isCalendarDate(text: string): boolean {
  const [y, m, d] = text.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

function checkTimeZone(zone: string, report: (message: string) => void): void {
  // The list of canonical zones is cheap to get; a formatter (which also knows aliases such as
  // US/Central, and any letter case) loads locale data, so it is only asked about the rest.
  const supported = (Intl as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf?.('timeZone') ?? [];
  if (supported.includes(zone)) return;
  let resolved: string | undefined;
  try {
    resolved = new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    resolved = undefined;
  }
  // Intl accepts any letter case ("america/chicago"); other tools may not, so ask for the real name.
  if (
    resolved !== undefined &&
    resolved.toLowerCase() === zone.toLowerCase() &&
    resolved !== zone &&
    !/^(etc\/)?utc$/i.test(zone)
  ) {
    report(`time zone "${zone}" is written "${resolved}"`);
    return;
  }
  if (resolved !== undefined) return;
  report(`unknown time zone "${zone}"${didYouMean(zone, supported) || '; use an IANA name such as America/Chicago'}`);
}

/**
 * Actions that wait for each other (depends_on, or a deadline counted from another action's
 * completion) can never all be done. One finding per cycle, at the edge leaving its first action.
 */
function dependencyCycles(
  list: readonly Action[],
  index: ReadonlyMap<string, number>,
): { path: string; message: string }[] {
  const edges = list.map((a, i) => {
    const out: { to: number; path: string }[] = [];
    a.depends_on?.forEach((id, j) => {
      const to = index.get(id);
      if (to !== undefined && to !== i) out.push({ to, path: pointer(`/actions/${i}/depends_on`, j) });
    });
    const anchored = (rule: TimeRule, path: string): void => {
      (rule.earliest_of ?? rule.latest_of ?? []).forEach((r, j) =>
        anchored(r, `${path}/${rule.earliest_of ? 'earliest_of' : 'latest_of'}/${j}`),
      );
      const key = rule.after !== undefined ? 'after' : 'before';
      const anchor = rule.after ?? rule.before;
      if (typeof anchor !== 'object' || !('action' in anchor)) return;
      const to = index.get(anchor.action);
      // Only "latest_of" and plain rules wait for the action; "earliest_of" does not need every anchor.
      if (to !== undefined && to !== i && !path.includes('earliest_of'))
        out.push({ to, path: `${path}/${key}/action` });
    };
    anchored(a.due, `/actions/${i}/due`);
    return out;
  });
  const found: { path: string; message: string }[] = [];
  const state = new Array<number>(list.length).fill(0); // 0 unvisited, 1 on the stack, 2 done
  const stack: { node: number; path: string }[] = [];
  const visit = (node: number): void => {
    state[node] = 1;
    for (const edge of edges[node]!) {
      if (state[edge.to] === 1) {
        const from = stack.findIndex((s) => s.node === edge.to);
        const members = [...stack.slice(from), { node, path: edge.path }];
        const names = [...members.map((m) => list[m.node]!.id), list[edge.to]!.id];
        found.push({
          path: members[0]!.path,
          message: `dependency cycle: ${names.join(' → ')}; these actions wait for each other, so none of them can be done`,
        });
      } else if (state[edge.to] === 0) {
        stack.push({ node, path: edge.path });
        visit(edge.to);
        stack.pop();
      }
    }
    state[node] = 2;
  };
  list.forEach((_, i) => {
    if (state[i] === 0 && index.get(list[i]!.id) === i) visit(i);
  });
  return found;
}
