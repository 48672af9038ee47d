/**
 * What the report calls things: the playbook's names for roles and tiers, each distinct person
 * once, and log times in the playbook's zone. Shared by the report's outline and its activity rows.
 */
import type { Actor } from '../incident/events.js';
import type { Playbook } from '../playbook/model.js';
import type { LocalTime, Person, RoleRef, TierRef } from './model.js';
import { localTime } from './times.js';

/** Looks up what the playbook calls things, and makes each distinct person once. */
export class Names {
  readonly zone: string;
  private readonly roles: Map<string, string>;
  private readonly tiers: Map<string, string>;
  private readonly people = new Map<string, Map<string, Map<string, Person>>>();
  private readonly minutes = new Map<string, [string, string]>();
  private readonly roleRefs = new Map<string, RoleRef>();

  constructor(playbook: Playbook) {
    this.zone = playbook.time_zone;
    this.roles = new Map(playbook.roles.map((r) => [r.id, r.title]));
    this.tiers = new Map(playbook.classification.tiers.map((t) => [t.id, t.name]));
  }

  role(id: string): RoleRef {
    let ref = this.roleRefs.get(id);
    if (!ref)
      this.roleRefs.set(id, (ref = { id, title: this.roles.get(id) ?? (id === 'system' ? 'cic (system)' : id) }));
    return ref;
  }

  tier(id: string): TierRef {
    return { id, name: this.tiers.get(id) ?? id };
  }

  // The same person on 100,000 rows is one object: the JSON is the same, the memory is not.
  // Nested maps rather than a joined key: no string is built per row.
  person(actor: Actor): Person {
    let byName = this.people.get(actor.role);
    if (!byName) this.people.set(actor.role, (byName = new Map()));
    let byUser = byName.get(actor.name);
    if (!byUser) byName.set(actor.name, (byUser = new Map()));
    let p = byUser.get(actor.user);
    if (!p) byUser.set(actor.user, (p = { role: this.role(actor.role), name: actor.name, user: actor.user }));
    return p;
  }

  /**
   * `localTime`, remembered per minute for log times (`YYYY-MM-DDTHH:mm:ss.sssZ`, as `at` always
   * is): a zone's offset is whole minutes, so seconds and milliseconds carry over unchanged, and
   * entries written in the same minute share the work. Anything else goes to `localTime` itself.
   */
  time(instant: string | number | Date): LocalTime {
    if (typeof instant !== 'string' || instant.length !== 24 || instant.charCodeAt(23) !== 0x5a /* Z */)
      return localTime(instant, this.zone);
    const minute = instant.slice(0, 16);
    let local = this.minutes.get(minute);
    if (local === undefined) {
      const full = localTime(`${minute}:00.000Z`, this.zone);
      local = [full.slice(0, 16), full.slice(19)];
      if (this.minutes.size > 50_000) this.minutes.clear();
      this.minutes.set(minute, local);
    }
    const ms = instant.slice(19, 23);
    return `${local[0]}${instant.slice(16, 19)}${ms === '.000' ? '' : ms}${local[1]}`;
  }

  timeOrNull(instant: string | number | Date | undefined): LocalTime | null {
    return instant === undefined ? null : localTime(instant, this.zone);
  }
}
