import { UpdateItemCommand } from "@aws-sdk/client-dynamodb";
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { beforeEach, describe, expect, it } from "vitest";
import {
  EXECUTION_KEY_IN_ASL,
  ITEM_KEYS,
  RETENTION_SECONDS,
  TABLE_INDEXES,
  TABLE_KEYS,
  TEMPLATE_INDEX_KEYS,
  templateShard,
  UNSETTLED_INDEX_KEYS,
  UNSETTLED_SHARDS,
  unsettledShard,
} from "../../lambdas/core/contract/table-layout.ts";
import { CursorRefusedError } from "../../lambdas/core/ports/cursor-refused-error.ts";
import type { FlowStores } from "../../lambdas/core/ports/flow-stores.ts";
import type { Page } from "../../lambdas/core/ports/page.ts";
import { WriteConflictError } from "../../lambdas/core/ports/write-conflict-error.ts";
import { inboxRef } from "../../lambdas/core/records/inbox-item.ts";
import { type InstanceRecord, isUnsettled } from "../../lambdas/core/records/instance-record.ts";
import { unsettledInstance } from "../../lambdas/core/records/unsettled-instance.ts";
import {
  approvalRecord,
  callbackRecord,
  historyEntry,
  inboxItem,
  instanceRecord,
  linkRecord,
  minutesLater,
} from "../support/flow-records.ts";
import type { TableUnderTest } from "../support/local-dynamodb.ts";

/**
 * The error a write threw, which must be a {@link WriteConflictError}; its `existing`.
 *
 * @example
 * expect(await conflictOf(stores.instances.create(record))).toEqual(record);
 */
export async function conflictOf(write: Promise<unknown>): Promise<unknown> {
  const error = await write.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(WriteConflictError);
  return (error as WriteConflictError).existing;
}

/** Every page of a listing, following cursors. */
async function allPages<T>(list: (cursor?: string) => Promise<Page<T>>): Promise<T[][]> {
  const pages: T[][] = [];
  let cursor: string | undefined;
  do {
    const page = await list(cursor);
    pages.push(page.items);
    cursor = page.cursor;
  } while (cursor !== undefined && pages.length < 100);
  return pages;
}

/** The key the compiled state machine builds for the execution item, evaluated for one instance. */
function executionKeyInAsl(tenant: string, id: string): Record<string, { S: string }> {
  const format = /^States\.Format\('(.*)', \$\.instance\.tenant, \$\.instance\.id\)$/.exec(
    EXECUTION_KEY_IN_ASL.pk["S.$"],
  )?.[1];
  expect(format).toBeDefined();
  const pk = [tenant, id].reduce((text, value) => text.replace("{}", value), format ?? "");
  return { [TABLE_KEYS.partition]: { S: pk }, [TABLE_KEYS.sort]: EXECUTION_KEY_IN_ASL.sk };
}

/**
 * The behaviour every {@link FlowStores} adapter must have, conflict paths included; `make`
 * gives fresh, empty stores for each test.
 *
 * @example
 * describeFlowStoresContract("memory", async () => memoryFlowStores());
 */
