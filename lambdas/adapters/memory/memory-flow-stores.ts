import { type InboxView, UNSETTLED_INDEX_KEYS } from "../../core/contract/table-layout.ts";
import type { ExecutionFacts } from "../../core/ports/execution-facts-store.ts";
import type { FlowStores } from "../../core/ports/flow-stores.ts";
import type { Page, PageRequest } from "../../core/ports/page.ts";
import { WriteConflictError } from "../../core/ports/write-conflict-error.ts";
import type { ApprovalRecord } from "../../core/records/approval-record.ts";
import type { CallbackRecord } from "../../core/records/callback-record.ts";
import type { HistoryEntry } from "../../core/records/history-entry.ts";
import { type InboxItem, inboxRef } from "../../core/records/inbox-item.ts";
import { type InstanceRecord, isUnsettled } from "../../core/records/instance-record.ts";
import type { LinkRecord } from "../../core/records/link-record.ts";
import { unsettledInstance } from "../../core/records/unsettled-instance.ts";
import { cursorSortKey, itemsToRead, newestFirstPage } from "../newest-first-page.ts";
import { unsettledRange } from "../unsettled-range.ts";
import { VersionedMap } from "./versioned-map.ts";

/**
 * A page of `rows` newest first by `sortKey`, before the request's cursor, paged as every
 * adapter pages ({@link newestFirstPage}); only the rows returned are copied.
 */
function pageOf<T>(rows: T[], sortKey: (row: T) => string, request?: PageRequest): Page<T> {
  const before = cursorSortKey(request?.cursor);
  const read = rows
    .filter((row) => before === undefined || sortKey(row) < before)
    .sort((a, b) => (sortKey(a) < sortKey(b) ? 1 : -1))
    .slice(0, itemsToRead(request));
  return newestFirstPage(read, request, sortKey, (row) => structuredClone(row));
}

/**
 * Every store of the data model in memory, with the same conditional-write behaviour as the
 * DynamoDB adapter (the port contract suite runs on both). For tests, and the embedded engine
 * when it is given no store (`baton dev` gives it the SQLite store).
 *
 * @example
 * const stores = memoryFlowStores();
 * await stores.instances.create(record);
 */
