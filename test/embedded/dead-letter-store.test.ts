import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { memoryDeadLetterStore } from "../../lambdas/adapters/memory/memory-dead-letter-store.ts";
import { openFlowDatabase } from "../../lambdas/adapters/sqlite/open-flow-database.ts";
import { sqliteDeadLetterStore } from "../../lambdas/adapters/sqlite/sqlite-dead-letter-store.ts";
import { eventEnvelope } from "../../lambdas/core/events/event-envelope.ts";
import type { DeadLetterStore } from "../../lambdas/core/ports/dead-letter-store.ts";
import type { DeadLetter } from "../../lambdas/core/records/dead-letter.ts";

const folder = await mkdtemp(join(tmpdir(), "baton-dlq-"));
afterAll(() => rm(folder, { recursive: true, force: true }));
let files = 0;
const freshFile = () => {
  files += 1;
  return join(folder, `${files}`, "baton.db");
};

/** A dead letter for plugin `plugin`, failed at second `second`. */
function letter(id: string, second: number, plugin = "ci"): DeadLetter {
  const at = new Date(Date.UTC(2026, 11, 2, 10, 0, second)).toISOString();
  return {
    id,
    plugin,
    rule: `${plugin}#0`,
    envelope: eventEnvelope(
      {
        type: "flow.ended",
        tenant: "default",
        templateId: "expense",
        templateVersion: 1,
        instanceId: `i-${id}`,
        at,
        detail: { status: "completed" },
      },
      { id: `e-${id}`, account: "000000000000", region: "local" },
    ),
    attempts: 5,
    error: "the webhook answered 503",
    failedAt: at,
  };
}

const stores: [string, () => DeadLetterStore][] = [
  ["memory", memoryDeadLetterStore],
  ["SQLite", () => sqliteDeadLetterStore(openFlowDatabase(freshFile()))],
];

describe.each(stores)("the %s dead-letter store", (_name, open) => {
  it("keeps a letter whole, and removes it once", async () => {
    const store = open();
    await store.put(letter("a", 1));
    expect(await store.get("a")).toEqual(letter("a", 1));
    expect(await store.get("b")).toBeUndefined();
    expect(await store.remove("a")).toBe(true);
    expect(await store.remove("a")).toBe(false);
    expect(await store.get("a")).toBeUndefined();
  });

  it("lists oldest failure first, in pages that continue where the last ended", async () => {
    const store = open();
    for (const [id, second] of [
      ["c", 3],
      ["a", 1],
      ["e", 5],
      ["b", 2],
      ["d", 4],
    ] as const) {
      await store.put(letter(id, second));
    }
    const first = await store.list({ limit: 2 });
    expect(first.items.map((item) => item.id)).toEqual(["a", "b"]);
    const second = await store.list({ limit: 2, cursor: first.cursor });
    expect(second.items.map((item) => item.id)).toEqual(["c", "d"]);
    const third = await store.list({ limit: 2, cursor: second.cursor });
    expect(third).toEqual({ items: [letter("e", 5)] });
  });

  it("replaces a letter put again under its id (a failed redrive), which moves it last", async () => {
    const store = open();
    await store.put(letter("a", 1));
    await store.put(letter("b", 2));
    await store.put({ ...letter("a", 9), attempts: 6, error: "the webhook answered 500" });
    const { items } = await store.list();
    expect(items.map((item) => [item.id, item.attempts, item.error])).toEqual([
      ["b", 5, "the webhook answered 503"],
      ["a", 6, "the webhook answered 500"],
    ]);
  });

  it("hands out copies: changing a read letter changes nothing stored", async () => {
    const store = open();
    await store.put(letter("a", 1));
    const read = (await store.get("a")) as DeadLetter;
    read.attempts = 99;
    expect((await store.get("a"))?.attempts).toBe(5);
  });
});

describe("the SQLite dead-letter store", () => {
  it("survives closing and reopening the database", async () => {
    const file = freshFile();
    const before = openFlowDatabase(file);
    await sqliteDeadLetterStore(before).put(letter("a", 1));
    before.close();
    const after = openFlowDatabase(file);
    expect((await sqliteDeadLetterStore(after).list()).items).toEqual([letter("a", 1)]);
    after.close();
  });
});
