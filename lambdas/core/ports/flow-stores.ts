import type { ApprovalRecordStore } from "./approval-record-store.ts";
import type { CallbackStore } from "./callback-store.ts";
import type { ExecutionFactsStore } from "./execution-facts-store.ts";
import type { HistoryStore } from "./history-store.ts";
import type { IdempotencyStore } from "./idempotency-store.ts";
import type { InboxStore } from "./inbox-store.ts";
import type { InstanceRecordStore } from "./instance-record-store.ts";
import type { LinkStore } from "./link-store.ts";

/**
 * Every store of the data model (docs/data-model.md), as one adapter provides them: DynamoDB
 * on AWS (one table), memory in tests, the embedded engine's store at home.
 */
export interface FlowStores {
  instances: InstanceRecordStore;
  executionFacts: ExecutionFactsStore;
  approvals: ApprovalRecordStore;
  history: HistoryStore;
  inbox: InboxStore;
  links: LinkStore;
  callbacks: CallbackStore;
  idempotency: IdempotencyStore;
}
