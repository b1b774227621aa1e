import type { FlowStores } from "../../lambdas/core/ports/flow-stores.ts";
import { approvalId } from "../../lambdas/core/records/approval-record.ts";
import type { InstanceRecord } from "../../lambdas/core/records/instance-record.ts";

/** The statuses an instance ends in. */
const TERMINAL: readonly string[] = [
  "completed",
  "rejected",
  "failed",
  "cancelled",
  "timedOut",
  "noRoute",
];

/** What checking one instance found. */
export interface InstanceCheck {
  /** Each broken invariant, in words naming the instance or approval. */
  problems: string[];
  /** Approve and reject actions in the approvals' logs (one per decided seat). */
  seatDecisions: number;
  /** Approvals that ended approved or rejected. */
  decidedApprovals: number;
  /**
   * Task nodes completed more than once in one visit (`node.completed` twice after one
   * `node.activated`; a node a loop visits again completes once per visit), as
   * `<instance>.<node>`.
   */
  tasksCompletedTwice: string[];
}

/**
 * Checks what must hold of an instance once the engine is quiescent, however its requests broke
 * off: it ended (a terminal status, no closing marker); no approval is pending; no seat has two
 * decisions; no approver's decision is recorded twice in the history; every decided approval's
 * node completed exactly once, with its verdict; no to-do row is left for an approval that is
 * not pending (of the approvers and the starter). Task nodes completed twice in one visit are
 * listed apart (`tasksCompletedTwice`), to be counted and held to none.
 *
 * @example
 * const { problems } = await checkInstance(stores, instance);
 */
export async function checkInstance(
  stores: FlowStores,
  instance: InstanceRecord,
): Promise<InstanceCheck> {
  const { tenant, instanceId } = instance;
  const check: InstanceCheck = {
    problems: [],
    seatDecisions: 0,
    decidedApprovals: 0,
    tasksCompletedTwice: [],
  };
  const problem = (text: string) => check.problems.push(text);
  if (!TERMINAL.includes(instance.status)) {
    problem(`${tenant}/${instanceId} (${instance.templateId}) is ${instance.status}`);
  }
  if (instance.closing) problem(`${tenant}/${instanceId} kept its closing marker`);
  const history = await stores.history.list(tenant, instanceId);
  const users = new Set<string>([instance.starter]);
  const approvalNodes = new Set<string>();
  for (const record of await stores.approvals.listForInstance(tenant, instanceId)) {
    const id = approvalId(record);
    approvalNodes.add(record.nodeId);
    for (const seat of record.seats) for (const user of seat.holders) users.add(user);
    if (record.status === "pending") problem(`${id} is pending on a ${instance.status} instance`);
    const decided = record.log.filter((entry) => entry.act === "approve" || entry.act === "reject");
    check.seatDecisions += decided.length;
    const seats = decided.map((entry) => entry.seat);
    if (new Set(seats).size !== seats.length) {
      problem(`${id} has two decisions for one seat: ${JSON.stringify(decided)}`);
    }
    const actors = history
      .filter(
        (entry) =>
          entry.type === "approval.decided" &&
          entry.detail.approvalId === id &&
          (entry.detail.action === "approve" || entry.detail.action === "reject"),
      )
      .map((entry) => entry.actor);
    if (new Set(actors).size !== actors.length) {
      problem(`${id} has a decision recorded twice: ${JSON.stringify(actors)}`);
    }
    if (record.status === "approved" || record.status === "rejected") {
      check.decidedApprovals += 1;
      const outcomes = history.flatMap((entry) =>
        entry.type === "node.completed" && entry.nodeId === record.nodeId
          ? [entry.detail.outcome]
          : [],
      );
      if (outcomes.length !== 1 || outcomes[0] !== record.status) {
        problem(`${id} is ${record.status}, its node completed ${JSON.stringify(outcomes)}`);
      }
    }
  }
  // Completions of each task node since its latest activation: a visit completes it once.
  const completions = new Map<string, number>();
  for (const entry of history) {
    const node = entry.nodeId;
    if (node === undefined || approvalNodes.has(node)) continue;
    if (entry.type === "node.activated") completions.set(node, 0);
    if (entry.type !== "node.completed") continue;
    const times = (completions.get(node) ?? 0) + 1;
    completions.set(node, times);
    if (times === 2) check.tasksCompletedTwice.push(`${instanceId}.${node}`);
  }
  for (const user of users) {
    for (const row of (await stores.inbox.list(tenant, user, "todo")).items) {
      if (row.instanceId !== instanceId || row.nodeId === undefined) continue;
      const record = await stores.approvals.get(tenant, instanceId, row.nodeId, 1);
      if (record?.status !== "pending") {
        problem(`${user}'s to-do row for ${row.approvalId} stays (${record?.status})`);
      }
    }
  }
  return check;
}
