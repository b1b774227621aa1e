import { applyApprovalAction } from "../approval/apply-approval-action.ts";
import type { ApprovalAction } from "../approval/approval-action.ts";
import { APPROVAL_MODES } from "../approval/approval-modes.ts";
import { approvalOutput } from "../approval/approval-output.ts";
import { decisionValuesRefusal } from "../approval/decision-values-refusal.ts";
import { formProblems } from "../approval/form-problems.ts";
import type { Backend } from "../backend/backend.ts";
import { OperationRefusedError } from "../contract/operation-refused-error.ts";
import type { ApprovalLogEntry } from "../engine/instance-state.ts";
import type { Template } from "../model/template.ts";
import { TaskTokenGoneError } from "../ports/task-token-gone-error.ts";
import { WriteConflictError } from "../ports/write-conflict-error.ts";
import { type ApprovalRecord, parseApprovalId } from "../records/approval-record.ts";
import type { InstanceRecord } from "../records/instance-record.ts";
import { checkedId } from "./checked-id.ts";
import { closeApprovalRecord } from "./close-approval-record.ts";
import {
  type DecisionRequest,
  MAX_COMMENT_CHARS,
  MAX_DECISION_OUTPUT_CHARS,
  MAX_FORM_BYTES,
} from "./decision-request.ts";
import { findApprovalNode } from "./find-approval-node.ts";
import { jsonBytes } from "./json-bytes.ts";
import { recordChange } from "./record-change.ts";
import {
  closeUndelivered,
  recordCompleted,
  resumeDecidedApproval,
} from "./resume-decided-approval.ts";
import { currentApprovers, syncApprovalInbox } from "./sync-approval-inbox.ts";

/** How many times a decision is applied again after another seat's decision changed the record. */
const ATTEMPTS = 50;

/** What a decision recorded, as the API answers it (and a `409` repeats it). */
export interface RecordedDecision {
  approvalId: string;
  status: ApprovalRecord["status"];
  /** The actions taken on the approval so far, in order. */
  actions: ApprovalLogEntry[];
  updatedAt: string;
}

/** The decision view of a record. */
export function recordedDecision(id: string, record: ApprovalRecord): RecordedDecision {
  return {
    approvalId: id,
    status: record.status,
    actions: record.log,
    updatedAt: record.updatedAt,
  };
}

function checkedRequest(request: DecisionRequest): void {
  if (request.comment !== undefined && request.comment.length > MAX_COMMENT_CHARS) {
    throw new OperationRefusedError(
      "too-large",
      `comment is longer than ${MAX_COMMENT_CHARS} characters`,
    );
  }
  if ("form" in request && request.form !== undefined) {
    const size = jsonBytes(request.form);
    if (size > MAX_FORM_BYTES) {
      throw new OperationRefusedError(
        "too-large",
        `form values are ${size} bytes; at most ${MAX_FORM_BYTES}`,
      );
    }
  }
  if (request.action === "transfer") checkedId("to", request.to);
  if (request.action === "addSign") checkedId("user", request.user);
}

function approvalAction(request: DecisionRequest, by: string): ApprovalAction | undefined {
  const comment = request.comment === undefined ? {} : { comment: request.comment };
  const given = request.comment === undefined ? {} : { output: comment };
  switch (request.action) {
    case "approve":
    case "reject":
      return { act: request.action, by, output: { ...request.form, ...comment } };
    case "transfer":
      return { act: "transfer", by, to: request.to, ...given };
    case "addSign":
      return { act: "addSign", by, user: request.user, position: request.position, ...given };
    case "remind":
      return undefined;
  }
}

