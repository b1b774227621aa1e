import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { openFlowDatabase } from "../../lambdas/adapters/sqlite/open-flow-database.ts";
import { sqliteFlowStores } from "../../lambdas/adapters/sqlite/sqlite-flow-stores.ts";
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
import { conflictOf, describeFlowStoresContract } from "./flow-stores.contract.ts";

const folder = await mkdtemp(join(tmpdir(), "baton-sqlite-"));
const opened: DatabaseSync[] = [];
let files = 0;

/** A fresh database file of its own, closed after the test. */
function freshDatabase(): { database: DatabaseSync; file: string } {
  files += 1;
  const file = join(folder, `${files}`, "baton.db");
  const database = openFlowDatabase(file);
  opened.push(database);
  return { database, file };
}

afterEach(() => {
  for (const database of opened.splice(0)) if (database.isOpen) database.close();
});
afterAll(() => rm(folder, { recursive: true, force: true }));

describeFlowStoresContract("SQLite", async () => sqliteFlowStores(freshDatabase().database));

/** A database that remembers every statement the stores prepare. */
class RecordingDatabase extends DatabaseSync {
  readonly prepared: string[] = [];

  override prepare(sql: string): ReturnType<DatabaseSync["prepare"]> {
    this.prepared.push(sql);
    return super.prepare(sql);
  }
}

describe("SQLite flow stores", () => {
  it("opens its file in WAL mode", () => {
    const { database } = freshDatabase();

    expect(database.prepare("PRAGMA journal_mode").get()).toEqual({ journal_mode: "wal" });
  });

  it("keeps every record in the file across a close and a reopen", async () => {
    const { database, file } = freshDatabase();
    const before = sqliteFlowStores(database);
    await before.instances.create(instanceRecord());
    await before.approvals.put(approvalRecord());
    await before.history.append(historyEntry(1));
    await before.inbox.put(inboxItem());
    await before.links.create(linkRecord());
    await before.callbacks.put(callbackRecord());
    await before.idempotency.claim("acme", "order-42", instanceRecord().instanceId);
    await before.executionFacts.addWithdrawn("acme", instanceRecord().instanceId, ["lead"]);
    database.close();

    const reopened = openFlowDatabase(file);
    opened.push(reopened);
    const after = sqliteFlowStores(reopened);

    const id = instanceRecord().instanceId;
    expect(await after.instances.get("acme", id)).toEqual(instanceRecord());
    expect(await after.approvals.get("acme", id, "lead", 1)).toEqual(approvalRecord());
    expect(await after.history.list("acme", id)).toEqual([historyEntry(1)]);
    expect((await after.inbox.list("acme", "al", "todo")).items).toEqual([inboxItem()]);
    expect(await after.links.get("acme", linkRecord().linkHash)).toEqual(linkRecord());
    expect(await after.callbacks.get("acme", "cb-1")).toEqual(callbackRecord());
    expect(await after.idempotency.get("acme", "order-42")).toBe(id);
    expect(await after.executionFacts.get("acme", id)).toEqual({ withdrawn: ["lead"] });
  });

  it("holds its conditions across two connections to the file, as two processes would have them", async () => {
    const { database, file } = freshDatabase();
    const other = openFlowDatabase(file);
    opened.push(other);
    const [one, two] = [sqliteFlowStores(database), sqliteFlowStores(other)];
    await one.approvals.put(approvalRecord());
    const approved = { ...approvalRecord(), status: "approved" as const, version: 2 };
    await two.approvals.put(approved, 1);

    const existing = await conflictOf(one.approvals.put({ ...approvalRecord(), version: 2 }, 1));

    expect(existing).toEqual(approved);
    expect(await one.approvals.get("acme", approved.instanceId, "lead", 1)).toEqual(approved);
  });

  it("adds the unsettled listing's column to a database made before it, filled from the records", async () => {
    const { database } = freshDatabase();
    database.exec(`CREATE TABLE instances (
      tenant TEXT NOT NULL, instance_id TEXT NOT NULL, template_id TEXT NOT NULL,
      sort_key TEXT NOT NULL, version INTEGER NOT NULL, record TEXT NOT NULL,
      PRIMARY KEY (tenant, instance_id)) STRICT, WITHOUT ROWID;`);
    const running = instanceRecord();
    const ended = instanceRecord({ instanceId: "01JF3Q0000000000000000000B", status: "completed" });
    const insert = database.prepare("INSERT INTO instances VALUES (?, ?, ?, ?, ?, ?)");
    for (const record of [running, ended]) {
      insert.run(
        record.tenant,
        record.instanceId,
        "expense",
        record.createdAt,
        1,
        JSON.stringify(record),
      );
    }

    const stores = sqliteFlowStores(database);

    expect(await stores.instances.listUnsettled({ updatedBefore: minutesLater(60) })).toEqual({
      items: [unsettledInstance(running)],
    });
    expect(await stores.instances.get("acme", ended.instanceId)).toEqual(ended);
  });

  it("answers every access pattern by key, a key range or an index range: no scan, no sort", () => {
    const database = new RecordingDatabase(":memory:");
    opened.push(database);
    sqliteFlowStores(database);

    const plans = database.prepared.map((sql) => {
      const steps = database
        .prepare(`EXPLAIN QUERY PLAN ${sql}`)
        .all(...Array.from({ length: (sql.match(/\?/g) ?? []).length }, () => null))
        .map((row) => String(row.detail));
      return { sql: sql.replace(/\s+/g, " "), steps };
    });

    expect(plans.length).toBeGreaterThanOrEqual(25);
    for (const plan of plans) {
      const unkeyed = plan.steps.filter(
        (step) =>
          !/^SEARCH \w+ USING (PRIMARY KEY|INDEX)/.test(step) && !/^SCAN json_each/.test(step),
      );
      expect(unkeyed, plan.sql).toEqual([]);
    }
  });
});
