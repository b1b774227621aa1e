import type { ApprovalRecord } from "../../lambdas/core/records/approval-record.ts";
import type { CallbackRecord } from "../../lambdas/core/records/callback-record.ts";
import type { HistoryEntry } from "../../lambdas/core/records/history-entry.ts";
import type { InboxItem } from "../../lambdas/core/records/inbox-item.ts";
import type { InstanceRecord } from "../../lambdas/core/records/instance-record.ts";
import type { LinkRecord } from "../../lambdas/core/records/link-record.ts";

const AT = "2026-12-02T10:00:00.000Z";

/** The time `minutes` after a fixed start, as ISO-8601. */
export function minutesLater(minutes: number): string {
  return new Date(Date.parse(AT) + minutes * 60_000).toISOString();
}

/** An instance record of template `expense`, with `change` applied. */
export function instanceRecord(change: Partial<InstanceRecord> = {}): InstanceRecord {
  return {
    tenant: "acme",
    instanceId: "01JF3Q0000000000000000000A",
    templateId: "expense",
    templateVersion: 1,
    status: "running",
    input: { amount: 120, manager: "al" },
    starter: "bo",
    createdAt: AT,
    updatedAt: AT,
    version: 1,
    ...change,
  };
}

/** A pending approval of node `lead`, first visit, with `change` applied. */
export function approvalRecord(change: Partial<ApprovalRecord> = {}): ApprovalRecord {
  return {
    tenant: "acme",
    instanceId: "01JF3Q0000000000000000000A",
    nodeId: "lead",
    visit: 1,
    templateId: "expense",
    templateVersion: 1,
    starter: "bo",
    mode: "any",
    status: "pending",
    seats: [{ holders: ["al"], returnTo: [], after: [] }],
    open: true,
    log: [],
    token: "token-1",
    createdAt: AT,
    updatedAt: AT,
    reminders: 0,
    version: 1,
    ...change,
  };
}

/** History entry `seq` of an instance, with `change` applied. */
export function historyEntry(seq: number, change: Partial<HistoryEntry> = {}): HistoryEntry {
  return {
    tenant: "acme",
    instanceId: "01JF3Q0000000000000000000A",
    seq,
    at: minutesLater(seq),
    type: "node.activated",
    nodeId: "lead",
    detail: { seq },
    prev: seq === 1 ? "" : `hash-${seq - 1}`,
    hash: `hash-${seq}`,
    ...change,
  };
}

/** A to-do row of user `al` for an approval, with `change` applied. */
export function inboxItem(change: Partial<InboxItem> = {}): InboxItem {
  return {
    tenant: "acme",
    user: "al",
    view: "todo",
    createdAt: AT,
    instanceId: "01JF3Q0000000000000000000A",
    templateId: "expense",
    approvalId: "01JF3Q0000000000000000000A.lead.1",
    ...change,
  };
}

/** An unused link for `al`, with `change` applied. */
export function linkRecord(change: Partial<LinkRecord> = {}): LinkRecord {
  return {
    tenant: "acme",
    linkHash: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
    approvalId: "01JF3Q0000000000000000000A.lead.1",
    user: "al",
    expiresAt: minutesLater(60 * 24 * 7),
    ...change,
  };
}

/** A waiting callback of node `charge`, with `change` applied. */
export function callbackRecord(change: Partial<CallbackRecord> = {}): CallbackRecord {
  return {
    tenant: "acme",
    callbackId: "cb-1",
    instanceId: "01JF3Q0000000000000000000A",
    nodeId: "charge",
    token: "token-2",
    status: "waiting",
    createdAt: AT,
    updatedAt: AT,
    version: 1,
    ...change,
  };
}
