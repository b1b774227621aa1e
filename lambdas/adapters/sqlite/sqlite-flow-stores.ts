import type { DatabaseSync } from "node:sqlite";
import type { FlowStores } from "../../core/ports/flow-stores.ts";
import { createFlowSchema } from "./create-flow-schema.ts";
import { sqliteApprovalStore } from "./sqlite-approval-store.ts";
import { sqliteCallbackStore } from "./sqlite-callback-store.ts";
import { sqliteExecutionFactsStore } from "./sqlite-execution-facts-store.ts";
import { sqliteHistoryStore } from "./sqlite-history-store.ts";
import { sqliteIdempotencyStore } from "./sqlite-idempotency-store.ts";
import { sqliteInboxStore } from "./sqlite-inbox-store.ts";
import { sqliteInstanceStore } from "./sqlite-instance-store.ts";
import { sqliteLinkStore } from "./sqlite-link-store.ts";

/**
 * Every store of the data model on one SQLite database (`node:sqlite`, built into Node 22):
 * the embedded engine's durable store. The same records and the same conditions as the
 * DynamoDB adapter (the port contract suite runs on both): a lost conditional write throws
 * `WriteConflictError` with the record as it now stands, listings are ranges of a primary key
 * or index, never scans. Creates the tables it lacks. `node:sqlite` is synchronous: each call
 * runs to its end before the promise it returns settles, so two writes never interleave.
 *
 * @example
 * const database = openFlowDatabase(".baton/baton.db");
 * const backend = createEmbeddedBackend({ templates, stores: sqliteFlowStores(database) });
 */
export function sqliteFlowStores(database: DatabaseSync): FlowStores {
  createFlowSchema(database);
  return {
    instances: sqliteInstanceStore(database),
    executionFacts: sqliteExecutionFactsStore(database),
    approvals: sqliteApprovalStore(database),
    history: sqliteHistoryStore(database),
    inbox: sqliteInboxStore(database),
    links: sqliteLinkStore(database),
    callbacks: sqliteCallbackStore(database),
    idempotency: sqliteIdempotencyStore(database),
  };
}
