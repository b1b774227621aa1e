import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { listInbox } from "../../lambdas/core/operations/list-inbox.ts";
import { openApproval } from "../../lambdas/core/operations/open-approval.ts";
import { readInstance } from "../../lambdas/core/operations/read-instance.ts";
import { startInstance } from "../../lambdas/core/operations/start-instance.ts";
import {
  DEFAULT_SWEEP_GRACE_MS,
  sweepInstances,
} from "../../lambdas/core/operations/sweep-instances.ts";
import type { ExecutionStatus } from "../../lambdas/core/ports/executions.ts";
import { isUnsettled } from "../../lambdas/core/records/instance-record.ts";
import { type RecordingBackend, recordingBackend } from "../support/memory-backend.ts";
import { parkCallback } from "../support/park-callback.ts";
import { startedInstance } from "../support/started-instance.ts";
import { approval, flow, task } from "../support/template-builder.ts";
import { recordUnresumedDecision } from "../support/unresumed-decision.ts";

const TENANT = "default";
const MINUTE = 60_000;
const template = flow([approval("lead", ["al"])], ["start>lead", "lead>end"], { id: "review" });

/** Starts an instance of `review`; with `open`, its approval waits for al. */
async function started(backend: RecordingBackend, open = true): Promise<string> {
  const { instanceId } = await startInstance(backend, {
    tenant: TENANT,
    templateId: "review",
    input: {},
    starter: "sam",
  });
  if (open) {
    await openApproval(backend, {
      token: `t-${instanceId}`,
      instance: { tenant: TENANT, id: instanceId },
      node: "lead",
    });
  }
  return instanceId;
}

const executionOf = (instanceId: string) => `execution:${instanceId}`;

/** What a closed instance shows: its approval withdrawn, al's to-do row gone, one flow.ended. */
async function expectClosed(backend: RecordingBackend, instanceId: string) {
  const record = await backend.stores.instances.get(TENANT, instanceId);
  expect(record && isUnsettled(record)).toBe(false);
  const approvals = await backend.stores.approvals.listForInstance(TENANT, instanceId);
  expect(approvals.map((approval) => approval.status)).toEqual(["withdrawn"]);
  expect((await listInbox(backend, TENANT, "al", "todo")).items).toEqual([]);
  const history = await backend.stores.history.list(TENANT, instanceId);
  expect(history.filter((entry) => entry.type === "flow.ended")).toHaveLength(1);
}