/**
 * Applies a person's action to a pending approval (docs/semantics.md §5): approve or reject
 * (comment, form values checked against the node's `form` schema and refused on a node
 * without one, or with a key in `RESERVED_VALUE_KEYS`), transfer (转签), add-sign
 * (加签), or remind (催办, by the instance's starter). Exactly one decision counts per seat
 * under any concurrency: the record is written only at the version read, and a lost race is
 * applied again on the record as it now stands. Once the node is decided its parked state is
 * resumed; a state that is gone (timed out, withdrawn) is reconciled with the record.
 *
 * Refusals record no action: `not-found`, `invalid` (bad form values), `too-large`,
 * `forbidden` (not someone who may act now), `conflict` (already decided: the recorded decision
 * in `details`), `gone` (timed out or withdrawn; an approval whose branch or instance has
 * stopped is closed on the way, as the withdrawal would have closed it).
 *
 * @example
 * await actOnApproval(backend, "default", "01J.lead.1", "al", { action: "approve", comment: "ok" });
 */
export async function actOnApproval(
  backend: Backend,
  tenant: string,
  id: string,
  actor: string,
  request: DecisionRequest,
): Promise<RecordedDecision> {
  checkedRequest(request);
  const parts = parseApprovalId(id);
  if (!parts) throw new OperationRefusedError("not-found", `no approval ${id}`);
  const instance = await backend.stores.instances.get(tenant, parts.instanceId);
  let record = await backend.stores.approvals.get(
    tenant,
    parts.instanceId,
    parts.nodeId,
    parts.visit,
  );
  if (!instance || !record) throw new OperationRefusedError("not-found", `no approval ${id}`);
  const template = await backend.templates.get(instance.templateId, instance.templateVersion);
  const node = template && findApprovalNode(template, record.nodeId);
  if (request.action === "approve" || request.action === "reject") {
    const refusal = decisionValuesRefusal(node, request.form, (form, values) =>
      formProblems(form, values, backend.schemas),
    );
    if (refusal !== undefined) {
      throw new OperationRefusedError("invalid", refusal.reason, refusal.problems);
    }
  }
  for (let attempt = 1; ; attempt += 1) {
    record = await refuseUnlessPending(backend, instance, id, record, actor);
    if (request.action === "remind") {
      const reminded = await remind(backend, instance, id, record, actor, request.comment);
      if ("approvalId" in reminded) return reminded;
      // Someone else wrote the record meanwhile (a decision, another reminder): count it again.
      if (attempt >= ATTEMPTS) throw new WriteConflictError(`approval ${id}`, reminded);
      record = reminded;
      continue;
    }
    const next = structuredClone(record);
    const policy = APPROVAL_MODES[record.mode];
    const action = approvalAction(request, actor) as ApprovalAction;
    if (!applyApprovalAction(next, policy, action)) {
      await finishSeatMove(backend, record, actor);
      throw new OperationRefusedError(
        "forbidden",
        `${actor} may not ${request.action} approval ${id} now`,
      );
    }
    const merged = JSON.stringify(approvalOutput(next.log)).length;
    if (merged > MAX_DECISION_OUTPUT_CHARS) {
      throw new OperationRefusedError(
        "too-large",
        `the decisions' form values and comments would be ${merged} characters together; at most ${MAX_DECISION_OUTPUT_CHARS}`,
      );
    }
    const verdict = policy.verdict(next.seats, record.threshold);
    const at = backend.clock.now().toISOString();
    Object.assign(next, {
      open: verdict === undefined,
      status: verdict ?? "pending",
      updatedAt: at,
      version: record.version + 1,
    });
    try {
      await backend.stores.approvals.put(next, record.version);
    } catch (error) {
      if (!(error instanceof WriteConflictError) || !error.existing || attempt >= ATTEMPTS)
        throw error;
      record = error.existing as ApprovalRecord;
      continue;
    }
    await syncApprovalInbox(backend, next, currentApprovers(record));
    await recordChange(backend, instance, [
      {
        type: "approval.decided",
        at,
        nodeId: record.nodeId,
        actor,
        detail: { approvalId: id, action: request.action, ...(verdict ? { verdict } : {}) },
      },
    ]);
    if (!verdict) return recordedDecision(id, next);
    return resume(backend, instance, id, next, verdict, template);
  }
}

/**
 * When a holder of a seat that is already decided, or of an approval that is no longer pending,
 * asks — the request that decided the seat or closed the approval broke off after the record was
 * written, before it moved the to-do rows (the decider's own, a group partner's, every
 * approver's of a closed one) or gave the next approvers theirs — the refusal finishes that inbox
 * sync for the asker and for whoever may act now. Nobody else's rows are touched.
 */