export function describeFlowStoresContract(name: string, make: () => Promise<FlowStores>): void {
  describe(`FlowStores contract: ${name}`, () => {
    let stores: FlowStores;
    beforeEach(async () => {
      stores = await make();
    });

    describe("instances", () => {
      it("creates an instance once; a second create conflicts, carrying the stored one", async () => {
        const record = instanceRecord();
        await stores.instances.create(record);

        const existing = await conflictOf(stores.instances.create({ ...record, starter: "cy" }));

        expect(existing).toEqual(record);
        expect(await stores.instances.get("acme", record.instanceId)).toEqual(record);
        expect(await stores.instances.get("acme", "01JF3Q000000000000000000ZZ")).toBeUndefined();
      });

      it("keeps any JSON start input exactly", async () => {
        const input = {
          big: 2 ** 70,
          huge: 1e300,
          tiny: 5e-324,
          nested: { "": [null, true, "", 0.1, { deep: [[[]]] }] },
          text: "审批 ✓ \u0000",
        };
        await stores.instances.create(instanceRecord({ input }));

        const stored = await stores.instances.get("acme", instanceRecord().instanceId);

        expect(stored?.input).toEqual(JSON.parse(JSON.stringify(input)));
      });

      it("updates at the stored version; a stale version conflicts, carrying the newer record", async () => {
        const record = instanceRecord();
        await stores.instances.create(record);
        const completed = { ...record, status: "completed" as const, version: 2 };
        await stores.instances.update(completed, 1);

        const existing = await conflictOf(
          stores.instances.update({ ...record, status: "cancelled", version: 2 }, 1),
        );

        expect(existing).toEqual(completed);
        expect(await stores.instances.get("acme", record.instanceId)).toEqual(completed);
      });

      it("refuses to update an instance that was never created", async () => {
        const existing = await conflictOf(stores.instances.update(instanceRecord(), 1));

        expect(existing).toBeUndefined();
        expect(await stores.instances.get("acme", instanceRecord().instanceId)).toBeUndefined();
      });

      it("lists a template's instances newest first, page by page, across shards", async () => {
        const records = Array.from({ length: 20 }, (_, index) =>
          instanceRecord({
            instanceId: `01JF3Q${String(index).padStart(20, "0")}`,
            createdAt: minutesLater(Math.floor(index / 2)),
          }),
        );
        expect(new Set(records.map((record) => templateShard(record.instanceId))).size).toBe(8);
        await Promise.all(records.map((record) => stores.instances.create(record)));
        await stores.instances.create(
          instanceRecord({ instanceId: "01JF3Q0000000000000000XX01", templateId: "leave" }),
        );
        await stores.instances.create(instanceRecord({ tenant: "globex" }));
        const newestFirst = records
          .map((record) => `${record.createdAt}#${record.instanceId}`)
          .sort()
          .reverse();

        for (const limit of [6, 10]) {
          const pages = await allPages((cursor) =>
            stores.instances.listByTemplate("acme", "expense", { limit, cursor }),
          );

          expect(pages.map((page) => page.length)).toEqual(limit === 6 ? [6, 6, 6, 2] : [10, 10]);
          expect(pages.flat().map((record) => `${record.createdAt}#${record.instanceId}`)).toEqual(
            newestFirst,
          );
        }
        expect((await stores.instances.listByTemplate("acme", "expense")).items).toHaveLength(20);
        expect(await stores.instances.listByTemplate("acme", "travel")).toEqual({ items: [] });
      });
    });

    describe("unsettled instances", () => {
      /** The unsettled ones of `records` updated before `cutoff`, as the listing returns them. */
      const expectedUnsettled = (records: InstanceRecord[], cutoff: string) =>
        records
          .filter((record) => isUnsettled(record) && record.updatedAt < cutoff)
          .map((record) => ({
            key: UNSETTLED_INDEX_KEYS.sort(record.updatedAt, record.tenant, record.instanceId),
            record: unsettledInstance(record),
          }))
          .sort((a, b) => (a.key < b.key ? -1 : 1))
          .map(({ record }) => record);

      it("lists the unsettled instances of every tenant updated before a time, oldest first, page by page, across shards", async () => {
        const records = Array.from({ length: 40 }, (_, index) =>
          instanceRecord({
            tenant: index % 2 === 0 ? "acme" : "globex",
            instanceId: `01JF3Q${String(index).padStart(20, "0")}`,
            updatedAt: minutesLater(Math.floor(index / 3)),
            ...(index % 5 === 0 ? { status: "completed" as const, endedAt: minutesLater(1) } : {}),
            ...(index % 7 === 0 ? { status: "cancelled" as const, closing: {} } : {}),
          }),
        );
        const unsettled = records.filter((record) => isUnsettled(record));
        expect(new Set(unsettled.map((record) => unsettledShard(record.instanceId))).size).toBe(
          UNSETTLED_SHARDS,
        );
        await Promise.all(records.map((record) => stores.instances.create(record)));
        const cutoff = minutesLater(11);
        const expected = expectedUnsettled(records, cutoff);
        expect(expected.length).toBeGreaterThan(20);
        expect(expected.length).toBeLessThan(unsettled.length);

        for (const limit of [7, 50]) {
          const pages = await allPages((cursor) =>
            stores.instances.listUnsettled({ updatedBefore: cutoff, limit, cursor }),
          );

          expect(pages.flat()).toEqual(expected);
          expect(pages.slice(0, -1).every((page) => page.length === limit)).toBe(true);
        }
        expect(await stores.instances.listUnsettled({ updatedBefore: minutesLater(0) })).toEqual({
          items: [],
        });
      });

      it("drops an instance that ends without closing steps left, keeps one while its closing marker is set", async () => {
        const record = instanceRecord();
        const listed = async () =>
          (await stores.instances.listUnsettled({ updatedBefore: minutesLater(60) })).items;
        await stores.instances.create(record);
        expect(await listed()).toEqual([unsettledInstance(record)]);

        const closing = {
          ...record,
          status: "cancelled" as const,
          endedAt: minutesLater(1),
          updatedAt: minutesLater(1),
          closing: { stopExecution: true as const },
          executionId: "execution-1",
          version: 2,
        };
        await stores.instances.update(closing, 1);
        expect(await listed()).toEqual([unsettledInstance(closing)]);
        expect((await listed())[0]).not.toHaveProperty("input");

        const { closing: _done, ...closed } = {
          ...closing,
          updatedAt: minutesLater(2),
          version: 3,
        };
        await stores.instances.update(closed, 2);
        expect(await listed()).toEqual([]);

        const other = instanceRecord({ instanceId: "01JF3Q0000000000000000000B" });
        await stores.instances.create(other);
        await stores.instances.update(
          { ...other, status: "completed", updatedAt: minutesLater(3), version: 2 },
          1,
        );
        expect(await listed()).toEqual([]);
      });

      it("goes on after a cursor under a later cutoff, and reads nothing from a cursor past the cutoff", async () => {
        const records = Array.from({ length: 6 }, (_, index) =>
          instanceRecord({
            instanceId: `01JF3Q${String(index).padStart(20, "0")}`,
            updatedAt: minutesLater(index),
          }),
        );
        await Promise.all(records.map((record) => stores.instances.create(record)));

        const first = await stores.instances.listUnsettled({
          updatedBefore: minutesLater(3),
          limit: 2,
        });
        const resumed = await stores.instances.listUnsettled({
          updatedBefore: minutesLater(5),
          cursor: first.cursor,
        });
        const past = await stores.instances.listUnsettled({
          updatedBefore: minutesLater(1),
          cursor: first.cursor,
        });

        expect(first.items.map((item) => item.updatedAt)).toEqual([0, 1].map(minutesLater));
        expect(first.cursor).toBeDefined();
        expect(resumed).toEqual({
          items: [2, 3, 4].map((index) => unsettledInstance(records[index] as InstanceRecord)),
        });
        expect(past).toEqual({ items: [] });
      });
    });

    describe("execution facts", () => {
      it("reads no facts before the execution recorded any", async () => {
        expect(await stores.executionFacts.get("acme", "01J")).toEqual({ withdrawn: [] });
      });

      it("records how the execution ended and every node it withdrew, once each", async () => {
        await stores.executionFacts.addWithdrawn("acme", "01J", ["b", "a"]);
        await stores.executionFacts.addWithdrawn("acme", "01J", ["a", "c"]);
        await stores.executionFacts.addWithdrawn("acme", "01J", []);
        await stores.executionFacts.recordEnd("acme", "01J", "rejected");

        expect(await stores.executionFacts.get("acme", "01J")).toEqual({
          instanceStatus: "rejected",
          withdrawn: ["a", "b", "c"],
        });
      });
    });

    describe("approvals", () => {
      it("creates an approval once; a second create conflicts, carrying the stored one", async () => {
        const record = approvalRecord();
        await stores.approvals.put(record);

        const existing = await conflictOf(stores.approvals.put({ ...record, token: "token-9" }));

        expect(existing).toEqual(record);
        expect(await stores.approvals.get("acme", record.instanceId, "lead", 1)).toEqual(record);
        expect(await stores.approvals.get("acme", record.instanceId, "lead", 2)).toBeUndefined();
      });

      it("replaces at the stored version; a stale version conflicts, carrying the newer record", async () => {
        const record = approvalRecord();
        await stores.approvals.put(record);
        const approved = {
          ...record,
          status: "approved" as const,
          log: [{ seat: 0, by: "al", act: "approve" as const, output: { note: "ok", n: 2 ** 60 } }],
          seats: [{ holders: ["al"], returnTo: [], after: [], decision: "approved" as const }],
          version: 2,
        };
        await stores.approvals.put(approved, 1);

        const existing = await conflictOf(
          stores.approvals.put({ ...record, status: "rejected", version: 2 }, 1),
        );

        expect(existing).toEqual(approved);
      });

      it("lets exactly one of 50 concurrent writes at the same version win", async () => {
        const record = approvalRecord();
        await stores.approvals.put(record);
        const writes = Array.from({ length: 50 }, (_, index) => ({
          ...record,
          status: "approved" as const,
          log: [{ seat: 0, by: `user-${index}`, act: "approve" as const }],
          version: 2,
        }));

        const results = await Promise.allSettled(
          writes.map((write) => stores.approvals.put(write, 1)),
        );

        const won = results.flatMap((result, index) =>
          result.status === "fulfilled" ? [index] : [],
        );
        expect(won).toHaveLength(1);
        const stored = await stores.approvals.get("acme", record.instanceId, "lead", 1);
        expect(stored).toEqual(writes[won[0] ?? -1]);
        for (const result of results) {
          if (result.status === "fulfilled") continue;
          expect(result.reason).toBeInstanceOf(WriteConflictError);
          expect((result.reason as WriteConflictError).existing).toEqual(stored);
        }
      });

      it("lists an instance's approvals in node and visit order, and only its own", async () => {
        const visits: [string, number][] = [
          ["lead", 10],
          ["lead-b", 1],
          ["lead", 2],
          ["audit", 1],
          ["lead", 1],
        ];
        for (const [nodeId, visit] of visits) {
          await stores.approvals.put(approvalRecord({ nodeId, visit }));
        }
        await stores.approvals.put(approvalRecord({ instanceId: "01JF3Q0000000000000000000B" }));

        const listed = await stores.approvals.listForInstance("acme", approvalRecord().instanceId);

        expect(listed.map((record) => `${record.nodeId}.${record.visit}`)).toEqual([
          "audit.1",
          "lead.1",
          "lead.2",
          "lead.10",
          "lead-b.1",
        ]);
      });
    });

    describe("history", () => {
      it("appends entries in order and reads the last one and the whole chain", async () => {
        const id = historyEntry(1).instanceId;
        expect(await stores.history.last("acme", id)).toBeUndefined();
        expect(await stores.history.list("acme", id)).toEqual([]);

        for (const seq of [1, 2, 3]) await stores.history.append(historyEntry(seq));

        expect(await stores.history.last("acme", id)).toEqual(historyEntry(3));
        expect(await stores.history.list("acme", id)).toEqual(
          [1, 2, 3].map((seq) => historyEntry(seq)),
        );
      });

      it("lets one of the racing appends win at each seq; the others get the new last entry", async () => {
        const id = historyEntry(1).instanceId;
        for (const seq of [1, 2]) {
          const racers = Array.from({ length: 10 }, (_, index) =>
            historyEntry(seq, { actor: `user-${index}` }),
          );

          const results = await Promise.allSettled(
            racers.map((entry) => stores.history.append(entry)),
          );

          const won = results.flatMap((result, index) =>
            result.status === "fulfilled" ? [index] : [],
          );
          expect(won).toHaveLength(1);
          const last = await stores.history.last("acme", id);
          expect(last).toEqual(racers[won[0] ?? -1]);
          for (const result of results) {
            if (result.status === "rejected") {
              expect(result.reason).toBeInstanceOf(WriteConflictError);
              expect((result.reason as WriteConflictError).existing).toEqual(last);
            }
          }
        }
        expect((await stores.history.list("acme", id)).map((entry) => entry.seq)).toEqual([1, 2]);
      });
    });

    describe("inbox", () => {
      it("lists a user's view newest first, page by page, and nothing of other views or users", async () => {
        const rows = Array.from({ length: 7 }, (_, index) =>
          inboxItem({
            createdAt: minutesLater(Math.floor(index / 2)),
            approvalId: `01JF3Q0000000000000000000A.n${index}.1`,
          }),
        );
        for (const row of rows) await stores.inbox.put(row);
        await stores.inbox.put(inboxItem({ view: "done" }));
        await stores.inbox.put(inboxItem({ user: "bo" }));
        await stores.inbox.put(inboxItem({ tenant: "globex" }));
        const newestFirst = rows
          .map((row) => `${row.createdAt}#${inboxRef(row)}`)
          .sort()
          .reverse();

        const pages = await allPages((cursor) =>
          stores.inbox.list("acme", "al", "todo", { limit: 3, cursor }),
        );

        expect(pages.map((page) => page.length)).toEqual([3, 3, 1]);
        expect(pages.flat().map((row) => `${row.createdAt}#${inboxRef(row)}`)).toEqual(newestFirst);
        expect(pages.flat()).toContainEqual(rows[6]);
      });

      it("refuses a cursor that no page gave, in every listing, naming it", async () => {
        await stores.inbox.put(inboxItem({}));
        const cutoff = minutesLater(60);
        const made = (key: string) => Buffer.from(key, "utf8").toString("base64url");
        // Not base64url of a key ("zzzz" decodes to bytes that are not UTF-8), a key of another
        // shape, and a real key's cursor with a character that decodes the same added.
        const real = made(`${minutesLater(0)}#01JF3Q0000000000000000000A`);
        for (const cursor of ["zzzz", made("not-a-key"), made("#01J"), `${real}A`]) {
          const listings = [
            stores.inbox.list("acme", "al", "todo", { cursor }),
            stores.instances.listByTemplate("acme", "expense", { cursor }),
            stores.instances.listUnsettled({ updatedBefore: cutoff, cursor }),
          ];
          for (const listing of listings) {
            await expect(listing, cursor).rejects.toThrow(CursorRefusedError);
            await expect(listing, cursor).rejects.toMatchObject({
              code: "invalid",
              message: expect.stringContaining("cursor"),
            });
          }
        }
        expect((await stores.inbox.list("acme", "al", "todo", { cursor: real })).items).toEqual([]);
      });

      it("keeps one row however often it is put, replaces it, and removes it", async () => {
        const row = inboxItem({ view: "cc", approvalId: undefined, nodeId: "lead" });
        await stores.inbox.put(row);
        await stores.inbox.put(row);
        const read = { ...row, readAt: minutesLater(5) };
        await stores.inbox.put(read);
        expect((await stores.inbox.list("acme", "al", "cc")).items).toEqual([read]);

        await stores.inbox.remove(row);
        await stores.inbox.remove(row);

        expect(await stores.inbox.list("acme", "al", "cc")).toEqual({ items: [] });
      });
      it("puts a row absent only where none is, keeping a read row as it is", async () => {
        const row = inboxItem({ view: "cc", approvalId: undefined, nodeId: "lead" });
        const other = { ...row, nodeId: "audit" };
        await stores.inbox.putIfAbsent(row);
        await stores.inbox.markRead(row, minutesLater(5));

        await stores.inbox.putIfAbsent(row);
        await stores.inbox.putIfAbsent({ ...row, templateId: "other" });
        await stores.inbox.putIfAbsent(other);
        await stores.inbox.putIfAbsent(other);

        expect((await stores.inbox.list("acme", "al", "cc")).items).toEqual([
          { ...row, readAt: minutesLater(5) },
          other,
        ]);
      });
      it("marks a row read once, and leaves a missing row missing", async () => {
        const row = inboxItem({ view: "cc", approvalId: undefined, nodeId: "lead" });
        await stores.inbox.put(row);
        await stores.inbox.markRead(row, minutesLater(5));
        await stores.inbox.markRead(row, minutesLater(9));
        await stores.inbox.markRead({ ...row, user: "bo" }, minutesLater(9));

        expect((await stores.inbox.list("acme", "al", "cc")).items).toEqual([
          { ...row, readAt: minutesLater(5) },
        ]);
        expect(await stores.inbox.list("acme", "bo", "cc")).toEqual({ items: [] });
      });
    });

    describe("links", () => {
      it("creates a link once; a second create conflicts, carrying the stored one", async () => {
        const link = linkRecord();
        await stores.links.create(link);

        const existing = await conflictOf(stores.links.create({ ...link, user: "cy" }));

        expect(existing).toEqual(link);
        expect(await stores.links.get("acme", link.linkHash)).toEqual(link);
        expect(await stores.links.get("acme", "0".repeat(64))).toBeUndefined();
      });
    });

    describe("callbacks", () => {
      it("creates a callback once and replaces it only at the stored version", async () => {
        const record = callbackRecord();
        await stores.callbacks.put(record);
        expect(await conflictOf(stores.callbacks.put({ ...record, token: "token-9" }))).toEqual(
          record,
        );
        const settled = {
          ...record,
          status: "succeeded" as const,
          report: { status: "succeeded" as const, output: { receipt: "r-1", total: 1e21 } },
          version: 2,
        };
        await stores.callbacks.put(settled, 1);

        const existing = await conflictOf(
          stores.callbacks.put({ ...record, status: "failed", version: 2 }, 1),
        );

        expect(existing).toEqual(settled);
        expect(await stores.callbacks.get("acme", record.callbackId)).toEqual(settled);
        expect(await stores.callbacks.get("acme", "cb-none")).toBeUndefined();
      });
    });

    describe("idempotency keys", () => {
      it("claims a key once; a second claim conflicts, carrying the first instance id", async () => {
        await stores.idempotency.claim("acme", "order-42", "01JF3Q0000000000000000000A");

        const existing = await conflictOf(
          stores.idempotency.claim("acme", "order-42", "01JF3Q0000000000000000000B"),
        );

        expect(existing).toBe("01JF3Q0000000000000000000A");
        expect(await stores.idempotency.get("acme", "order-42")).toBe("01JF3Q0000000000000000000A");
        expect(await stores.idempotency.get("acme", "order-43")).toBeUndefined();
      });
    });

    describe("tenants", () => {
      it("keeps the same ids under two tenants apart in every store", async () => {
        const id = instanceRecord().instanceId;
        for (const tenant of ["acme", "globex"]) {
          const marker = { input: { tenant } };
          await stores.instances.create(instanceRecord({ tenant, ...marker }));
          await stores.approvals.put(approvalRecord({ tenant, token: `token-${tenant}` }));
          await stores.history.append(historyEntry(1, { tenant, actor: tenant }));
          await stores.inbox.put(inboxItem({ tenant }));
          await stores.links.create(linkRecord({ tenant, user: tenant }));
          await stores.callbacks.put(callbackRecord({ tenant, token: `token-${tenant}` }));
          await stores.idempotency.claim(tenant, "order-42", `${tenant}-instance`);
          await stores.executionFacts.addWithdrawn(tenant, id, [tenant]);
        }

        for (const tenant of ["acme", "globex"]) {
          expect(await stores.instances.get(tenant, id)).toEqual(
            instanceRecord({ tenant, input: { tenant } }),
          );
          expect((await stores.instances.listByTemplate(tenant, "expense")).items).toHaveLength(1);
          expect((await stores.approvals.get(tenant, id, "lead", 1))?.token).toBe(
            `token-${tenant}`,
          );
          expect(await stores.approvals.listForInstance(tenant, id)).toHaveLength(1);
          expect(await stores.history.list(tenant, id)).toEqual([
            historyEntry(1, { tenant, actor: tenant }),
          ]);
          expect((await stores.inbox.list(tenant, "al", "todo")).items).toEqual([
            inboxItem({ tenant }),
          ]);
          expect((await stores.links.get(tenant, linkRecord().linkHash))?.user).toBe(tenant);
          expect((await stores.callbacks.get(tenant, "cb-1"))?.token).toBe(`token-${tenant}`);
          expect(await stores.idempotency.get(tenant, "order-42")).toBe(`${tenant}-instance`);
          expect(await stores.executionFacts.get(tenant, id)).toEqual({ withdrawn: [tenant] });
        }
      });
    });
  });
}