export function memoryFlowStores(): FlowStores {
  const instances = new VersionedMap<InstanceRecord>("instance");
  const approvals = new VersionedMap<ApprovalRecord>("approval");
  const callbacks = new VersionedMap<CallbackRecord>("callback");
  const facts = new Map<string, ExecutionFacts>();
  const history = new Map<string, HistoryEntry[]>();
  const inbox = new Map<string, InboxItem>();
  const links = new Map<string, LinkRecord>();
  const keys = new Map<string, string>();
  const key = (...parts: (string | number)[]) => parts.join("#");
  /** The facts of an instance to write to, stored empty first if none are. */
  const factsOf = (tenant: string, id: string) => {
    const found = facts.get(key(tenant, id)) ?? { withdrawn: [] };
    facts.set(key(tenant, id), found);
    return found;
  };
  return {
    instances: {
      get: async (tenant, id) => instances.get(key(tenant, id)),
      create: async (record) => instances.put(key(record.tenant, record.instanceId), record),
      update: async (record, expected) =>
        instances.put(key(record.tenant, record.instanceId), record, expected),
      listByTemplate: async (tenant, templateId, page) =>
        pageOf(
          [...instances.rows.values()].filter(
            (row) => row.tenant === tenant && row.templateId === templateId,
          ),
          (row) => `${row.createdAt}#${row.instanceId}`,
          page,
        ),
      listUnsettled: async (request) => {
        const range = unsettledRange(request);
        if (!range) return { items: [] };
        const keyOf = (row: InstanceRecord) =>
          UNSETTLED_INDEX_KEYS.sort(row.updatedAt, row.tenant, row.instanceId);
        const read = [...instances.rows.values()]
          .filter((row) => isUnsettled(row))
          .filter((row) => keyOf(row) < range.before)
          .filter((row) => range.after === undefined || keyOf(row) > range.after)
          .sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : 1))
          .slice(0, itemsToRead(request));
        return newestFirstPage(read, request, keyOf, unsettledInstance);
      },
    },
    executionFacts: {
      get: async (tenant, id) => structuredClone(facts.get(key(tenant, id)) ?? { withdrawn: [] }),
      recordEnd: async (tenant, id, status) => {
        factsOf(tenant, id).instanceStatus = status;
      },
      addWithdrawn: async (tenant, id, nodes) => {
        const found = factsOf(tenant, id);
        found.withdrawn = [...new Set([...found.withdrawn, ...nodes])].sort();
      },
    },
    approvals: {
      get: async (tenant, id, node, visit) => approvals.get(key(tenant, id, node, visit)),
      put: async (record, expected) =>
        approvals.put(
          key(record.tenant, record.instanceId, record.nodeId, record.visit),
          record,
          expected,
        ),
      listForInstance: async (tenant, id) =>
        [...approvals.rows.values()]
          .filter((row) => row.tenant === tenant && row.instanceId === id)
          .sort((a, b) =>
            a.nodeId === b.nodeId ? a.visit - b.visit : a.nodeId < b.nodeId ? -1 : 1,
          )
          .map((row) => structuredClone(row)),
    },
    history: {
      append: async (entry) => {
        const chain = history.get(key(entry.tenant, entry.instanceId)) ?? [];
        const last = chain.at(-1);
        if (entry.seq !== (last?.seq ?? 0) + 1) {
          throw new WriteConflictError("history entry", last && structuredClone(last));
        }
        chain.push(structuredClone(entry));
        history.set(key(entry.tenant, entry.instanceId), chain);
      },
      last: async (tenant, id) => {
        const last = history.get(key(tenant, id))?.at(-1);
        return last && structuredClone(last);
      },
      list: async (tenant, id) => structuredClone(history.get(key(tenant, id)) ?? []),
    },
    inbox: {
      put: async (item) => {
        inbox.set(
          key(item.tenant, item.user, item.view, item.createdAt, inboxRef(item)),
          structuredClone(item),
        );
      },
      putIfAbsent: async (item) => {
        const at = key(item.tenant, item.user, item.view, item.createdAt, inboxRef(item));
        if (!inbox.has(at)) inbox.set(at, structuredClone(item));
      },
      markRead: async (item, at) => {
        const row = inbox.get(
          key(item.tenant, item.user, item.view, item.createdAt, inboxRef(item)),
        );
        if (row && row.readAt === undefined) row.readAt = at;
      },
      remove: async (item) => {
        inbox.delete(key(item.tenant, item.user, item.view, item.createdAt, inboxRef(item)));
      },
      list: async (tenant: string, user: string, view: InboxView, page?: PageRequest) =>
        pageOf(
          [...inbox.values()].filter(
            (row) => row.tenant === tenant && row.user === user && row.view === view,
          ),
          (row) => `${row.createdAt}#${inboxRef(row)}`,
          page,
        ),
    },
    links: {
      create: async (link) => {
        const id = key(link.tenant, link.linkHash);
        if (links.has(id)) throw new WriteConflictError("link", structuredClone(links.get(id)));
        links.set(id, structuredClone(link));
      },
      get: async (tenant, hash) => {
        const found = links.get(key(tenant, hash));
        return found && structuredClone(found);
      },
    },
    callbacks: {
      get: async (tenant, id) => callbacks.get(key(tenant, id)),
      put: async (record, expected) =>
        callbacks.put(key(record.tenant, record.callbackId), record, expected),
    },
    idempotency: {
      claim: async (tenant, idempotencyKey, instanceId) => {
        const id = key(tenant, idempotencyKey);
        const held = keys.get(id);
        if (held !== undefined) throw new WriteConflictError("idempotency key", held);
        keys.set(id, instanceId);
      },
      get: async (tenant, idempotencyKey) => keys.get(key(tenant, idempotencyKey)),
    },
  };
}
