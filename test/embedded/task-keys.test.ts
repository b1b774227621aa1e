import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TaskKeys } from "../../lambdas/embedded/task-keys.ts";

describe("task keys", () => {
  it("number the runs of a state with the same input, and keep other states and inputs apart", () => {
    const keys = new TaskKeys();
    const first = keys.next("Approve lead", { node: "lead" });
    const second = keys.next("Approve lead", { node: "lead" });
    const other = keys.next("Approve lead", { node: "sre" });
    const elsewhere = keys.next("Run pay", { node: "lead" });

    expect(first).toMatch(/^Approve lead#[\w-]{22}#1$/);
    expect(second).toBe(first.replace(/#1$/, "#2"));
    expect(new Set([first, second, other, elsewhere]).size).toBe(4);
    expect(other.endsWith("#1")).toBe(true);
  });

  it("name the same calls the same way in any interleaving of their inputs (a replay of concurrent branches)", () => {
    const call = fc.record({
      state: fc.constantFrom("Approve a", "Approve b", "Step"),
      input: fc.jsonValue(),
    });
    fc.assert(
      fc.property(fc.array(call, { maxLength: 30 }), fc.func(fc.integer()), (calls, rank) => {
        const named = (order: typeof calls) => {
          const keys = new TaskKeys();
          return new Map(order.map((entry) => [entry, keys.next(entry.state, entry.input)]));
        };
        // Another interleaving: any permutation, with identical calls kept in their order
        // among themselves (where they sit changes, which of them comes first does not).
        const identity = (entry: (typeof calls)[number]) =>
          `${entry.state}\n${JSON.stringify(entry.input)}`;
        const permuted = calls
          .map((entry, index) => ({ entry, index }))
          .sort((a, b) => rank(a.index) - rank(b.index) || a.index - b.index)
          .map(({ entry }) => entry);
        const queues = new Map<string, (typeof calls)[number][]>();
        for (const entry of calls) {
          queues.set(identity(entry), [...(queues.get(identity(entry)) ?? []), entry]);
        }
        const shuffled = permuted.map((entry) => queues.get(identity(entry))?.shift() ?? entry);
        const first = named(calls);
        const again = named(shuffled);
        for (const entry of calls) expect(again.get(entry)).toBe(first.get(entry));
        expect(new Set(first.values()).size).toBe(calls.length);
      }),
    );
  });
});
