import { describe, expect, it } from "vitest";
import { readInstance } from "../../lambdas/core/operations/read-instance.ts";
import {
  type ExecutionStatusChangeEvent,
  reconcilerHandler,
} from "../../lambdas/handlers/reconciler.ts";
import { lambdaContext } from "../support/lambda-context.ts";
import { lambdaTestBackend } from "../support/lambda-test-backend.ts";
import { startCacheChange } from "../support/start-cache-change.ts";

const context = lambdaContext("baton-reconciler");
const MACHINE = "arn:aws:states:eu-west-1:123456789012:stateMachine:baton-cache-change";

/** The event Step Functions sends to EventBridge when an execution's status changes. */
function statusChange(
  instance: { tenant: string; id: string },
  detail: Partial<ExecutionStatusChangeEvent["detail"]>,
): ExecutionStatusChangeEvent {
  return {
    version: "0",
    id: "315c1398-40ff-a850-213b-158f73e60175",
    "detail-type": "Step Functions Execution Status Change",
    source: "aws.states",
    account: "123456789012",
    time: "2026-12-02T10:00:00Z",
    region: "eu-west-1",
    resources: [
      `arn:aws:states:eu-west-1:123456789012:execution:baton-cache-change:${instance.id}`,
    ],
    detail: {
      executionArn: `arn:aws:states:eu-west-1:123456789012:execution:baton-cache-change:${instance.id}`,
      stateMachineArn: `${MACHINE}:v1`,
      name: instance.id,
      status: "SUCCEEDED",
      startDate: 1796205600000,
      stopDate: 1796209200000,
      input: JSON.stringify({ instance, input: {}, nodes: {} }),
      inputDetails: { included: true },
      output: null,
      outputDetails: { included: true },
      error: null,
      cause: null,
      ...detail,
    },
  };
}

async function started() {
  const backend = await lambdaTestBackend();
  const instance = await startCacheChange(backend);
  return { backend, instance, handler: reconcilerHandler(() => backend) };
}

describe("the reconciler handler", () => {
  it("ends the instance of a succeeded execution with the status its machine recorded", async () => {
    const { backend, instance, handler } = await started();
    await backend.stores.executionFacts.recordEnd("default", instance.id, "completed");

    await handler(
      statusChange(instance, { output: JSON.stringify({ status: "completed", nodes: {} }) }),
      context,
    );

    expect((await readInstance(backend, "default", instance.id)).status).toBe("completed");
  });

  it("ends the instance of a failed execution failed, with the error and cause", async () => {
    const { backend, instance, handler } = await started();

    await handler(
      statusChange(instance, {
        status: "FAILED",
        error: "States.DataLimitExceeded",
        cause: "The state/task returned a result with a size exceeding the maximum",
      }),
      context,
    );

    const view = await readInstance(backend, "default", instance.id);
    expect(view.status).toBe("failed");
    expect(view.reason).toContain("States.DataLimitExceeded: The state/task returned");
  });

  it("cancels the instance of an aborted execution, once however often the event comes", async () => {
    const { backend, instance, handler } = await started();
    const aborted = statusChange(instance, { status: "ABORTED" });

    await handler(aborted, context);
    await handler(aborted, context);

    const view = await readInstance(backend, "default", instance.id);
    expect(view.status).toBe("cancelled");
    expect(view.history.filter((entry) => entry.type === "flow.ended")).toHaveLength(1);
  });

  it("leaves a running execution alone", async () => {
    const { backend, instance, handler } = await started();

    await handler(statusChange(instance, { status: "RUNNING", stopDate: null }), context);

    expect((await readInstance(backend, "default", instance.id)).status).toBe("running");
  });

  it("raises an error when the event carries no input naming the instance", async () => {
    const { instance, handler } = await started();

    await expect(
      handler(statusChange(instance, { status: "ABORTED", input: null }), context),
    ).rejects.toThrow("carries no input");
    await expect(
      handler(statusChange(instance, { status: "ABORTED", input: "{}" }), context),
    ).rejects.toThrow("names no instance");
  });
});
