import { describe, expect, it } from "vitest";
import { handler } from "../../lambdas/handlers/conditions.ts";
import { lambdaContext } from "../support/lambda-context.ts";

describe("the conditions handler", () => {
  it("answers one verdict per query of the compiled Task's payload", async () => {
    const verdicts = await handler(
      {
        queries: {
          big: { "input.memoryGb": { $gt: 64 } },
          approved: { "nodes.lead.outcome": "approved" },
        },
        input: { memoryGb: 128 },
        nodes: { lead: { outcome: "rejected", output: {} } },
      },
      lambdaContext("baton-conditions"),
    );

    expect(verdicts).toEqual({ big: true, approved: false });
  });
});
