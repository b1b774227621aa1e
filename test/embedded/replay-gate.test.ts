import { describe, expect, it } from "vitest";
import { ReplayGate, STALL_TURNS } from "../../lambdas/embedded/replay-gate.ts";

const turns = async (count: number) => {
  for (let turn = 0; turn < count; turn += 1) {
    await new Promise((resolve) => setImmediate(resolve));
  }
};

describe("the replay gate", () => {
  it("lets recorded results go in the order they first completed, whatever order they are asked in", async () => {
    const stalls: number[] = [];
    const gate = new ReplayGate([3, 1, 2], (seq) => stalls.push(seq));
    const went: number[] = [];
    const asked = [3, 1, 2].map((seq) => gate.turn(seq).then(() => went.push(seq)));
    let drained = false;
    void gate.drained.then(() => {
      drained = true;
    });

    await Promise.all(asked);
    await gate.drained;

    expect(went).toEqual([1, 2, 3]);
    expect(drained).toBe(true);
    expect(stalls).toEqual([]);
  });

  it("gives one turn of the event loop to each result before the next goes", async () => {
    const gate = new ReplayGate([1, 2], () => {});
    const went: string[] = [];
    void gate.turn(2).then(() => went.push("2"));
    await gate.turn(1);
    went.push("1");
    // What the machine does with result 1 in promise callbacks happens before result 2 goes.
    await Promise.resolve();
    went.push("after 1");

    await gate.drained;
    expect(went).toEqual(["1", "after 1", "2"]);
  });

  it("gives the order up when the next result is not asked for, says which, and lets the rest go", async () => {
    const stalls: number[] = [];
    const gate = new ReplayGate([1, 2], (seq) => stalls.push(seq));
    const second = gate.turn(2);

    await turns(STALL_TURNS + 2);
    await second;
    await gate.drained;

    expect(stalls).toEqual([1]);
    await gate.turn(1);
  });

  it("is drained from the start with nothing recorded, and says nothing when abandoned", async () => {
    await new ReplayGate([], () => {
      throw new Error("no stall without results");
    }).drained;
    const stalls: number[] = [];
    const gate = new ReplayGate([1], (seq) => stalls.push(seq));
    gate.abandon();
    await gate.drained;
    await turns(STALL_TURNS + 2);
    expect(stalls).toEqual([]);
  });
});
