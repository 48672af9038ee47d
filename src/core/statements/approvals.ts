/**
 * Who has approved what. Approvals bind to one version (and its hash): a new version voids every
 * earlier approval, because the words changed. Decisions are read in log order, and an approver's
 * later decision on a version replaces its earlier one (a rejection withdraws an approval, an
 * approval after a rejection means "changes no longer requested").
 *
 * A deputy's decision stands for an approver: an actor whose own role is among the action's
 * approvers stands for that role; otherwise it stands for the first approver, in the action's
 * order, that its role `acts_for` (one level: acting for a role does not pass on its own deputies).
 *
 * How many must approve is the action's `approvals_needed` (default: all). The same counting serves
 * statements (approvals of a draft) and other actions (approvals of one occurrence, before `done`).
 */
import type { Action, Role } from '../playbook/model.js';
import { type Approval, type Rejection, type StatementState, type StatementVersion, currentVersion } from './state.js';

/** The action's approver roles, without repeats. */
export function approversOf(action: Action): string[] {
  return [...new Set(action.approvers ?? [])];
}

/** How many approvals the action needs: `approvals_needed`, or every approver. */
export function approvalsNeeded(action: Action): number {
  const approvers = approversOf(action);
  return Math.min(action.approvals_needed ?? approvers.length, approvers.length);
}

/**
 * Why the approvals given are not enough, or undefined when they are: "approval from mayor (1 of 2
 * approved: police-chief)" for all-of, "2 approvals of a, b, c (1 so far: a)" for fewer.
 */
export function approvalShortfall(action: Action, approved: readonly string[]): string | undefined {
  const approvers = approversOf(action);
  const needed = approvalsNeeded(action);
  if (approved.length >= needed) return undefined;
  if (needed === approvers.length) {
    const missing = approvers.filter((a) => !approved.includes(a));
    return `approval from ${missing.join(', ')} (${approved.length} of ${needed} approved${approved.length ? `: ${approved.join(', ')}` : ''})`;
  }
  const what = needed === 1 ? 'an approval from one' : `${needed} approvals`;
  return `${what} of ${approvers.join(', ')} (${approved.length} so far${approved.length ? `: ${approved.join(', ')}` : ''})`;
}

/** The approver roles whose approval stands among `decisions` by roles (in log order), deputies included. */
export function approvedRoles(roleDecisions: readonly string[], action: Action, roles: readonly Role[]): string[] {
  const stood = new Set<string>();
  for (const role of roleDecisions) {
    const approver = approverRoleFor(role, action, roles);
    if (approver !== undefined) stood.add(approver);
  }
  return approversOf(action).filter((a) => stood.has(a));
}

/** The roles `role` acts for, from the playbook's roles. */
export function actsFor(role: string, roles: readonly Role[]): string[] {
  return roles.find((r) => r.id === role)?.acts_for ?? [];
}

/** The approver role a decision by `actorRole` stands for, or undefined when it stands for none. */
export function approverRoleFor(actorRole: string, action: Action, roles: readonly Role[]): string | undefined {
  const approvers = approversOf(action);
  if (approvers.includes(actorRole)) return actorRole;
  const deputyOf = actsFor(actorRole, roles);
  return approvers.find((a) => deputyOf.includes(a));
}

export type Decision = { kind: 'approved'; approval: Approval } | { kind: 'rejected'; rejection: Rejection };

/** Each approver's standing decision on one version, in the action's approver order. */
export function decisionsOn(
  entry: StatementState,
  version: number,
  action: Action,
  roles: readonly Role[],
): Map<string, Decision> {
  const events: { seq: number; role: string; decision: Decision }[] = [
    ...entry.approvals
      .filter((a) => a.version === version)
      .map((approval) => ({
        seq: approval.seq,
        role: approval.role,
        decision: { kind: 'approved', approval } as Decision,
      })),
    ...entry.rejections
      .filter((r) => r.version === version)
      .map((rejection) => ({
        seq: rejection.seq,
        role: rejection.role,
        decision: { kind: 'rejected', rejection } as Decision,
      })),
  ].sort((a, b) => a.seq - b.seq);
  const byApprover = new Map<string, Decision>();
  for (const { role, decision } of events) {
    const approver = approverRoleFor(role, action, roles);
    if (approver !== undefined) byApprover.set(approver, decision);
  }
  return new Map(approversOf(action).flatMap((a) => (byApprover.has(a) ? [[a, byApprover.get(a)!] as const] : [])));
}

export type StatementStatus =
  | 'not drafted'
  | 'draft'
  | 'changes requested'
  | `awaiting approval (${number} of ${number})`
  | 'approved'
  | 'released';

export interface StatementProgress {
  status: StatementStatus;
  /** The current (latest) version, if any. */
  current?: StatementVersion;
  /** Approver roles whose standing decision on the current version is an approval. */
  approved: string[];
  /** Approver roles whose standing decision on the current version is a rejection. */
  rejected: string[];
  /** Approver roles that have not decided on the current version. */
  awaiting: string[];
  /** Check errors recorded for the current version (they block approval). */
  errors: string[];
  /** The current version has been released (on at least one channel). */
  released: boolean;
}

/**
 * Where a statement stands. 'draft': the current version has check errors and must be redrafted.
 * With no approvers listed, a version without errors is 'approved' (nothing to wait for).
 */
export function statementProgress(
  entry: StatementState | undefined,
  action: Action,
  roles: readonly Role[],
): StatementProgress {
  const current = currentVersion(entry);
  if (!entry || !current)
    return {
      status: 'not drafted',
      approved: [],
      rejected: [],
      awaiting: approversOf(action),
      errors: [],
      released: false,
    };
  const decisions = decisionsOn(entry, current.version, action, roles);
  const approvers = approversOf(action);
  const approved = approvers.filter((a) => decisions.get(a)?.kind === 'approved');
  const rejected = approvers.filter((a) => decisions.get(a)?.kind === 'rejected');
  const awaiting = approvers.filter((a) => !decisions.has(a));
  const errors = current.checks.filter((c) => c.level === 'error').map((c) => `line ${c.line}: ${c.message}`);
  const released = entry.releases.some((r) => r.version === current.version);
  const status: StatementStatus = released
    ? 'released'
    : errors.length > 0
      ? 'draft'
      : approved.length >= approvalsNeeded(action)
        ? 'approved'
        : rejected.length > 0
          ? 'changes requested'
          : `awaiting approval (${approved.length} of ${approvalsNeeded(action)})`;
  return { status, current, approved, rejected, awaiting, errors, released };
}

/** The status label alone: 'not drafted' … 'released'. */
export function statementStatus(
  entry: StatementState | undefined,
  action: Action,
  roles: readonly Role[],
): StatementStatus {
  return statementProgress(entry, action, roles).status;
}

/**
 * The approvers among `roles` (or the approvers they act for) whose decision on the statement's
 * current draft is still missing: what those roles owe. Empty when nothing is owed (not drafted,
 * released, or blocked by check errors, which the drafter must fix first).
 */
export function approvalsOwed(
  entry: StatementState | undefined,
  action: Action,
  roles: readonly string[],
  playbookRoles: readonly Role[],
): string[] {
  if (!action.approvers?.length) return [];
  const progress = statementProgress(entry, action, playbookRoles);
  if (progress.current === undefined || progress.released || progress.errors.length > 0) return [];
  if (progress.status === 'approved') return [];
  const owed = new Set<string>();
  for (const r of roles) {
    const approver = approverRoleFor(r, action, playbookRoles);
    if (approver !== undefined && progress.awaiting.includes(approver)) owed.add(approver);
  }
  return [...owed];
}
