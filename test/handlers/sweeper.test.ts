import { describe, expect, it } from "vitest";
import { readInstance } from "../../lambdas/core/operations/read-instance.ts";
import { DEFAULT_SWEEP_GRACE_MS } from "../../lambdas/core/operations/sweep-instances.ts";
import { sweeperHandler } from "../../lambdas/handlers/sweeper.ts";
import { lambdaContext } from "../support/lambda-context.ts";
import { lambdaTestBackend } from "../support/lambda-test-backend.ts";
import { startCacheChange } from "../support/start-cache-change.ts";

const context = lambdaContext("baton-sweeper");

/** The event EventBridge Scheduler sends; the sweeper does not read it. */
const scheduled = {
  version: "0",
  id: "53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa",
  "detail-type": "Scheduled Event" as const,
  source: "aws.scheduler",
  account: "123456789012",
  time: "2026-12-02T10:00:00Z",
  region: "eu-west-1",
  resources: ["arn:aws:scheduler:eu-west-1:123456789012:schedule/default/baton-sweeper"],
  detail: {},
};

describe("the sweeper function (a schedule's target)", () => {
  it("ends an instance whose execution failed without its status-change event, and says so", async () => {
    const backend = await lambdaTestBackend();
    const instance = await startCacheChange(backend);
    backend.executionEnds.set(`execution:${instance.id}`, {
      status: "FAILED",
      cause: "Lambda.Unknown: the function timed out",
    });
    backend.advance(DEFAULT_SWEEP_GRACE_MS + 1);

    const result = await sweeperHandler(() => backend)(scheduled, context);

    expect(result).toEqual({
      visited: 1,
      reconciled: 1,
      closed: 0,
      resumed: 0,
      running: 0,
      failed: [],
      pages: 1,
    });
    const view = await readInstance(backend, "default", instance.id);
    expect(view.status).toBe("failed");
    expect(view.reason).toContain("Lambda.Unknown");
  });

  it("goes on where its previous invocation stopped, and starts over after the last page", async () => {
    const backend = await lambdaTestBackend();
    for (let count = 0; count < 3; count += 1) {
      await startCacheChange(backend);
      backend.advance(1);
    }
    backend.advance(DEFAULT_SWEEP_GRACE_MS);
    const handler = sweeperHandler(() => backend, { pages: 1, pageSize: 2 });

    const runs = [];
    for (let run = 0; run < 3; run += 1) runs.push(await handler(scheduled, context));

    expect(runs.map((result) => result.running)).toEqual([2, 1, 2]);
    expect(runs[0]?.cursor).toBeDefined();
    expect(runs[1]?.cursor).toBeUndefined();
    expect(runs[2]?.cursor).toEqual(runs[0]?.cursor);
  });
});
