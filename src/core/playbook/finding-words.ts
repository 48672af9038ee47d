/**
 * Words for where a problem is, beside its line and column: `action "notify-mayor": ` for
 * anything inside a list item that has an id, and `"owner"` / `item 2 of "notify"` for the value.
 * Author-written text goes in as written: the whole message is escaped once, when it becomes a
 * problem (src/io/playbook/load.ts), as docs/escaping.md says.
 */

const LISTS: [RegExp, string][] = [
  [/^\/actions\/(\d+)/, 'action'],
  [/^\/roles\/(\d+)/, 'role'],
  [/^\/facts\/(\d+)/, 'fact'],
  [/^\/templates\/(\d+)/, 'template'],
  [/^\/classification\/tiers\/(\d+)/, 'tier'],
  [/^\/checks\/cerc\/(\d+)/, 'CERC element'],
];

/** `action "notify-mayor": `, or nothing outside such an item and for the item's own id. */
export function itemContext(path: string, data: unknown): string {
  for (const [re, kind] of LISTS) {
    const m = re.exec(path);
    if (!m) continue;
    if (path === `${m[0]}/id`) return '';
    const item = resolvePointer(data, m[0]);
    const id = item !== null && typeof item === 'object' ? (item as Record<string, unknown>).id : undefined;
    return typeof id === 'string' && id !== '' ? `${kind} "${id}": ` : '';
  }
  return '';
}

export function resolvePointer(data: unknown, path: string): unknown {
  let cur = data;
  for (const seg of segments(path)) {
    if (cur === null || typeof cur !== 'object' || !Object.hasOwn(cur, seg)) return undefined;
    cur = (cur as Record<string, unknown>)[seg];
  }
  return cur;
}

/** `"owner"`, `item 2 of "notify"`, `the playbook`. */
export function label(path: string): string {
  const segs = segments(path);
  const last = segs[segs.length - 1];
  if (last === undefined) return 'the playbook';
  if (/^\d+$/.test(last)) {
    const parent = segs[segs.length - 2];
    return parent === undefined ? `item ${Number(last) + 1}` : `item ${Number(last) + 1} of "${parent}"`;
  }
  return `"${last}"`;
}

/** The key a value is under: `owner` for /actions/0/owner, `approvers` for /actions/0/approvers/1. */
export function keyName(path: string): string {
  const segs = segments(path).filter((s) => !/^\d+$/.test(s));
  return segs[segs.length - 1] ?? '';
}

function segments(path: string): string[] {
  return path === ''
    ? []
    : path
        .split('/')
        .slice(1)
        .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}
