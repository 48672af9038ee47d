/**
 * What a person can do with the item in front of them, as data: the command layer turns this list
 * into a menu. Pure, so the rules (a statement is drafted and released, never "marked done"; an
 * extension is offered only where the playbook allows one; approve only for an approver still to
 * decide) are tested without a terminal.
 *
 * A choice the actor's role may not make is listed disabled with the reason, so the person learns
 * whom to hand it to (or to switch role) instead of meeting a refusal after typing a note.
 */
import type { Action, Playbook } from '../../core/playbook/model.js';
import { actsFor, approverRoleFor, statementProgress } from '../../core/statements/approvals.js';
import { entryOf } from '../../core/statements/state.js';
import type { ScheduleItem } from '../../core/incident/schedule.js';
import type { IncidentState } from '../../core/incident/state.js';
import { roleTitle } from './header.js';

export type ChoiceId =
  | 'done'
  | 'draft'
  | 'edit'
  | 'read'
  | 'approve'
  | 'reject'
  | 'release'
  | 'skip'
  | 'extend'
  | 'note'
  | 'later'
  | 'status'
  | 'role'
  | 'quit'
  // Only when nothing is due now:
  | 'refresh'
  | 'revisit'
  | 'ahead';

export interface MenuChoice {
  id: ChoiceId;
  label: string;
  /** Shown greyed out with this reason. */
  disabled?: string;
}

/** A statement: completed by releasing a drafted, approved text, never by "done". */
export function isStatement(action: Action): boolean {
  return action.kind === 'statement' || action.template !== undefined;
}

function ownerOrDeputy(role: string, action: Action, playbook: Playbook): boolean {
  return role === action.owner || actsFor(role, playbook.roles).includes(action.owner);
}

export function choicesFor(
  item: ScheduleItem,
  action: Action,
  state: IncidentState,
  playbook: Playbook,
  actorRole: string,
): MenuChoice[] {
  const out: MenuChoice[] = [];
  const owner = ownerOrDeputy(actorRole, action, playbook);
  const onlyOwner = `only ${roleTitle(playbook, action.owner)} may record it: switch role`;
  // depends_on: refused until the steps it waits for are recorded (guards.ts requireOrder).
  const blockers = item.waiting_on.filter((id) => action.depends_on?.includes(id));
  const waits = blockers.length ? `waits for ${blockers.join(', ')} to be recorded first` : undefined;
  if (isStatement(action)) {
    const entry = entryOf(state.statements, action.id);
    const progress = statementProgress(entry, action, playbook.roles);
    const v = progress.current;
    if (v) out.push({ id: 'read', label: `Read the current draft (v${v.version})` });
    const approver = approverRoleFor(actorRole, action, playbook.roles);
    const canDecide = v !== undefined && !progress.released && progress.errors.length === 0 && approver !== undefined;
    if (canDecide && !progress.approved.includes(approver))
      out.push({ id: 'approve', label: `Approve v${v.version} (bound to its exact text)` });
    if (canDecide && !progress.rejected.includes(approver))
      out.push({ id: 'reject', label: `Request changes to v${v.version} (reject, with a reason)` });
    if (progress.status === 'approved') {
      const mayRelease = owner || approver !== undefined;
      out.push({
        id: 'release',
        label: `Release v${v!.version}`,
        ...(!mayRelease
          ? { disabled: `only ${roleTitle(playbook, action.owner)} or an approver may` }
          : waits
            ? { disabled: waits }
            : {}),
      });
    }
    out.push({
      id: 'draft',
      label: v
        ? `Draft a new version (v${v.version + 1}) from the template and the facts`
        : 'Draft it from the template and the facts',
    });
    if (v && !progress.released)
      out.push({ id: 'edit', label: `Edit v${v.version} in $EDITOR (the edit becomes v${v.version + 1})` });
  } else {
    const disabled = owner ? waits : onlyOwner;
    out.push({ id: 'done', label: 'Mark it done', ...(disabled ? { disabled } : {}) });
  }
  if (owner) {
    out.push({ id: 'skip', label: 'Skip it, with a reason' });
    if (action.extendable !== undefined && item.due !== undefined)
      out.push({ id: 'extend', label: 'Extend the deadline, with a reason' });
  }
  out.push(
    { id: 'note', label: 'Add a note to the log' },
    { id: 'later', label: 'Later: go on to the next item' },
    { id: 'status', label: 'See the status board' },
    { id: 'role', label: 'Switch role' },
    { id: 'quit', label: 'Quit' },
  );
  return out;
}

/** When nothing is due now: what can still be done. */
export function idleChoices(hasLater: boolean, hasNextDeadline: boolean): MenuChoice[] {
  return [
    ...(hasLater ? [{ id: 'revisit' as const, label: 'Go back to the items I put off' }] : []),
    { id: 'refresh', label: 'Check again (re-read the log)' },
    ...(hasNextDeadline ? [{ id: 'ahead' as const, label: 'Work on the next deadline now' }] : []),
    { id: 'note', label: 'Add a note to the log' },
    { id: 'status', label: 'See the status board' },
    { id: 'role', label: 'Switch role' },
    { id: 'quit', label: 'Quit' },
  ];
}
