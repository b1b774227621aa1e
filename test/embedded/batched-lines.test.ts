import { describe, expect, it } from "vitest";
import { batchedLines } from "../../lambdas/embedded/event-plugins/batched-lines.ts";

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe("batchedLines", () => {
  it("writes the lines of one turn in one write, in order, and resolves each once it is written", async () => {
    const writes: string[] = [];
    const line = batchedLines((text) => writes.push(text));
    let settled = 0;
    const first = [line("a"), line("b"), line("c")].map((written) =>
      written.then(() => {
        settled += 1;
      }),
    );
    await Promise.resolve();
    expect(writes).toEqual([]);
    expect(settled).toBe(0);
    await Promise.all(first);
    expect(writes).toEqual(["a\nb\nc\n"]);
    await line("d");
    expect(writes).toEqual(["a\nb\nc\n", "d\n"]);
  });

  it("rejects every line of a batch whose write failed, and writes the next batch", async () => {
    let failing = true;
    const writes: string[] = [];
    const line = batchedLines((text) => {
      if (failing) throw new Error("EPIPE");
      writes.push(text);
    });
    const lost = [line("a"), line("b")];
    for (const written of lost) await expect(written).rejects.toThrow("EPIPE");
    failing = false;
    await nextTurn();
    await line("c");
    expect(writes).toEqual(["c\n"]);
  });
});