/**
 * What DynamoDB adapters must also do: read the execution item as a compiled state machine
 * writes it, with UpdateItem requests shaped exactly like the machine's.
 *
 * @example
 * describeTableContract("dynalite", () => freshTableStores(emulator.endpoint));
 */
export function describeTableContract(name: string, make: () => Promise<TableUnderTest>): void {
  describe(`FlowStores table contract: ${name}`, () => {
    it("reads what a compiled state machine writes with its own UpdateItem", async () => {
      const table = await make();
      const Key = executionKeyInAsl("acme", "01J");
      expect(Key).toEqual({
        pk: { S: ITEM_KEYS.execution("acme", "01J").pk },
        sk: { S: ITEM_KEYS.execution("acme", "01J").sk },
      });

      await table.client.send(
        new UpdateItemCommand({
          TableName: table.tableName,
          Key,
          UpdateExpression: "ADD withdrawn :nodes",
          ExpressionAttributeValues: { ":nodes": { SS: ["lead", "audit"] } },
        }),
      );
      await table.stores.executionFacts.addWithdrawn("acme", "01J", ["cfo"]);
      await table.client.send(
        new UpdateItemCommand({
          TableName: table.tableName,
          Key,
          UpdateExpression: "SET instanceStatus = :status",
          ExpressionAttributeValues: { ":status": { S: "completed" } },
        }),
      );

      expect(await table.stores.executionFacts.get("acme", "01J")).toEqual({
        instanceStatus: "completed",
        withdrawn: ["audit", "cfo", "lead"],
      });
    });

    it("stores records as attributes beside the keys, with the index keys and TTLs", async () => {
      const { stores, client, tableName, clock } = await make();
      const raw = async (key: { pk: string; sk: string }) =>
        (await client.send(new GetCommand({ TableName: tableName, Key: key }))).Item;
      const instance = instanceRecord();
      const link = linkRecord();
      const callback = callbackRecord();
      await stores.instances.create(instance);
      await stores.links.create(link);
      await stores.callbacks.put(callback);
      await stores.idempotency.claim("acme", "order-42", instance.instanceId);
      const days30 = 30 * 24 * 60 * 60;
      const epoch = (iso: string) => Date.parse(iso) / 1000;

      expect(await raw(ITEM_KEYS.instance("acme", instance.instanceId))).toEqual({
        ...instance,
        input: JSON.stringify(instance.input),
        ...ITEM_KEYS.instance("acme", instance.instanceId),
        [TABLE_INDEXES.byTemplate.partition]: TEMPLATE_INDEX_KEYS.partition(
          "acme",
          "expense",
          templateShard(instance.instanceId),
        ),
        [TABLE_INDEXES.byTemplate.sort]: `${instance.createdAt}#${instance.instanceId}`,
        [TABLE_INDEXES.unsettled.partition]: `unsettled#${unsettledShard(instance.instanceId)}`,
        [TABLE_INDEXES.unsettled.sort]: `${instance.updatedAt}#acme#${instance.instanceId}`,
      });
      const ended = { ...instance, status: "completed" as const, version: 2 };
      await stores.instances.update(ended, 1);
      const endedItem = await raw(ITEM_KEYS.instance("acme", instance.instanceId));
      expect(endedItem).not.toHaveProperty(TABLE_INDEXES.unsettled.partition);
      expect(endedItem).not.toHaveProperty(TABLE_INDEXES.unsettled.sort);
      expect((await raw(ITEM_KEYS.link("acme", link.linkHash)))?.[TABLE_KEYS.expiresAt]).toBe(
        epoch(link.expiresAt),
      );
      expect(RETENTION_SECONDS).toEqual({ callback: days30, idempotency: days30 });
      expect((await raw(ITEM_KEYS.callback("acme", "cb-1")))?.[TABLE_KEYS.expiresAt]).toBe(
        epoch(callback.createdAt) + days30,
      );
      expect((await raw(ITEM_KEYS.idempotency("acme", "order-42")))?.[TABLE_KEYS.expiresAt]).toBe(
        Math.floor(clock.now().getTime() / 1000) + days30,
      );
    });

    it("answers every access pattern with reads by key and queries, never a scan", async () => {
      const { stores, commands } = await make();
      const id = instanceRecord().instanceId;
      await stores.instances.create(instanceRecord());
      await stores.instances.update(instanceRecord({ version: 2 }), 1);
      await stores.instances.get("acme", id);
      await stores.instances.listByTemplate("acme", "expense");
      await stores.instances.listUnsettled({ updatedBefore: minutesLater(60) });
      await stores.approvals.put(approvalRecord());
      await stores.approvals.get("acme", id, "lead", 1);
      await stores.approvals.listForInstance("acme", id);
      await stores.history.append(historyEntry(1));
      await stores.history.last("acme", id);
      await stores.history.list("acme", id);
      await stores.inbox.put(inboxItem());
      await stores.inbox.putIfAbsent(inboxItem());
      await stores.inbox.list("acme", "al", "todo");
      await stores.inbox.remove(inboxItem());
      await stores.links.create(linkRecord());
      await stores.links.get("acme", linkRecord().linkHash);
      await stores.callbacks.put(callbackRecord());
      await stores.callbacks.get("acme", "cb-1");
      await stores.idempotency.claim("acme", "order-42", id);
      await stores.idempotency.get("acme", "order-42");
      await stores.executionFacts.recordEnd("acme", id, "completed");
      await stores.executionFacts.addWithdrawn("acme", id, ["lead"]);
      await stores.executionFacts.get("acme", id);

      expect(new Set(commands)).toEqual(
        new Set([
          "GetItemCommand",
          "PutItemCommand",
          "UpdateItemCommand",
          "DeleteItemCommand",
          "QueryCommand",
        ]),
      );
    });
  });
}
