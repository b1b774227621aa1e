import { afterEach, describe, expect, it, vi } from "vitest";
import { listInbox } from "../../lambdas/core/operations/list-inbox.ts";
import { approvalsHandler } from "../../lambdas/handlers/approvals.ts";
import { logger } from "../../lambdas/handlers/observability.ts";
import { lambdaContext } from "../support/lambda-context.ts";
import { lambdaTestBackend } from "../support/lambda-test-backend.ts";
import { startCacheChange } from "../support/start-cache-change.ts";

const TENANT = "default";
const input = { requester: "rita", owner: "olga", app: "feed", cluster: "payment", memoryGb: 8 };
const context = lambdaContext("baton-approvals");

async function started(owner = "olga") {
  const backend = await lambdaTestBackend();
  return { backend, instance: await startCacheChange(backend, { ...input, owner }) };
}

describe("the approvals handler", () => {
  afterEach(() => {
    vi.restoreAllMocks();
    logger.setLogLevel("INFO");
  });

  it("opens the approval a parked Task asks for, keeping the token in the backend", async () => {
    const { backend, instance } = await started();
    const handler = approvalsHandler(() => backend);

    // The Payload of the compiled `Approve lead` Task (lambda:invoke.waitForTaskToken).
    const answer = await handler(
      { token: "AQCEAAAAKgAAAA-task-token", instance, node: "lead", input, nodes: {} },
      context,
    );

    expect(answer).toEqual({});
    const record = await backend.stores.approvals.get(TENANT, instance.id, "lead", 1);
    expect(record).toMatchObject({ status: "pending", token: "AQCEAAAAKgAAAA-task-token" });
    const todo = await listInbox(backend, TENANT, "olga", "todo");
    expect(todo.items.map((row) => row.instanceId)).toEqual([instance.id]);
  });

  it("closes a timed-out approval when the timeout path asks", async () => {
    const { backend, instance } = await started();
    const handler = approvalsHandler(() => backend);
    await handler({ token: "tok", instance, node: "lead", input, nodes: {} }, context);

    // The Payload of the compiled `Close lead` Task (lambda:invoke); it records the answer.
    const answer = await handler({ close: "timedOut", instance, node: "lead" }, context);

    expect(answer).toEqual({ decidedBy: [], timedOut: true });

    const record = await backend.stores.approvals.get(TENANT, instance.id, "lead", 1);
    expect(record).toMatchObject({ status: "timedOut", open: false });
    expect((await listInbox(backend, TENANT, "olga", "todo")).items).toEqual([]);
  });

  it("raises Baton.NoApprovers when the approvers resolve to nobody", async () => {
    const { backend, instance } = await started();
    const handler = approvalsHandler(() => backend);

    const error = await handler(
      { token: "tok", instance, node: "lead", input: { ...input, owner: 42 }, nodes: {} },
      context,
    ).catch((caught: unknown) => caught);

    expect((error as Error).name).toBe("Baton.NoApprovers");
  });

  it("logs the event at debug level without its token", async () => {
    const { backend, instance } = await started();
    const written: string[] = [];
    vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
    logger.setLogLevel("DEBUG");

    await approvalsHandler(() => backend)(
      { token: "AQCEAAAAKgAAAA-secret-token", instance, node: "lead", input, nodes: {} },
      context,
    );

    const invoked = written.find((line) => line.includes('"message":"invoked"'));
    expect(invoked).toContain(`"id":"${instance.id}"`);
    expect(invoked).toContain('"token":"[redacted]"');
    expect(written.join("")).not.toContain("secret-token");
  });
});
