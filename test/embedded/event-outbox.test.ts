import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { MemoryTemplateCatalog } from "../../lambdas/adapters/memory/memory-template-catalog.ts";
import { createFlowSchema } from "../../lambdas/adapters/sqlite/create-flow-schema.ts";
import { openFlowDatabase } from "../../lambdas/adapters/sqlite/open-flow-database.ts";
import { sqliteDeadLetterStore } from "../../lambdas/adapters/sqlite/sqlite-dead-letter-store.ts";
import { sqliteDeliveryQueue } from "../../lambdas/adapters/sqlite/sqlite-delivery-queue.ts";
import { sqliteFlowStores } from "../../lambdas/adapters/sqlite/sqlite-flow-stores.ts";
import { sqliteHistoryStore } from "../../lambdas/adapters/sqlite/sqlite-history-store.ts";
import { sqliteOutbox } from "../../lambdas/adapters/sqlite/sqlite-outbox.ts";
import type { EventEnvelope } from "../../lambdas/core/events/event-envelope.ts";
import { recordChange } from "../../lambdas/core/operations/record-change.ts";
import type { PluginDeclaration } from "../../lambdas/core/plugins/plugin-declaration.ts";
import { WriteConflictError } from "../../lambdas/core/ports/write-conflict-error.ts";
import type { FlowEventType } from "../../lambdas/core/records/bus-event.ts";
import type { NewHistoryEntry } from "../../lambdas/core/records/history-entry.ts";
import {
  createEmbeddedBackend,
  type EmbeddedBackend,
} from "../../lambdas/embedded/create-embedded-backend.ts";
import { deliveryId } from "../../lambdas/embedded/delivery-id.ts";
import { recoverEvents } from "../../lambdas/embedded/recover-events.ts";
import { historyEntry, instanceRecord } from "../support/flow-records.ts";

const folder = await mkdtemp(join(tmpdir(), "baton-outbox-"));
const opened: DatabaseSync[] = [];
afterAll(async () => {
  for (const database of opened) if (database.isOpen) database.close();
  await rm(folder, { recursive: true, force: true });
});

const instance = instanceRecord();
const WATCHED: FlowEventType[] = ["flow.started", "node.activated", "approval.requested"];
const PLUGINS: PluginDeclaration[] = [
  { name: "audit", kind: "log", subscriptions: [{ events: WATCHED }] },
];

/** What the `log` plugin printed, read back as envelopes. */
const envelopesOf = (lines: readonly string[]) =>
  lines.map((line) => JSON.parse(line) as EventEnvelope & { plugin: string });

/**
 * One run of the engine on `database`: its stores, its durable delivery queue and a `log`
 * plugin subscribed to the events of an approval being opened, whose lines go to `printed`.
 */
function engine(database: DatabaseSync, printed: string[]): EmbeddedBackend {
  return createEmbeddedBackend({
    templates: new MemoryTemplateCatalog([]),
    stores: sqliteFlowStores(database),
    declaredPlugins: PLUGINS,
    eventDelivery: {
      deadLetters: sqliteDeadLetterStore(database),
      deliveries: sqliteDeliveryQueue(database),
      print: (line) => printed.push(line),
    },
  });
}

/** The same engine with a bus that dies when asked to publish: the process killed in between. */
const killedBeforePublish = (backend: EmbeddedBackend) => ({
  ...backend,
  bus: {
    publish: async () => {
      throw new Error("killed before the publish");
    },
  },
});

const change = (type: FlowEventType, nodeId?: string): NewHistoryEntry => ({
  type,
  at: "2026-12-02T10:00:00.000Z",
  ...(nodeId === undefined ? {} : { nodeId }),
  detail: {},
});

