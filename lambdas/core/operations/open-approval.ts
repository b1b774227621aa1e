import { resolveSeats } from "../approval/resolve-seats.ts";
import type { Backend } from "../backend/backend.ts";
import type { ApprovalRequest } from "../contract/handler-payloads.ts";
import { NoApproversError } from "../contract/no-approvers-error.ts";
import { parseDuration } from "../model/duration.ts";
import { linearStepNode } from "../model/linear-chain.ts";
import type { ApprovalNode } from "../model/template.ts";
import { WriteConflictError } from "../ports/write-conflict-error.ts";
import { type ApprovalRecord, approvalId, FIRST_VISIT } from "../records/approval-record.ts";
import type { HistoryEntry, NewHistoryEntry } from "../records/history-entry.ts";
import type { InstanceRecord } from "../records/instance-record.ts";
import { closeApprovalRecord } from "./close-approval-record.ts";
import { findApprovalNode } from "./find-approval-node.ts";
import { recordChange } from "./record-change.ts";
import { scheduleReminder } from "./schedule-reminder.ts";
import { currentApprovers, syncApprovalInbox } from "./sync-approval-inbox.ts";

/**
 * Opens an approval when its node parks (the approvals function, invoked by the compiled
 * machine with a task token): resolves the seats, stores the record with the token, puts a
 * to-do row in each approver's inbox and records `node.activated` and `approval.requested`.
 * Throws {@link NoApproversError} when nobody can decide, which fails the node.
 *
 * Parked again (the scheduler loop), the record keeps its seats and decisions and only takes
 * the new token; if it was decided meanwhile, the record takes the new token and the token is
 * resumed with that decision (through `backend.verdicts`). An
 * instance that has ended (its execution not yet stopped) gets none: nothing is stored, and one
 * stored while it ended is withdrawn at once.
 *
 * @example
 * await openApproval(backend, { token, instance: { tenant: "default", id }, node: "lead" });
 */
export async function openApproval(backend: Backend, request: ApprovalRequest): Promise<void> {
  const { tenant, id } = request.instance;
  const instance = await backend.stores.instances.get(tenant, id);
  if (!instance) throw new TypeError(`no instance ${id}`);
  const template = await backend.templates.get(instance.templateId, instance.templateVersion);
  const found = template && findApprovalNode(template, request.node);
  const node: ApprovalNode | undefined = request.step
    ? linearStepNode(request.node, request.step)
    : found;
  if (!node) throw new TypeError(`node ${request.node} is not an approval`);
  // An instance that ended (its execution is being stopped) gets no new approval to decide.
  if (instance.status !== "running") return;
  const resolution = resolveSeats(
    node.approvers,
    { input: request.input ?? instance.input, nodes: request.nodes ?? {} },
    backend.directory,
  );
  const at = backend.clock.now().toISOString();
  if ("error" in resolution) {
    // A node parked again keeps the seats it was opened with, whoever they resolve to now.
    const stored = await backend.stores.approvals.get(tenant, id, node.id, FIRST_VISIT);
    if (stored) return repark(backend, instance, node, stored, request.token);
    await recordChange(
      backend,
      instance,
      [
        {
          type: "node.completed",
          at,
          nodeId: node.id,
          detail: { outcome: "failed", reason: resolution.error },
        },
      ],
      template ? { template } : {},
    );
    throw new NoApproversError(resolution.error);
  }
  const timeout = node.timeout === undefined ? undefined : parseDuration(node.timeout);
  const record: ApprovalRecord = {
    tenant,
    instanceId: id,
    nodeId: node.id,
    visit: FIRST_VISIT,
    templateId: instance.templateId,
    templateVersion: instance.templateVersion,
    starter: instance.starter,
    mode: node.mode,
    ...(node.threshold === undefined ? {} : { threshold: node.threshold }),
    seats: resolution.seats,
    open: true,
    log: [],
    status: "pending",
    token: request.token,
    createdAt: at,
    updatedAt: at,
    ...(timeout === undefined
      ? {}
      : { dueAt: new Date(Date.parse(at) + timeout * 1000).toISOString() }),
    reminders: 0,
    version: 1,
  };
  try {
    // Stored only if absent: a node parked again finds its record here, as the store has it.
    await backend.stores.approvals.put(record);
  } catch (error) {
    if (error instanceof WriteConflictError && error.existing) {
      return repark(backend, instance, node, error.existing as ApprovalRecord, request.token);
    }
    throw error;
  }
  const now = await backend.stores.instances.get(tenant, id);
  if (now?.status !== "running") {
    // The instance ended while the node parked (its execution is being stopped), maybe after
    // its closing listed the approvals to withdraw: the approval closes at once, as they did.
    await closeApprovalRecord(backend, instance, record, "withdrawn");
    return;
  }
  await announce(backend, instance, node, record, []);
}

/**
 * What follows a stored approval: its approvers' to-do rows, its reminders, and
 * `node.activated` and `approval.requested` in the history. Each step is safe to repeat; given
 * the history as it stands, entries already there are not recorded again.
 */
async function announce(
  backend: Backend,
  instance: InstanceRecord,
  node: ApprovalNode,
  record: ApprovalRecord,
  history: readonly HistoryEntry[],
): Promise<void> {
  const id = approvalId(record);
  await syncApprovalInbox(backend, record, []);
  await scheduleReminder(backend, record.tenant, { approvalId: id }, node.remind, record.createdAt);
  const activated = history.some(
    (entry) =>
      entry.type === "node.activated" && entry.nodeId === node.id && entry.at >= record.createdAt,
  );
  const requested = history.some(
    (entry) => entry.type === "approval.requested" && entry.detail.approvalId === id,
  );
  const missing: NewHistoryEntry[] = [
    ...(activated
      ? []
      : [{ type: "node.activated" as const, at: record.createdAt, nodeId: node.id, detail: {} }]),
    ...(requested
      ? []
      : [
          {
            type: "approval.requested" as const,
            at: record.createdAt,
            nodeId: node.id,
            detail: { approvalId: id, approvers: currentApprovers(record) },
          },
        ]),
  ];
  if (missing.length > 0) await recordChange(backend, instance, missing);
}

/**
 * A node parked again (the scheduler loop, or the embedded engine replaying an execution after
 * a restart): keep the record and take the new token — finishing its announcement if the
 * request that stored it broke off — or, decided meanwhile, store the new token on the record
 * and resume it with that decision. The token is written at the version read (a write that
 * loses starts again from the record as it now stands) before the verdict goes out, so that
 * the delivery, which may be relayed and then reads the record again, finds it; the record's
 * `updatedAt` stays the decision's. A record closed another way (timed out, withdrawn) sends
 * nothing.
 */
async function repark(
  backend: Backend,
  instance: InstanceRecord,
  node: ApprovalNode,
  stored: ApprovalRecord,
  token: string,
): Promise<void> {
  if (stored.status === "timedOut" || stored.status === "withdrawn") return;
  const taken = { ...stored, token, version: stored.version + 1 };
  try {
    await backend.stores.approvals.put(taken, stored.version);
  } catch (error) {
    if (!(error instanceof WriteConflictError) || !error.existing) throw error;
    return repark(backend, instance, node, error.existing as ApprovalRecord, token);
  }
  if (taken.status !== "pending") return backend.verdicts.deliver(taken);
  const history = await backend.stores.history.list(instance.tenant, instance.instanceId);
  return announce(backend, instance, node, taken, history);
}