describe("sweepInstances", () => {
  it("ends an instance whose execution ended without its event as the event would have, closing its approval", async () => {
    const cases: { ended: ExecutionStatus; status: string; reason?: string }[] = [
      { ended: "FAILED", status: "failed", reason: "States.Runtime: the path was not found" },
      { ended: "TIMED_OUT", status: "failed", reason: "ran past its time limit" },
      { ended: "ABORTED", status: "cancelled", reason: "was stopped" },
      { ended: "SUCCEEDED", status: "rejected" },
    ];
    for (const { ended, status, reason } of cases) {
      const backend = await recordingBackend([template]);
      const instanceId = await started(backend);
      backend.executionEnds.set(executionOf(instanceId), {
        status: ended,
        ...(ended === "FAILED" ? { cause: "States.Runtime: the path was not found" } : {}),
      });
      if (ended === "SUCCEEDED") {
        await backend.stores.executionFacts.recordEnd(TENANT, instanceId, "rejected");
      }
      backend.advance(DEFAULT_SWEEP_GRACE_MS + MINUTE);

      const result = await sweepInstances(backend);

      expect(result).toEqual({
        visited: 1,
        reconciled: 1,
        closed: 0,
        resumed: 0,
        running: 0,
        failed: [],
        pages: 1,
      });
      const view = await readInstance(backend, TENANT, instanceId);
      expect(view.status).toBe(status);
      if (reason) expect(view.reason).toContain(reason);
      await expectClosed(backend, instanceId);
      expect(backend.events.at(-1)).toMatchObject({ type: "flow.ended", detail: { status } });
    }
  });

  it("leaves an instance whose execution runs alone, however often it sweeps", async () => {
    const backend = await recordingBackend([template]);
    const instanceId = await started(backend);
    backend.advance(DEFAULT_SWEEP_GRACE_MS * 10);
    const history = await backend.stores.history.list(TENANT, instanceId);

    const results = [await sweepInstances(backend), await sweepInstances(backend)];

    for (const result of results) expect(result).toMatchObject({ visited: 1, running: 1 });
    expect((await readInstance(backend, TENANT, instanceId)).status).toBe("running");
    expect(await backend.stores.history.list(TENANT, instanceId)).toEqual(history);
    expect((await listInbox(backend, TENANT, "al", "todo")).items).toHaveLength(1);
  });

  it("resumes the execution of a running instance whose decision was recorded but never resumed it, once", async () => {
    const backend = await recordingBackend([template]);
    const instanceId = await started(backend);
    // The deciding request wrote the record and broke off: no inbox move, no event, no resume.
    await recordUnresumedDecision(backend, instanceId);
    backend.advance(DEFAULT_SWEEP_GRACE_MS + MINUTE);

    const first = await sweepInstances(backend);
    const second = await sweepInstances(backend);

    expect(first).toMatchObject({ visited: 1, resumed: 1, running: 0 });
    expect(second).toMatchObject({ visited: 1, resumed: 0, running: 1 });
    expect(backend.sent).toEqual([
      {
        kind: "success",
        token: `t-${instanceId}`,
        output: { outcome: "approved", output: { decidedBy: ["al"] } },
      },
    ]);
    expect((await listInbox(backend, TENANT, "al", "todo")).items).toEqual([]);
    const history = await backend.stores.history.list(TENANT, instanceId);
    expect(history.map((entry) => entry.type).slice(-2)).toEqual([
      "approval.decided",
      "node.completed",
    ]);
  });

  it("resumes the execution of a running instance whose callback report was recorded but never resumed it, once", async () => {
    const building = flow([task("build", { mode: "callback" })], ["start>build", "build>end"], {
      id: "build",
    });
    const { backend, instanceId, instance } = await startedInstance(building);
    const callback = await backend.stores.callbacks.get(
      TENANT,
      await parkCallback(backend, instance, "t-build"),
    );
    if (!callback) throw new Error("no callback");
    // The reporting request settled the callback and broke off; its repeat came within the
    // grace period and was answered with the settled status, so nobody asks again.
    await backend.stores.callbacks.put(
      {
        ...callback,
        status: "succeeded",
        report: { status: "succeeded", output: { image: "b1" } },
        version: callback.version + 1,
      },
      callback.version,
    );
    backend.advance(DEFAULT_SWEEP_GRACE_MS + MINUTE);

    const first = await sweepInstances(backend);
    const second = await sweepInstances(backend);

    expect(first).toMatchObject({ visited: 1, resumed: 1, running: 0 });
    expect(second).toMatchObject({ visited: 1, resumed: 0, running: 1 });
    expect(backend.sent).toEqual([
      {
        kind: "success",
        token: "t-build",
        output: { outcome: "succeeded", output: { image: "b1" } },
      },
    ]);
    const history = await backend.stores.history.list(TENANT, instanceId);
    expect(history.filter((entry) => entry.type === "node.completed")).toMatchObject([
      { nodeId: "build", actor: `callback:${callback.callbackId}` },
    ]);
  });

  it("visits an instance only once it has gone without a write for the grace period", async () => {
    const backend = await recordingBackend([template]);
    const instanceId = await started(backend);
    backend.executionEnds.set(executionOf(instanceId), { status: "FAILED" });

    backend.advance(DEFAULT_SWEEP_GRACE_MS - MINUTE);
    expect((await sweepInstances(backend)).visited).toBe(0);
    backend.advance(MINUTE);
    expect((await sweepInstances(backend)).visited).toBe(0);
    expect((await readInstance(backend, TENANT, instanceId)).status).toBe("running");
    backend.advance(1);
    expect((await sweepInstances(backend)).reconciled).toBe(1);
    expect((await readInstance(backend, TENANT, instanceId)).status).toBe("failed");
  });

  it("takes a shorter grace period when told", async () => {
    const backend = await recordingBackend([template]);
    const instanceId = await started(backend);
    backend.executionEnds.set(executionOf(instanceId), { status: "ABORTED" });
    backend.advance(2 * MINUTE);

    expect((await sweepInstances(backend)).visited).toBe(0);
    expect((await sweepInstances(backend, { graceMs: MINUTE })).reconciled).toBe(1);
    expect((await readInstance(backend, TENANT, instanceId)).status).toBe("cancelled");
  });

  it("ends an instance whose execution the engine does not know: as its machine recorded, else failed", async () => {
    for (const recorded of [undefined, "completed"] as const) {
      const backend = await recordingBackend([template]);
      const instanceId = await started(backend);
      backend.executions = { ...backend.executions, describe: async () => undefined };
      if (recorded) await backend.stores.executionFacts.recordEnd(TENANT, instanceId, recorded);
      backend.advance(DEFAULT_SWEEP_GRACE_MS + MINUTE);

      expect((await sweepInstances(backend)).reconciled).toBe(1);

      const view = await readInstance(backend, TENANT, instanceId);
      expect(view.status).toBe(recorded ?? "failed");
      if (!recorded) expect(view.reason).toContain("the engine knows no such execution");
      await expectClosed(backend, instanceId);
    }
  });

  it("ends failed an instance whose start broke off before its execution was recorded", async () => {
    const backend = await recordingBackend([template]);
    const instanceId = await started(backend, false);
    const record = await backend.stores.instances.get(TENANT, instanceId);
    if (!record) throw new Error("no instance");
    const { executionId: _lost, ...unstarted } = { ...record, version: record.version + 1 };
    await backend.stores.instances.update(unstarted, record.version);
    backend.advance(DEFAULT_SWEEP_GRACE_MS + MINUTE);

    expect((await sweepInstances(backend)).reconciled).toBe(1);

    const view = await readInstance(backend, TENANT, instanceId);
    expect(view.status).toBe("failed");
    expect(view.reason).toContain("its start broke off before the execution was recorded");
  });

  it("finishes the closing of an ended instance that broke off, stopping the execution when it owes that", async () => {
    for (const closing of [{}, { stopExecution: true as const }]) {
      const backend = await recordingBackend([template]);
      const instanceId = await started(backend);
      const record = await backend.stores.instances.get(TENANT, instanceId);
      if (!record) throw new Error("no instance");
      // The end status and marker were written, then the closing broke off.
      await backend.stores.instances.update(
        {
          ...record,
          status: "cancelled",
          endedAt: record.updatedAt,
          closing,
          version: record.version + 1,
        },
        record.version,
      );
      backend.advance(DEFAULT_SWEEP_GRACE_MS + MINUTE);

      const result = await sweepInstances(backend);

      expect(result).toMatchObject({ visited: 1, closed: 1, reconciled: 0, failed: [] });
      expect((await readInstance(backend, TENANT, instanceId)).status).toBe("cancelled");
      await expectClosed(backend, instanceId);
      expect(backend.stopped).toEqual(closing.stopExecution ? [executionOf(instanceId)] : []);
      expect((await sweepInstances(backend)).visited).toBe(0);
    }
  });

  it("reads at most its page budget, and the next run goes on from its cursor", async () => {
    const backend = await recordingBackend([template]);
    const ids: string[] = [];
    for (let index = 0; index < 5; index += 1) {
      const instanceId = await started(backend, false);
      ids.push(instanceId);
      backend.advance(1);
    }
    backend.advance(DEFAULT_SWEEP_GRACE_MS + MINUTE);
    const options = { pages: 1, pageSize: 2 };

    const first = await sweepInstances(backend, options);
    const second = await sweepInstances(backend, { ...options, cursor: first.cursor });
    const third = await sweepInstances(backend, { ...options, cursor: second.cursor });

    expect([first, second, third].map((result) => [result.visited, result.pages])).toEqual([
      [2, 1],
      [2, 1],
      [1, 1],
    ]);
    expect(first.cursor).toBeDefined();
    expect(second.cursor).toBeDefined();
    expect(third.cursor).toBeUndefined();
    expect((await sweepInstances(backend, { pages: 3, pageSize: 2 })).running).toBe(5);
  });

  it("goes on with the others when one instance cannot be settled, naming only the error's type", async () => {
    const backend = await recordingBackend([template]);
    const stuck = await started(backend);
    const lost = await started(backend);
    for (const id of [stuck, lost])
      backend.executionEnds.set(executionOf(id), { status: "FAILED" });
    const describe = backend.executions.describe.bind(backend.executions);
    backend.executions = {
      ...backend.executions,
      describe: async (executionId) => {
        if (executionId === executionOf(stuck)) throw new TypeError("throttled, token t-x");
        return describe(executionId);
      },
    };
    backend.advance(DEFAULT_SWEEP_GRACE_MS + MINUTE);

    const result = await sweepInstances(backend);

    expect(result).toMatchObject({
      visited: 2,
      reconciled: 1,
      failed: [{ tenant: TENANT, instanceId: stuck, error: "TypeError" }],
    });
    expect((await readInstance(backend, TENANT, lost)).status).toBe("failed");
    expect((await readInstance(backend, TENANT, stuck)).status).toBe("running");
  });

  it("refuses options that are not a duration or a positive count, changing nothing", async () => {
    const backend = await recordingBackend([template]);
    const instanceId = await started(backend);
    backend.executionEnds.set(executionOf(instanceId), { status: "FAILED" });
    backend.advance(DEFAULT_SWEEP_GRACE_MS + MINUTE);

    for (const [options, named] of [
      [{ graceMs: -1 }, "graceMs"],
      [{ graceMs: Number.NaN }, "graceMs"],
      [{ pages: 0 }, "pages"],
      [{ pageSize: 2.5 }, "pageSize"],
    ] as const) {
      await expect(sweepInstances(backend, options)).rejects.toThrow(
        new RangeError(
          `sweep option ${named} must be ${named === "graceMs" ? "a duration ≥ 0" : "a positive integer"}, not ${Object.values(options)[0]}`,
        ),
      );
    }
    expect((await readInstance(backend, TENANT, instanceId)).status).toBe("running");
  });

  it("settles exactly the instances past the grace period whose execution is not running", async () => {
    const fate = fc.constantFrom<ExecutionStatus | "unknown">(
      "RUNNING",
      "SUCCEEDED",
      "FAILED",
      "TIMED_OUT",
      "ABORTED",
      "unknown",
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ fate, minutesAfter: fc.integer({ min: 0, max: 30 }) }), {
          minLength: 1,
          maxLength: 6,
        }),
        fc.integer({ min: 1, max: 3 }),
        async (instances, pageSize) => {
          const backend = await recordingBackend([template]);
          const runs = [];
          for (const { fate, minutesAfter } of instances) {
            const instanceId = await started(backend, false);
            if (fate !== "RUNNING" && fate !== "unknown") {
              backend.executionEnds.set(executionOf(instanceId), { status: fate });
            }
            runs.push({ instanceId, fate, at: backend.clock.now().getTime() });
            backend.advance(minutesAfter * MINUTE);
          }
          const unknown = new Set(
            runs.filter(({ fate }) => fate === "unknown").map(({ instanceId }) => instanceId),
          );
          const describe = backend.executions.describe.bind(backend.executions);
          backend.executions = {
            ...backend.executions,
            describe: async (id) =>
              unknown.has(id.replace("execution:", "")) ? undefined : describe(id),
          };
          const cutoff = backend.clock.now().getTime() - DEFAULT_SWEEP_GRACE_MS;

          await sweepInstances(backend, { pageSize, pages: 100 });

          for (const { instanceId, fate, at } of runs) {
            const record = await backend.stores.instances.get(TENANT, instanceId);
            const settled = at < cutoff && fate !== "RUNNING";
            expect(record?.status === "running").toBe(!settled);
            expect(record && isUnsettled(record)).toBe(!settled);
          }
        },
      ),
      { numRuns: 40 },
    );
  });
});
