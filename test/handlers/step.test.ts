import { describe, expect, it } from "vitest";
import { startInstance } from "../../lambdas/core/operations/start-instance.ts";
import { stepHandler } from "../../lambdas/handlers/step.ts";
import { lambdaContext } from "../support/lambda-context.ts";
import { lambdaTestBackend } from "../support/lambda-test-backend.ts";
import { approval, flow } from "../support/template-builder.ts";

const context = lambdaContext("baton-step");
const template = flow(
  [approval("a", ["ann"], { timeout: "PT1H" }), approval("b", ["bob"])],
  ["start>a", "a>b", "b>end"],
  { id: "two-steps" },
);

async function started() {
  const backend = await lambdaTestBackend([template]);
  const { instanceId } = await startInstance(backend, {
    tenant: "acme",
    templateId: "two-steps",
    input: {},
    starter: "rita",
  });
  return { backend, instance: { tenant: "acme", id: instanceId } };
}

describe("the step handler", () => {
  it("runs the scheduler loop's requests on the instance's template and the tenant's loop state", async () => {
    const { backend, instance } = await started();
    const handler = stepHandler(() => backend);

    // The Payloads of the compiled loop's step Task (lambda:invoke).
    const start = await handler({ action: "start", instance, input: {} }, context);
    backend.advance(600_000);
    const read = await handler({ action: "read", instance }, context);
    const next = await handler(
      {
        action: "complete",
        instance,
        completion: { node: "a", outcome: "approved", output: { decidedBy: ["ann"] } },
        parked: ["a"],
      },
      context,
    );

    expect(start).toMatchObject({
      status: "running",
      pending: [{ node: "a", timeoutSeconds: 3600 }],
    });
    expect(read.pending).toEqual([{ node: "a", timeoutSeconds: 3000 }]);
    expect(next).toMatchObject({ status: "running", pending: [{ node: "b" }], resume: true });
    expect((await backend.loopStates("acme").get(instance.id))?.version).toBe(2);
    expect(await backend.loopStates("default").get(instance.id)).toBeUndefined();
  });

  it("raises Baton.StepConflict when the instance was written meanwhile", async () => {
    const { backend, instance } = await started();
    const handler = stepHandler(() => backend);
    await handler({ action: "start", instance, input: {} }, context);

    const error = (await handler({ action: "start", instance, input: {} }, context).catch(
      (caught: unknown) => caught,
    )) as Error;

    expect(error.name).toBe("Baton.StepConflict");
  });
});
