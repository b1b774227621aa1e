import { App, ArnFormat, RemovalPolicy, Stack } from "aws-cdk-lib";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  checkEnvironmentSize,
  EnvironmentTooLargeError,
  environmentSize,
  LAMBDA_ENVIRONMENT_LIMIT,
} from "../../cdk/environment-size.ts";
import { FlowBus } from "../../cdk/flow-bus.ts";
import { FlowHandlers } from "../../cdk/flow-handlers.ts";
import { FlowResourceNames } from "../../cdk/flow-resource-names.ts";
import { FlowStore } from "../../cdk/flow-store.ts";
import type { Template } from "../../lambdas/core/model/template.ts";
import { probeStack } from "../support/cdk-probe.ts";

describe("environmentSize", () => {
  it("is the JSON length of an environment without tokens (property)", () => {
    const stack = probeStack();
    fc.assert(
      fc.property(fc.dictionary(fc.string({ minLength: 1 }), fc.string()), (environment) => {
        // Assess
        expect(environmentSize(stack, environment)).toBe(JSON.stringify(environment).length);
      }),
    );
  });

  it("counts a token at the longest it can stand for: region 14, account 12, a reference 160", () => {
    // Prepare: an environment-agnostic stack, so the region and account are tokens
    const stack = new Stack(new App(), "Agnostic");
    const arn = stack.formatArn({
      service: "states",
      resource: "stateMachine",
      resourceName: "m",
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    const table = new FlowStore(stack, "Store", { removalPolicy: RemovalPolicy.DESTROY }).table;
    // Act
    const arnSize = environmentSize(stack, { A: arn });
    const tableSize = environmentSize(stack, { T: table.tableName });
    // Assess: arn:<partition 10>:states:<region 14>:<account 12>:stateMachine:m
    expect(arnSize).toBe(
      JSON.stringify({ A: "" }).length + "arn::states:::stateMachine:m".length + 10 + 14 + 12,
    );
    expect(tableSize).toBe(JSON.stringify({ T: "" }).length + 160);
  });

  it("refuses an environment over 4 KB, naming the function and its largest variable", () => {
    // Prepare
    const stack = probeStack();
    const environment = { SMALL: "x", LARGE: "y".repeat(LAMBDA_ENVIRONMENT_LIMIT) };
    // Act
    const refusal = (() => {
      try {
        checkEnvironmentSize(stack, "baton-test-api", environment);
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    // Assess
    expect(refusal).toBeInstanceOf(EnvironmentTooLargeError);
    expect((refusal as Error).message).toMatch(
      /^the environment of baton-test-api would take about 4\d{3} bytes, over Lambda's 4096; its largest variable is LARGE \(/,
    );
    expect(() => checkEnvironmentSize(stack, "f", { SMALL: "x" })).not.toThrow();
  });

  it("stops FlowHandlers before a deployment Lambda would refuse: too many template versions", () => {
    // Prepare: one template in 60 versions, each a live alias ARN in STATE_MACHINE_ARNS
    const names = new FlowResourceNames("test");
    const templates = Array.from({ length: 60 }, (_, index) => ({
      id: "expense-approval",
      version: index + 1,
    })) as unknown as Template[];
    // Act
    const build = () => {
      const stack = probeStack();
      return new FlowHandlers(stack, "Handlers", {
        names,
        table: new FlowStore(stack, "Store", { removalPolicy: RemovalPolicy.DESTROY }).table,
        bus: new FlowBus(stack, "Bus", { eventBusName: names.bus }).bus,
        templates,
        publicUrl: "https://baton.example.com",
        identity: { issuer: "https://login.example.com/", audience: ["baton"] },
      });
    };
    // Assess
    expect(build).toThrow(EnvironmentTooLargeError);
    expect(build).toThrow(/baton-test-api .* largest variable is STATE_MACHINE_ARNS/);
  });
});
