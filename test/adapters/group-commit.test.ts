import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import fc from "fast-check";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { GroupCommit, groupCommit } from "../../lambdas/adapters/sqlite/group-commit.ts";
import { openFlowDatabase } from "../../lambdas/adapters/sqlite/open-flow-database.ts";

let folder: string;
let database: DatabaseSync;
/** A second connection to the same file: it sees only what was committed. */
let observer: DatabaseSync;

const rowsSeenByObserver = () =>
  observer
    .prepare("SELECT k FROM t ORDER BY k")
    .all()
    .map((row) => String(row.k));

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), "baton-group-commit-"));
  database = openFlowDatabase(join(folder, "baton.db"));
  database.exec("CREATE TABLE t (k TEXT PRIMARY KEY)");
  observer = new DatabaseSync(join(folder, "baton.db"));
});

afterEach(async () => {
  observer.close();
  if (database.isOpen) database.close();
  await rm(folder, { recursive: true, force: true });
});

describe("GroupCommit", () => {
  it("commits the writes of one turn in one transaction and settles them only after it", async () => {
    const commit = groupCommit(database);
    const insert = database.prepare("INSERT INTO t (k) VALUES (?)");
    const settled: string[][] = [];
    const writes = ["a", "b", "c"].map((k) =>
      commit.write(() => insert.run(k)).then(() => settled.push(rowsSeenByObserver())),
    );
    expect(database.isTransaction).toBe(true);
    expect(rowsSeenByObserver()).toEqual([]);
    await Promise.all(writes);
    expect(settled).toEqual([
      ["a", "b", "c"],
      ["a", "b", "c"],
      ["a", "b", "c"],
    ]);
    expect(database.isTransaction).toBe(false);
  });

  it("is one per connection", () => {
    expect(groupCommit(database)).toBe(groupCommit(database));
    expect(groupCommit(observer)).not.toBe(groupCommit(database));
  });

  it("rejects a unit that throws with its own error and commits the others", async () => {
    const commit = groupCommit(database);
    const insert = database.prepare("INSERT INTO t (k) VALUES (?)");
    const outcomes = await Promise.allSettled([
      commit.write(() => insert.run("a")),
      commit.write(() => insert.run("a")),
      commit.write(() => insert.run("b")),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual([
      "fulfilled",
      "rejected",
      "fulfilled",
    ]);
    expect(String((outcomes[1] as PromiseRejectedResult).reason)).toMatch(/UNIQUE/);
    expect(rowsSeenByObserver()).toEqual(["a", "b"]);
  });

  it("undoes an atomic unit to its savepoint when one of its statements throws", async () => {
    const commit = groupCommit(database);
    const insert = database.prepare("INSERT INTO t (k) VALUES (?)");
    const outcomes = await Promise.allSettled([
      commit.write(() => insert.run("a")),
      commit.atomically(() => {
        insert.run("b");
        insert.run("a");
      }),
      commit.atomically(() => {
        insert.run("c");
        insert.run("d");
      }),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual([
      "fulfilled",
      "rejected",
      "fulfilled",
    ]);
    expect(rowsSeenByObserver()).toEqual(["a", "c", "d"]);
  });

  it("settles a read at once with no transaction open, and with the commit inside one", async () => {
    const commit = groupCommit(database);
    const insert = database.prepare("INSERT INTO t (k) VALUES (?)");
    const count = database.prepare("SELECT count(*) AS n FROM t");
    const order: string[] = [];
    const alone = commit.read(() => count.get()?.n).then((n) => order.push(`alone ${n}`));
    await Promise.resolve();
    expect(order).toEqual(["alone 0"]);
    await alone;
    const written = commit.write(() => insert.run("a")).then(() => order.push("written"));
    const inside = commit.read(() => count.get()?.n).then((n) => order.push(`inside ${n}`));
    await Promise.resolve();
    expect(order).toEqual(["alone 0"]);
    await Promise.all([written, inside]);
    expect(order).toEqual(["alone 0", "written", "inside 1"]);
  });

  it("rejects every unit of the turn when its commit fails, and keeps none of them", async () => {
    const commit = new GroupCommit(database);
    const insert = database.prepare("INSERT INTO t (k) VALUES (?)");
    const writes = [commit.write(() => insert.run("a")), commit.write(() => insert.run("b"))];
    // The only way to make a COMMIT fail on demand: the connection is closed under it.
    database.close();
    const outcomes = await Promise.allSettled(writes);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(["rejected", "rejected"]);
    expect(rowsSeenByObserver()).toEqual([]);
  });

  it("keeps exactly the units that did not throw, over any mix of turns", async () => {
    const unit = fc.record({
      keys: fc.array(fc.constantFrom("a", "b", "c", "d", "e"), { minLength: 1, maxLength: 3 }),
      atomic: fc.boolean(),
      newTurn: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(unit, { maxLength: 12 }), async (units) => {
        database.exec("DELETE FROM t");
        const commit = groupCommit(database);
        const insert = database.prepare("INSERT INTO t (k) VALUES (?)");
        const kept = new Set<string>();
        const pending: Promise<unknown>[] = [];
        for (const { keys, atomic, newTurn } of units) {
          if (newTurn) await new Promise((resolve) => setImmediate(resolve));
          // What the unit keeps if it runs now: an atomic one all or nothing, a plain one its
          // statements up to the first that fails.
          const before = new Set(kept);
          const after = new Set(kept);
          let failed = false;
          for (const key of keys) {
            if (after.has(key)) {
              failed = true;
              break;
            }
            after.add(key);
          }
          const expected = atomic && failed ? before : after;
          for (const key of expected) kept.add(key);
          const statements = () => {
            for (const key of keys) insert.run(key);
          };
          pending.push(
            (atomic ? commit.atomically(statements) : commit.write(statements)).catch(() => {}),
          );
        }
        await Promise.all(pending);
        expect(rowsSeenByObserver()).toEqual([...kept].sort());
      }),
      { numRuns: 100 },
    );
  });
});