async function finishSeatMove(
  backend: Backend,
  record: ApprovalRecord,
  actor: string,
): Promise<void> {
  const decided = record.seats.some(
    (seat) =>
      seat.holders.includes(actor) && (seat.decision !== undefined || record.status !== "pending"),
  );
  if (decided && !currentApprovers(record).includes(actor)) {
    await syncApprovalInbox(backend, record, [actor]);
  }
}

/**
 * Refuses unless the approval is pending and its branch still runs; closes it if not. The
 * refusal finishes the move of the actor's to-do row of a decided seat ({@link finishSeatMove}).
 */
async function refuseUnlessPending(
  backend: Backend,
  instance: InstanceRecord,
  id: string,
  record: ApprovalRecord,
  actor: string,
): Promise<ApprovalRecord> {
  if (record.status === "pending") {
    const facts = await backend.stores.executionFacts.get(instance.tenant, instance.instanceId);
    const stopped = facts.withdrawn.includes(record.nodeId) || instance.status !== "running";
    if (!stopped) return record;
    record = await closeApprovalRecord(backend, instance, record, "withdrawn");
  }
  await finishSeatMove(backend, record, actor);
  if (record.status === "approved" || record.status === "rejected") {
    await resumeDecidedApproval(backend, instance, record);
    throw new OperationRefusedError(
      "conflict",
      `approval ${id} is already ${record.status}`,
      recordedDecision(id, record),
    );
  }
  throw new OperationRefusedError(
    "gone",
    `approval ${id} is ${record.status === "timedOut" ? "timed out" : "withdrawn"}`,
    recordedDecision(id, record),
  );
}

/** Resumes the parked state with the verdict; a state that is gone closes the record instead. */
async function resume(
  backend: Backend,
  instance: InstanceRecord,
  id: string,
  record: ApprovalRecord,
  verdict: "approved" | "rejected",
  template: Template | undefined,
): Promise<RecordedDecision> {
  try {
    await backend.verdicts.deliver(record);
  } catch (error) {
    if (!(error instanceof TaskTokenGoneError)) throw error;
    // The verdict written above never reached a parked state: the record closes instead.
    // Timed out, the machine routes what `onTimeout` says (as the close it asks for records).
    const closed = await closeUndelivered(backend, instance, record, error.reason);
    throw new OperationRefusedError(
      "gone",
      `approval ${id} is ${error.reason === "TaskTimedOut" ? "timed out" : "withdrawn"}`,
      recordedDecision(id, closed),
    );
  }
  await recordCompleted(backend, instance, record, verdict, template);
  return recordedDecision(id, record);
}

/**
 * The starter urges the approvers (催办): counted, recorded, published for the notifier. A
 * record written by someone else meanwhile is returned as it now stands, to be checked and
 * counted again.
 */
async function remind(
  backend: Backend,
  instance: InstanceRecord,
  id: string,
  record: ApprovalRecord,
  actor: string,
  comment: string | undefined,
): Promise<RecordedDecision | ApprovalRecord> {
  if (actor !== record.starter) {
    throw new OperationRefusedError(
      "forbidden",
      `only the starter may remind the approvers of ${id}`,
    );
  }
  const at = backend.clock.now().toISOString();
  const next = {
    ...record,
    reminders: record.reminders + 1,
    updatedAt: at,
    version: record.version + 1,
  };
  try {
    await backend.stores.approvals.put(next, record.version);
  } catch (error) {
    if (!(error instanceof WriteConflictError) || !error.existing) throw error;
    return error.existing as ApprovalRecord;
  }
  await recordChange(backend, instance, [
    {
      type: "approval.reminded",
      at,
      nodeId: record.nodeId,
      actor,
      detail: {
        approvalId: id,
        approvers: currentApprovers(record),
        ...(comment ? { comment } : {}),
      },
    },
  ]);
  return recordedDecision(id, next);
}
