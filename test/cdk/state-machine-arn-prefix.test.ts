import { RemovalPolicy, type Stack } from "aws-cdk-lib";
import { LogGroup } from "aws-cdk-lib/aws-logs";
import type { CfnStateMachine } from "aws-cdk-lib/aws-stepfunctions";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FlowBus } from "../../cdk/flow-bus.ts";
import { FlowHandlers } from "../../cdk/flow-handlers.ts";
import { FlowResourceNames } from "../../cdk/flow-resource-names.ts";
import { FlowStore } from "../../cdk/flow-store.ts";
import { VersionedStateMachine } from "../../cdk/versioned-state-machine.ts";
import {
  liveStateMachineArnOf,
  stateMachineArnPrefix,
} from "../../lambdas/adapters/aws/live-state-machine-arns.ts";
import { compileTemplate } from "../../lambdas/core/compiler/compile-template.ts";
import { STATE_MACHINE_NAME_LIMIT } from "../../lambdas/core/contract/state-machine-name.ts";
import { probeStack } from "../support/cdk-probe.ts";
import { approval, flow } from "../support/template-builder.ts";

/**
 * A template id as the schema takes it, `[a-z][a-z0-9-]{1,62}`, of any length alike: about half
 * of them too long for a whole machine name.
 */
const templateIdArbitrary = fc
  .integer({ min: 1, max: 62 })
  .chain((length) =>
    fc.tuple(
      fc.stringMatching(/^[a-z]$/),
      fc.string({
        unit: fc.constantFrom(..."abcdefghijklmnopqrstuvwxyz0123456789-"),
        minLength: length,
        maxLength: length,
      }),
    ),
  )
  .map(([first, rest]) => `${first}${rest}`);

/** A template version: a positive integer, mostly small, up to the largest safe one. */
const versionArbitrary = fc.oneof(
  fc.integer({ min: 1, max: 1000 }),
  fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
);

/**
 * An environment as the deployment builds it: its handlers (whose environment carries
 * `STATE_MACHINE_ARN_PREFIX`) and a way to add one template version's machine as
 * `FlowStateMachines` adds it, invoking those handlers.
 */
function environment(environmentName: string) {
  const stack: Stack = probeStack();
  const names = new FlowResourceNames(environmentName);
  const table = new FlowStore(stack, "Store", { removalPolicy: RemovalPolicy.DESTROY }).table;
  const bus = new FlowBus(stack, "Bus", { eventBusName: names.bus }).bus;
  const handlers = new FlowHandlers(stack, "Handlers", {
    names,
    table,
    bus,
    templates: [],
    publicUrl: "https://baton.example.com",
    identity: { issuer: "https://login.example.com/", audience: ["baton"] },
  });
  const logGroup = new LogGroup(stack, "Logs", { removalPolicy: RemovalPolicy.DESTROY });
  const resources = {
    approvalsFunction: handlers.function("approvals"),
    pluginsFunction: handlers.function("plugins"),
    conditionsFunction: handlers.function("conditions"),
    stepFunction: handlers.function("step"),
    table,
    bus,
  };
  let added = 0;
  return {
    names,
    /** The variable as the handlers' environment sets it, resolved. */
    prefix: stack.resolve(handlers.stateMachineArnPrefix) as string,
    /** The machine of one template version: its alias ARN and the name CloudFormation gives it. */
    machine(id: string, version: number) {
      const template = { ...flow([approval("a", ["ann"])], ["start>a", "a>end"]), id, version };
      added += 1;
      const machine = new VersionedStateMachine(stack, `Machine${added}`, {
        stateMachineName: names.stateMachine(template),
        definition: compileTemplate(template),
        resources,
        logGroup,
        removalPolicy: RemovalPolicy.DESTROY,
      });
      const cfn = machine.stateMachine.node.defaultChild as CfnStateMachine;
      return {
        aliasArn: stack.resolve(machine.aliasArn) as string,
        name: stack.resolve(cfn.stateMachineName) as string,
      };
    },
  };
}

describe("STATE_MACHINE_ARN_PREFIX", () => {
  /** The shortest environment name, a usual one and the longest (20 characters). */
  const environments = ["a", "test", "abcdefghij0123456789"].map(environment);

  it("gives the handlers, for any template id and version, the live alias ARN of the machine CDK deploys for it (property)", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...environments),
        templateIdArbitrary,
        versionArbitrary,
        (env, id, version) => {
          // Act
          const machine = env.machine(id, version);
          const prefix = stateMachineArnPrefix(env.prefix);
          const derived = prefix && liveStateMachineArnOf(prefix, [{ id, version }])(id, version);
          // Assess
          expect(derived).toBe(machine.aliasArn);
          expect(derived).toBe(`${env.prefix.replace(/[^:]*$/, "")}${machine.name}:live`);
          expect(machine.name.length).toBeLessThanOrEqual(STATE_MACHINE_NAME_LIMIT);
          expect(machine.name).toMatch(/^[A-Za-z0-9_-]+$/);
        },
      ),
    );
  });

  it("keeps a name that fits whole, and cuts a long id with its hash so that two long ids sharing their start still get two machines", () => {
    // Prepare
    const env = environments[2];
    const long = "a".repeat(63);
    // Act
    const short = env?.machine("expense", 3);
    const first = env?.machine(long, 1);
    const second = env?.machine(`${long.slice(0, 62)}b`, 1);
    const prefix = env && stateMachineArnPrefix(env.prefix);
    const arnOf =
      prefix &&
      liveStateMachineArnOf(prefix, [
        { id: long, version: 1 },
        { id: "expense", version: 3 },
      ]);
    // Assess
    expect(arnOf?.(long, 1)).toBe(first?.aliasArn);
    expect(arnOf?.("expense", 3)).toBe(short?.aliasArn);
    expect(short?.name).toBe("baton-abcdefghij0123456789-expense-v3");
    expect(first?.name).toHaveLength(STATE_MACHINE_NAME_LIMIT);
    expect(first?.name).toMatch(/^baton-abcdefghij0123456789-a+-[0-9a-f]{8}-v1$/);
    expect(second?.name).not.toBe(first?.name);
  });
});
