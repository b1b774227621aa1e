import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  TaskTokenGoneError,
  type TaskTokenGoneReason,
} from "../../lambdas/core/ports/task-token-gone-error.ts";
import { LocalTaskTokens } from "../../lambdas/local/local-task-tokens.ts";

const EXECUTIONS = ["a", "b", "c"];

/** One step on the tokens: park a state of an execution, settle the n-th token issued, or end an execution. */
const step = fc.oneof(
  fc.record({ kind: fc.constant("park" as const), execution: fc.constantFrom(...EXECUTIONS) }),
  fc.record({
    kind: fc.constantFrom("succeed" as const, "timeOut" as const, "abandon" as const),
    nth: fc.nat(20),
  }),
  fc.record({ kind: fc.constant("end" as const), execution: fc.constantFrom(...EXECUTIONS) }),
);

/** What a heartbeat for `token` finds: the token parked, or why it is gone. */
const stateOf = (tokens: LocalTaskTokens, token: string) =>
  tokens.heartbeat(token).then(
    () => "parked",
    (error: unknown) => {
      expect(error).toBeInstanceOf(TaskTokenGoneError);
      return (error as TaskTokenGoneError).reason;
    },
  );

describe("LocalTaskTokens", () => {
  it("property: an execution's end retires its parked tokens and only those; a settled token stays gone, for its reason", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 40 }), async (steps) => {
        const tokens = new LocalTaskTokens();
        /** The model: each token issued, its execution, and whether it is parked or why it is gone. */
        const issued: {
          token: string;
          execution: string;
          state: "parked" | TaskTokenGoneReason;
        }[] = [];
        for (const next of steps) {
          if (next.kind === "park") {
            const { token } = tokens.park(next.execution);
            issued.push({ token, execution: next.execution, state: "parked" });
            continue;
          }
          if (next.kind === "end") {
            tokens.retireExecution(next.execution);
            for (const entry of issued) {
              if (entry.execution === next.execution && entry.state === "parked") {
                entry.state = "TaskDoesNotExist";
              }
            }
            continue;
          }
          const entry = issued[next.nth % Math.max(1, issued.length)];
          if (!entry) continue;
          const { state } = entry;
          if (next.kind === "succeed") {
            const answer = tokens.succeed(entry.token, {});
            if (state === "parked") await answer;
            else await expect(answer).rejects.toEqual(new TaskTokenGoneError(state));
          } else if (next.kind === "timeOut") {
            expect(tokens.timeOut(entry.token)).toBe(state === "parked");
          } else {
            tokens.abandon(entry.token);
          }
          if (state === "parked") {
            entry.state = next.kind === "timeOut" ? "TaskTimedOut" : "TaskDoesNotExist";
          }
        }
        for (const entry of issued) expect(await stateOf(tokens, entry.token)).toBe(entry.state);
        expect(new Set(issued.map((entry) => entry.token)).size).toBe(issued.length);
      }),
    );
  });

  it("holds no issued token in a long-running engine: only a count, unless asked to keep them", async () => {
    const engine = new LocalTaskTokens();
    const simulation = new LocalTaskTokens({ keepIssued: true });
    const parkedByEngine = [engine.park("a").token, engine.park("a").token];
    const parkedBySimulation = [simulation.park("a").token, simulation.park("b").token];
    for (const token of parkedByEngine) await engine.succeed(token, {});
    expect(engine.issuedCount).toBe(2);
    expect(engine.issued).toEqual([]);
    expect(simulation.issued).toEqual(parkedBySimulation);
  });

  it("remembers why the last goneKept retired tokens are gone; an older one answers InvalidToken, as after a restart", async () => {
    const tokens = new LocalTaskTokens({ goneKept: 2 });
    const [first, second, third] = [tokens.park("a"), tokens.park("a"), tokens.park("b")];
    await tokens.succeed(first.token, {});
    expect(tokens.timeOut(second.token)).toBe(true);
    await second.result.catch(() => undefined);
    await tokens.succeed(third.token, {});
    expect(await stateOf(tokens, first.token)).toBe("InvalidToken");
    expect(await stateOf(tokens, second.token)).toBe("TaskTimedOut");
    expect(await stateOf(tokens, third.token)).toBe("TaskDoesNotExist");
    await expect(tokens.succeed(first.token, {})).rejects.toEqual(
      new TaskTokenGoneError("InvalidToken"),
    );
  });
});
