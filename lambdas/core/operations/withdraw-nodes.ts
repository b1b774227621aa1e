import type { Backend } from "../backend/backend.ts";
import type { InstanceRecord } from "../records/instance-record.ts";
import { closePendingApproval, finishWithdrawal } from "./close-approval-record.ts";
import { closeWaitingCallbacks } from "./close-waiting-callbacks.ts";
import { resumeDecidedApproval, resumeOwed } from "./resume-decided-approval.ts";
import { staleSince } from "./stale-since.ts";

/**
 * Withdraws the pending work of nodes whose branch the compiled machine stopped (a lost
 * `join: any` race, a poisoned `join: all`): their approvals close `withdrawn` (to-do rows
 * move to done) and their callbacks close. Runs after the machine's `ADD withdrawn` write —
 * embedded right after it, on AWS from the table's change stream — and is idempotent.
 *
 * @example
 * await withdrawNodes(backend, "default", "01J", ["legal"]);
 */
export async function withdrawNodes(
  backend: Backend,
  tenant: string,
  instanceId: string,
  nodes: readonly string[],
): Promise<void> {
  const instance = await backend.stores.instances.get(tenant, instanceId);
  if (instance) await closePendingWork(backend, instance, nodes);
}

/**
 * Closes what an instance still waits on — of the given nodes, or of all of them: pending
 * approvals close `withdrawn` (to-do rows move to done), waiting callbacks close. Finishing a
 * close that broke off (`finishing`), approvals already withdrawn have their follow-ups done
 * again where they are missing. An approval decided by a request that broke off before it
 * resumed the state (its node never completed) is repaired once the decision is older than the
 * grace period (`resumeDecidedApproval`: the verdict is sent again, or, the state being gone,
 * the record closes); until then the deciding request may still be at it, and the answer is
 * `false`: the work is not all settled yet. So it is when someone else closed a pending approval
 * first (their follow-ups may have broken off): a finishing pass checks them
 * (`finishWithdrawal`).
 *
 * @param nodes - the nodes whose work closes. @default every node
 * @param finishing - an earlier close of the same work may have broken off. @default false
 * @example
 * const settled = await closePendingWork(backend, instance); // the instance ended
 */
export async function closePendingWork(
  backend: Backend,
  instance: InstanceRecord,
  nodes?: readonly string[],
  finishing = false,
): Promise<boolean> {
  const { tenant, instanceId } = instance;
  const history = await backend.stores.history.list(tenant, instanceId);
  let settled = true;
  for (const approval of await backend.stores.approvals.listForInstance(tenant, instanceId)) {
    if (nodes && !nodes.includes(approval.nodeId)) continue;
    if (finishing && approval.status === "withdrawn") {
      await finishWithdrawal(backend, instance, approval, history);
      continue;
    }
    if (resumeOwed(history, approval)) {
      // Not stale yet, or repaired by someone else right now: the finishing pass checks it.
      const repaired =
        staleSince(backend, approval.updatedAt) &&
        (await resumeDecidedApproval(backend, instance, approval));
      if (!repaired) settled = false;
      continue;
    }
    const pending = approval.status === "pending";
    const { closedHere } = await closePendingApproval(backend, instance, approval, "withdrawn");
    // Closed by someone else meanwhile (a decision finding the instance ended, another
    // closing): their follow-ups may have broken off, so the finishing pass checks them.
    if (pending && !closedHere) settled = false;
  }
  // The history read above lists every callback requested before the work was told to close.
  await closeWaitingCallbacks(backend, tenant, instanceId, nodes, history);
  return settled;
}
