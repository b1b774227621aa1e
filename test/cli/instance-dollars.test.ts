import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AWS_PRICES } from "../../lambdas/local/aws-prices.ts";
import { dollarsPerThousand } from "../../lambdas/local/instance-dollars.ts";

const counts = fc.record({
  stateTransitions: fc.nat(10_000),
  lambdaInvocations: fc.nat(10_000),
  dynamoDbWrites: fc.nat(100_000),
});

describe("dollarsPerThousand", () => {
  it("is the sum of its parts, and adds up as the counts do", () => {
    fc.assert(
      fc.property(counts, counts, (a, b) => {
        const sum = dollarsPerThousand({
          stateTransitions: a.stateTransitions + b.stateTransitions,
          lambdaInvocations: a.lambdaInvocations + b.lambdaInvocations,
          dynamoDbWrites: a.dynamoDbWrites + b.dynamoDbWrites,
        });
        const [left, right] = [dollarsPerThousand(a), dollarsPerThousand(b)];
        expect(sum.total).toBeCloseTo(sum.stateTransitions + sum.lambda + sum.dynamoDbWrites, 9);
        expect(sum.total).toBeCloseTo(left.total + right.total, 9);
      }),
    );
  });

  it("prices a thousand transitions at the Standard list price: $0.025 each thousand", () => {
    const cost = dollarsPerThousand({
      stateTransitions: 1,
      lambdaInvocations: 0,
      dynamoDbWrites: 0,
    });
    expect(cost.total).toBeCloseTo(0.025, 12);
  });

  it("takes another price table", () => {
    const doubled = { ...AWS_PRICES, dynamoDbWrite: 2 * AWS_PRICES.dynamoDbWrite };
    const cost = dollarsPerThousand(
      { stateTransitions: 0, lambdaInvocations: 0, dynamoDbWrites: 1_000 },
      doubled,
    );
    expect(cost.dynamoDbWrites).toBeCloseTo(1.25, 12);
  });
});
