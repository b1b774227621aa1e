import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DatabaseSync } from "node:sqlite";
import { afterAll, describe, expect, it } from "vitest";
import { MemoryExecutionJournal } from "../../lambdas/adapters/memory/memory-execution-journal.ts";
import { openFlowDatabase } from "../../lambdas/adapters/sqlite/open-flow-database.ts";
import { sqliteExecutionJournal } from "../../lambdas/adapters/sqlite/sqlite-execution-journal.ts";
import type {
  ExecutionJournal,
  JournaledExecution,
} from "../../lambdas/core/ports/execution-journal.ts";

const folder = await mkdtemp(join(tmpdir(), "baton-journal-"));
const opened: DatabaseSync[] = [];
afterAll(async () => {
  for (const database of opened) if (database.isOpen) database.close();
  await rm(folder, { recursive: true, force: true });
});
let files = 0;

/** A journal on a fresh SQLite file, and a way to open the same file again (a restart). */
function sqliteJournal(): { journal: ExecutionJournal; reopen: () => ExecutionJournal } {
  files += 1;
  const file = join(folder, `${files}`, "baton.db");
  const open = () => {
    const database = openFlowDatabase(file);
    opened.push(database);
    return sqliteExecutionJournal(database);
  };
  return { journal: open(), reopen: open };
}

const execution = (name: string, startedAt: string): JournaledExecution => ({
  executionId: `expense:2:${name}`,
  templateId: "expense",
  templateVersion: 2,
  name,
  input: { instance: { tenant: "default", id: name }, input: { amount: 2 ** 60 }, nodes: {} },
  startedAt,
});

const ADAPTERS: [string, () => ExecutionJournal][] = [
  ["memory", () => new MemoryExecutionJournal()],
  ["SQLite", () => sqliteJournal().journal],
];

for (const [name, make] of ADAPTERS) {
  describe(`the ${name} execution journal`, () => {
    it("lists the executions begun, oldest first, and keeps the first record of an id", async () => {
      const journal = make();
      await journal.begin(execution("b", "2025-01-02T00:00:00.000Z"));
      await journal.begin(execution("a", "2025-01-01T00:00:00.000Z"));
      await journal.begin({ ...execution("a", "2025-01-03T00:00:00.000Z"), templateVersion: 9 });

      expect(await journal.running()).toEqual([
        execution("a", "2025-01-01T00:00:00.000Z"),
        execution("b", "2025-01-02T00:00:00.000Z"),
      ]);
    });

    it("keeps one entry per task key, the last one written, with its outcome as given", async () => {
      const journal = make();
      const { executionId } = execution("a", "2025-01-01T00:00:00.000Z");
      await journal.begin(execution("a", "2025-01-01T00:00:00.000Z"));
      await journal.put(executionId, { key: "Approve lead#x#1", startedAt: "t0" });
      await journal.put(executionId, {
        key: "Approve lead#x#1",
        startedAt: "t0",
        memo: { callbackId: "CB" },
        completed: { seq: 2, outcome: { error: "Baton.Rejected", cause: '{"comment":"no"}' } },
      });
      await journal.put(executionId, {
        key: "Run pay#y#1",
        startedAt: "t1",
        completed: { seq: 1, outcome: { output: { big: 2 ** 60, nested: [null, "é"] } } },
      });

      const tasks = await journal.tasks(executionId);
      expect(tasks.sort((a, b) => a.key.localeCompare(b.key))).toEqual([
        {
          key: "Approve lead#x#1",
          startedAt: "t0",
          memo: { callbackId: "CB" },
          completed: { seq: 2, outcome: { error: "Baton.Rejected", cause: '{"comment":"no"}' } },
        },
        {
          key: "Run pay#y#1",
          startedAt: "t1",
          completed: { seq: 1, outcome: { output: { big: 2 ** 60, nested: [null, "é"] } } },
        },
      ]);
    });

    it("forgets a finished execution and its tasks, and takes no entry for it afterwards", async () => {
      const journal = make();
      const kept = execution("kept", "2025-01-01T00:00:00.000Z");
      const done = execution("done", "2025-01-02T00:00:00.000Z");
      await journal.begin(kept);
      await journal.begin(done);
      await journal.put(kept.executionId, { key: "k", startedAt: "t" });
      await journal.put(done.executionId, { key: "k", startedAt: "t" });

      await journal.finish(done.executionId);
      await journal.put(done.executionId, { key: "late", startedAt: "t" });

      expect(await journal.running()).toEqual([kept]);
      expect(await journal.tasks(done.executionId)).toEqual([]);
      expect(await journal.tasks(kept.executionId)).toEqual([{ key: "k", startedAt: "t" }]);
    });

    it("hands out copies: changing what it returned changes nothing stored", async () => {
      const journal = make();
      const begun = execution("a", "2025-01-01T00:00:00.000Z");
      await journal.begin(begun);
      await journal.put(begun.executionId, { key: "k", startedAt: "t", memo: { n: 1 } });
      const [listed] = await journal.running();
      const [task] = await journal.tasks(begun.executionId);
      (listed as JournaledExecution).templateVersion = 7;
      (task?.memo as { n: number }).n = 2;

      expect(await journal.running()).toEqual([begun]);
      expect((await journal.tasks(begun.executionId))[0]?.memo).toEqual({ n: 1 });
    });
  });
}

describe("the SQLite execution journal", () => {
  it("keeps what was written across a reopen of the file", async () => {
    const { journal, reopen } = sqliteJournal();
    const begun = execution("a", "2025-01-01T00:00:00.000Z");
    await journal.begin(begun);
    await journal.put(begun.executionId, {
      key: "k",
      startedAt: "t",
      completed: { seq: 1, outcome: { output: {} } },
    });

    const again = reopen();
    expect(await again.running()).toEqual([begun]);
    expect(await again.tasks(begun.executionId)).toEqual([
      { key: "k", startedAt: "t", completed: { seq: 1, outcome: { output: {} } } },
    ]);
  });
});
