import { describe, expect, it } from "vitest";
import { openApproval } from "../../lambdas/core/operations/open-approval.ts";
import { startInstance } from "../../lambdas/core/operations/start-instance.ts";
import type { Reminder } from "../../lambdas/core/ports/scheduler.ts";
import { remindersHandler } from "../../lambdas/handlers/reminders.ts";
import { lambdaContext } from "../support/lambda-context.ts";
import { lambdaTestBackend } from "../support/lambda-test-backend.ts";
import { approval, flow } from "../support/template-builder.ts";

describe("the reminders function (EventBridge Scheduler's target)", () => {
  it("reminds the approvers of the approval the scheduled reminder names", async () => {
    const template = flow(
      [approval("lead", ["al"], { remind: { after: "P1D" } })],
      ["start>lead", "lead>end"],
      { id: "nudged" },
    );
    const backend = await lambdaTestBackend([template]);
    const { instanceId } = await startInstance(backend, {
      tenant: "default",
      templateId: "nudged",
      input: {},
      starter: "sam",
    });
    await openApproval(backend, {
      token: "t",
      instance: { tenant: "default", id: instanceId },
      node: "lead",
    });
    const scheduled = backend.reminders.get(`${instanceId}.lead.1`) as Reminder;

    await remindersHandler(() => backend)(
      JSON.parse(JSON.stringify(scheduled)),
      lambdaContext("baton-reminders"),
    );

    expect(backend.events.at(-1)).toMatchObject({
      type: "approval.reminded",
      nodeId: "lead",
      detail: { approvers: ["al"] },
    });
  });
});
