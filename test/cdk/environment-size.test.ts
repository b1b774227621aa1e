import { App, ArnFormat, RemovalPolicy, Stack } from "aws-cdk-lib";
import { Template as AssertionsTemplate } from "aws-cdk-lib/assertions";
import type { CfnFunction } from "aws-cdk-lib/aws-lambda";
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
import { NO_BUNDLING, probeStack } from "../support/cdk-probe.ts";

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

  /** FlowHandlers in an environment-agnostic stack (region and account count at their longest). */
  function handlersOf(
    templates: readonly Template[],
    directoryRoles: Record<string, string[]> = {},
  ) {
    const stack = new Stack(new App({ context: NO_BUNDLING }), "Agnostic");
    const names = new FlowResourceNames("test");
    const handlers = new FlowHandlers(stack, "Handlers", {
      names,
      table: new FlowStore(stack, "Store", { removalPolicy: RemovalPolicy.DESTROY }).table,
      bus: new FlowBus(stack, "Bus", { eventBusName: names.bus }).bus,
      templates,
      publicUrl: "https://baton.example.com",
      identity: { issuer: "https://login.example.com/", audience: ["baton"] },
      directoryRoles,
    });
    return { stack, handlers };
  }

  /** The api function's variables as synthesized, and their size counted as environmentSize counts. */
  function apiEnvironment(built: ReturnType<typeof handlersOf>) {
    const fn = built.handlers.functions.api.node.defaultChild as CfnFunction;
    const variables = AssertionsTemplate.fromStack(built.stack).toJSON().Resources[
      built.stack.getLogicalId(fn)
    ].Properties.Environment.Variables as Record<string, unknown>;
    const longest: Record<string, number> = {
      "AWS::Partition": 10,
      "AWS::Region": 14,
      "AWS::AccountId": 12,
    };
    const standIn = (value: unknown): string => {
      if (typeof value === "string") return value;
      const node = value as { Ref?: string; "Fn::Join"?: [string, unknown[]] };
      if (node["Fn::Join"]) return node["Fn::Join"][1].map(standIn).join(node["Fn::Join"][0]);
      return "x".repeat((node.Ref === undefined ? undefined : longest[node.Ref]) ?? 160);
    };
    const size = JSON.stringify(
      Object.fromEntries(Object.entries(variables).map(([name, value]) => [name, standIn(value)])),
    ).length;
    return { variables, size };
  }

  it("lets FlowHandlers deploy any number of template versions: the environment does not grow with them", () => {
    // Prepare: one template in 1 and in 60 versions (60 live alias ARNs took over 4 KB)
    const versions = (count: number) =>
      Array.from({ length: count }, (_, index) => ({
        id: "expense-approval",
        version: index + 1,
      })) as unknown as Template[];
    // Act
    const one = apiEnvironment(handlersOf(versions(1)));
    const sixty = apiEnvironment(handlersOf(versions(60)));
    // Assess
    expect(sixty.variables).toEqual(one.variables);
    expect(sixty.variables).toHaveProperty("STATE_MACHINE_ARN_PREFIX");
    expect(sixty.size).toBeLessThan(LAMBDA_ENVIRONMENT_LIMIT / 2);
  });

  it("still stops FlowHandlers before a deployment Lambda would refuse: a directory too large for the environment", () => {
    // Prepare: 400 users in one role, about 5 KB of DIRECTORY_ROLES
    const users = Array.from({ length: 400 }, (_, index) => `user-${index}`);
    // Act
    const build = () => handlersOf([], { finance: users });
    // Assess
    expect(build).toThrow(EnvironmentTooLargeError);
    expect(build).toThrow(/baton-test-api .* largest variable is DIRECTORY_ROLES/);
  });
});
