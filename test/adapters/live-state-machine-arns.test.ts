import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  liveStateMachineArnOf,
  stateMachineArnPrefix,
} from "../../lambdas/adapters/aws/live-state-machine-arns.ts";

const partition = fc.constantFrom("aws", "aws-cn", "aws-us-gov", "aws-iso-b");
const region = fc.constantFrom("us-east-1", "cn-north-1", "us-gov-west-1", "ap-southeast-5");
const account = fc.stringMatching(/^\d{12}$/);
const namePrefix = fc.stringMatching(/^[A-Za-z0-9_-]{1,30}$/);

describe("stateMachineArnPrefix", () => {
  it("splits any partition's, region's and account's prefix into the ARN up to the name and the name prefix (property)", () => {
    fc.assert(
      fc.property(partition, region, account, namePrefix, (p, r, a, name) => {
        // Prepare
        const arnBase = `arn:${p}:states:${r}:${a}:stateMachine:`;
        // Act
        const parsed = stateMachineArnPrefix(`${arnBase}${name}`);
        // Assess
        expect(parsed).toEqual({ arnBase, namePrefix: name });
      }),
    );
  });

  it.each([
    "",
    "baton-prod",
    "arn:aws:states:eu-west-1:123456789012:stateMachine:",
    "arn:aws:states:eu-west-1:123456789012:stateMachine:baton-prod:live",
    "arn:aws:states:eu-west-1:123456789012:stateMachine:baton prod",
    "arn:aws:states:eu-west-1:123456789012:activity:baton-prod",
    "arn:aws:states:eu-west-1::stateMachine:baton-prod",
    "arn:aws:lambda:eu-west-1:123456789012:function:baton-prod",
  ])("refuses %j", (text) => {
    expect(stateMachineArnPrefix(text)).toBeUndefined();
  });
});

describe("liveStateMachineArnOf", () => {
  const prefix = {
    arnBase: "arn:aws:states:eu-west-1:123456789012:stateMachine:",
    namePrefix: "baton-prod",
  };

  it("names the live alias of each deployed version's machine and refuses every other version", () => {
    // Act
    const arnOf = liveStateMachineArnOf(prefix, [
      { id: "expense", version: 1 },
      { id: "expense", version: 3 },
      { id: "leave", version: 2 },
    ]);
    // Assess
    expect(arnOf("expense", 3)).toBe(
      "arn:aws:states:eu-west-1:123456789012:stateMachine:baton-prod-expense-v3:live",
    );
    expect(arnOf("leave", 2)).toBe(
      "arn:aws:states:eu-west-1:123456789012:stateMachine:baton-prod-leave-v2:live",
    );
    expect(() => arnOf("expense", 2)).toThrow("no state machine runs expense v2");
    expect(() => arnOf("leave", 1)).toThrow("no state machine runs leave v1");
    expect(() => arnOf("travel", 1)).toThrow("no state machine runs travel v1");
  });
});