const countRows = (database: DatabaseSync, table: "outbox" | "deliveries") =>
  Number((database.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n);

describe("the outbox of the SQLite store", () => {
  it("holds every appended entry, written by the append itself; an append that lost its race adds nothing", async () => {
    const database = new DatabaseSync(":memory:");
    opened.push(database);
    const history = sqliteFlowStores(database).history;
    await history.append(historyEntry(1));
    await history.append(historyEntry(2));
    await expect(history.append(historyEntry(2, { hash: "other" }))).rejects.toBeInstanceOf(
      WriteConflictError,
    );
    expect((await sqliteOutbox(database).left()).map((entry) => entry.seq)).toEqual([1, 2]);
    expect(await sqliteOutbox(database).left()).toEqual(
      await history.list("acme", instance.instanceId),
    );
  });

  it("is added to a database made before it: entries appended from then on are in it, older ones are not", async () => {
    const database = new DatabaseSync(":memory:");
    opened.push(database);
    database.exec(`CREATE TABLE history (
      tenant TEXT NOT NULL, instance_id TEXT NOT NULL, seq INTEGER NOT NULL, record TEXT NOT NULL,
      PRIMARY KEY (tenant, instance_id, seq)) STRICT, WITHOUT ROWID;`);
    database
      .prepare("INSERT INTO history VALUES (?, ?, ?, ?)")
      .run("acme", instance.instanceId, 1, JSON.stringify(historyEntry(1)));
    createFlowSchema(database);
    await sqliteHistoryStore(database).append(historyEntry(2));
    expect((await sqliteOutbox(database).left()).map((entry) => entry.seq)).toEqual([2]);
  });

  it("keeps a published event's deliveries and takes it off the outbox in one step; a delivery kept already is not kept again", async () => {
    const database = new DatabaseSync(":memory:");
    opened.push(database);
    await sqliteFlowStores(database).history.append(historyEntry(1));
    expect(countRows(database, "outbox")).toBe(1);
    const queue = sqliteDeliveryQueue(database);
    const delivery = {
      id: "d1",
      rule: "audit#0",
      plugin: "audit",
      envelope: {} as EventEnvelope,
      attempts: 0,
      dueAt: "2026-12-02T10:00:00.000Z",
    };
    const key = { tenant: "acme", instanceId: instance.instanceId, seq: 1 };
    expect(await queue.accept([delivery], [key])).toEqual([delivery]);
    expect(countRows(database, "outbox")).toBe(0);
    expect(await queue.accept([{ ...delivery, attempts: 3 }], [key])).toEqual([]);
    expect(await queue.list()).toEqual([delivery]);
  });
});

describe("events survive a kill of the embedded engine", () => {
  it("publishes after a restart, once, what was appended to the history by a process killed before it published", async () => {
    const file = join(folder, "unpublished", "baton.db");
    const before = openFlowDatabase(file);
    opened.push(before);
    const printedBefore: string[] = [];
    const first = engine(before, printedBefore);
    await first.stores.instances.create(instance);
    await recordChange(first, instance, [change("flow.started")]);
    await first.bus.settled();
    await expect(
      recordChange(killedBeforePublish(first), instance, [
        change("node.activated", "lead"),
        change("approval.requested", "lead"),
      ]),
    ).rejects.toThrow("killed before the publish");
    expect(envelopesOf(printedBefore).map((envelope) => envelope["detail-type"])).toEqual([
      "flow.started",
    ]);
    before.close();

    const after = openFlowDatabase(file);
    opened.push(after);
    const printedAfter: string[] = [];
    const second = engine(after, printedAfter);
    expect(await recoverEvents(second, sqliteOutbox(after))).toEqual({
      deliveries: 0,
      relayed: 2,
    });
    await second.bus.settled();
    const delivered = envelopesOf(printedAfter);
    expect(delivered.map((envelope) => [envelope["detail-type"], envelope.detail.seq])).toEqual([
      ["node.activated", 2],
      ["approval.requested", 3],
    ]);
    const requested = delivered[1] as EventEnvelope;
    expect(requested.detail).toEqual({
      type: "approval.requested",
      tenant: "acme",
      templateId: "expense",
      templateVersion: 1,
      instanceId: instance.instanceId,
      nodeId: "lead",
      seq: 3,
      at: "2026-12-02T10:00:00.000Z",
      detail: {},
    });
    expect(requested.id).toBe(deliveryId(requested.detail, "audit#0"));
    expect(countRows(after, "outbox")).toBe(0);
    expect(countRows(after, "deliveries")).toBe(0);

    const third = engine(after, printedAfter);
    expect(await recoverEvents(third, sqliteOutbox(after))).toEqual({
      deliveries: 0,
      relayed: 0,
    });
    await third.bus.settled();
    expect(printedAfter).toHaveLength(2);
  });

  it("property: whatever appends are cut off before their publish and wherever the engine restarts, each event is delivered exactly once", async () => {
    const step = fc.oneof(
      fc.record({
        kind: fc.constant("append" as const),
        types: fc.array(fc.constantFrom(...WATCHED, "node.completed" as const), {
          minLength: 1,
          maxLength: 3,
        }),
        killed: fc.boolean(),
      }),
      fc.constant({ kind: "restart" as const }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 12 }), async (steps) => {
        const database = new DatabaseSync(":memory:");
        opened.push(database);
        const printed: string[] = [];
        let backend = engine(database, printed);
        await backend.stores.instances.create(instance);
        const expected: number[] = [];
        let seq = 0;
        for (const next of steps) {
          if (next.kind === "restart") {
            await backend.bus.settled();
            backend = engine(database, printed);
            await recoverEvents(backend, sqliteOutbox(database));
            continue;
          }
          const changes = next.types.map((type) => change(type));
          await (next.killed
            ? recordChange(killedBeforePublish(backend), instance, changes).catch(() => undefined)
            : recordChange(backend, instance, changes));
          for (const type of next.types) {
            seq += 1;
            if (type !== "node.completed") expected.push(seq);
          }
        }
        await backend.bus.settled();
        backend = engine(database, printed);
        await recoverEvents(backend, sqliteOutbox(database));
        await backend.bus.settled();
        const delivered = envelopesOf(printed);
        expect(
          delivered.map((envelope) => Number(envelope.detail.seq)).sort((a, b) => a - b),
        ).toEqual(expected);
        expect(new Set(delivered.map((envelope) => envelope.id)).size).toBe(expected.length);
        expect(countRows(database, "outbox")).toBe(0);
        database.close();
      }),
      { numRuns: 60 },
    );
  });
});
