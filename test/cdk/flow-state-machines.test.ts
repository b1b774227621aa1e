import { createHash } from "node:crypto";
import aslValidator from "asl-validator";
import { CfnElement, Duration, RemovalPolicy, type Stack, Validations } from "aws-cdk-lib";
import { Match, Template } from "aws-cdk-lib/assertions";
import { Code, Function as LambdaFunction, Runtime } from "aws-cdk-lib/aws-lambda";
import { AwsSolutionsChecks, ServerlessChecks } from "cdk-nag";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  deploymentPreference,
  RolloutRefusedError,
} from "../../cdk/alias-deployment-preference.ts";
import {
  bindDefinition,
  type FlowMachineResources,
  UnknownPlaceholderError,
} from "../../cdk/definition-substitutions.ts";
import { loadDeployedDefinitions } from "../../cdk/deployed-definitions.ts";
import type { RolloutSettings } from "../../cdk/environment-settings.ts";
import { FlowBus } from "../../cdk/flow-bus.ts";
import { FlowResourceNames, LIVE_ALIAS } from "../../cdk/flow-resource-names.ts";
import { FlowStateMachines } from "../../cdk/flow-state-machines.ts";
import { FlowStore } from "../../cdk/flow-store.ts";
import { compileTemplate } from "../../lambdas/core/compiler/compile-template.ts";
import { linearFlowMachine } from "../../lambdas/core/compiler/linear-flow.ts";
import { PLACEHOLDERS } from "../../lambdas/core/contract/resources.ts";
import { probeStack } from "../support/cdk-probe.ts";
import { TEST_ACCOUNT, TEST_REGION } from "./baton-app-as-cli.ts";

const definitions = await loadDeployedDefinitions("definitions");
const names = new FlowResourceNames("test");
const canary: RolloutSettings = { type: "canary", percentage: 10, interval: Duration.minutes(10) };

/** A stand-in Lambda function: what the machines invoke, without a bundle. */
function standIn(stack: Stack, id: string): LambdaFunction {
  return new LambdaFunction(stack, id, {
    runtime: Runtime.NODEJS_22_X,
    handler: "index.handler",
    code: Code.fromInline("export const handler = async () => ({});"),
  });
}

/** The resources of a probe stack: stand-in functions, the real table and bus constructs. */
function standInResources(stack: Stack): FlowMachineResources {
  return {
    approvalsFunction: standIn(stack, "Approvals"),
    pluginsFunction: standIn(stack, "Plugins"),
    conditionsFunction: standIn(stack, "Conditions"),
    stepFunction: standIn(stack, "Step"),
    table: new FlowStore(stack, "Store", { removalPolicy: RemovalPolicy.DESTROY }).table,
    bus: new FlowBus(stack, "Bus", { eventBusName: names.bus }).bus,
  };
}

/** A probe stack holding the machines of the `definitions/` folder. */
function machinesStack(props: { rollout?: RolloutSettings; removalPolicy?: RemovalPolicy } = {}) {
  const stack = probeStack();
  const resources = standInResources(stack);
  const machines = new FlowStateMachines(stack, "StateMachines", {
    names,
    definitions,
    resources,
    ...props,
  });
  return { stack, resources, machines, template: Template.fromStack(stack) };
}

const { stack, resources, machines, template } = machinesStack({ rollout: canary });
const logicalId = (element: { node: { defaultChild?: unknown } } | CfnElement): string =>
  stack.getLogicalId(
    element instanceof CfnElement ? element : (element.node.defaultChild as CfnElement),
  );

/**
 * A CloudFormation value, resolved as a deployment would, with each resource standing for
 * itself: `{ Ref: X }` → `ref:X`, `{ "Fn::GetAtt": [X, "Arn"] }` → `arn:X`.
 */
function resolve(value: unknown): string {
  if (typeof value === "string") return value;
  const ref = (value as { Ref?: string }).Ref;
  if (ref !== undefined) return `ref:${ref}`;
  const getAtt = (value as { "Fn::GetAtt"?: [string, string] })["Fn::GetAtt"];
  if (getAtt?.[1] === "Arn") return `arn:${getAtt[0]}`;
  throw new Error(`cannot resolve ${JSON.stringify(value)}`);
}

/** What each placeholder must become in this stack: the stand-in resource it names. */
const expectedValues: Record<string, string> = {
  [PLACEHOLDERS.approvalsFunction]: `arn:${logicalId(resources.approvalsFunction)}`,
  [PLACEHOLDERS.pluginsFunction]: `arn:${logicalId(resources.pluginsFunction)}`,
  [PLACEHOLDERS.conditionsFunction]: `arn:${logicalId(resources.conditionsFunction)}`,
  [PLACEHOLDERS.stepFunction]: `arn:${logicalId(resources.stepFunction)}`,
  [PLACEHOLDERS.table]: `ref:${logicalId(resources.table)}`,
  [PLACEHOLDERS.bus]: `arn:${logicalId(resources.bus)}`,
};

/** Replaces every `${Name}` of a definition with its value, as Step Functions does. */
function substitute(definition: string, values: Record<string, string>): string {
  return Object.entries(values).reduce(
    (text, [placeholder, value]) => text.replaceAll(placeholder, value),
    definition,
  );
}

interface MachineResource {
  readonly logicalId: string;
  readonly properties: Record<string, unknown>;
  readonly deletionPolicy?: string;
  readonly updateReplacePolicy?: string;
}

/** The synthesized state machine of a name. */
function machineNamed(name: string, from = template): MachineResource {
  const found = Object.entries(from.findResources("AWS::StepFunctions::StateMachine")).filter(
    ([, resource]) => resource.Properties.StateMachineName === name,
  );
  expect(found, name).toHaveLength(1);
  const [id, resource] = found[0] as [string, Record<string, unknown>];
  return {
    logicalId: id,
    properties: resource.Properties as Record<string, unknown>,
    deletionPolicy: resource.DeletionPolicy as string | undefined,
    updateReplacePolicy: resource.UpdateReplacePolicy as string | undefined,
  };
}

/** The definition a deployment runs: the synthesized string with the substitutions applied. */
function deployedDefinition(machine: MachineResource): unknown {
  const substitutions = (machine.properties.DefinitionSubstitutions ?? {}) as Record<
    string,
    unknown
  >;
  const values = Object.fromEntries(
    Object.entries(substitutions).map(([name, value]) => [`\${${name}}`, resolve(value)]),
  );
  const deployed = substitute(machine.properties.DefinitionString as string, values);
  expect(deployed).not.toMatch(/\$\{/);
  return JSON.parse(deployed);
}

/** The statements of the role a machine runs as (its default policy). */
function roleStatements(
  machine: MachineResource,
): { Action: string | string[]; Resource: unknown }[] {
  const roleId = (machine.properties.RoleArn as { "Fn::GetAtt": [string, string] })[
    "Fn::GetAtt"
  ][0];
  const policies = Object.values(template.findResources("AWS::IAM::Policy")).filter((policy) =>
    (policy.Properties.Roles as { Ref: string }[]).some((role) => role.Ref === roleId),
  );
  return policies.flatMap((policy) => policy.Properties.PolicyDocument.Statement);
}

const actionsOf = (statement: { Action: string | string[] }): string[] =>
  typeof statement.Action === "string" ? [statement.Action] : statement.Action;

describe("FlowStateMachines: one machine per template version", () => {
  it("deploys a machine named baton-<env>-<id>-v<version> for every template version of definitions/, and the linear flow", () => {
    // Assess
    const deployed = Object.values(template.findResources("AWS::StepFunctions::StateMachine"))
      .map((machine) => machine.Properties.StateMachineName)
      .sort();
    const expected = [
      ...definitions.templates.map((t) => names.stateMachine(t)),
      names.linearFlowStateMachine,
    ].sort();
    expect(definitions.templates.length).toBeGreaterThanOrEqual(4);
    expect(deployed).toEqual(expected);
  });

  it.each(definitions.templates.map((t) => [`${t.id} v${t.version}`, t] as const))(
    "%s: the definition after substitution is the compiler's output with the same substitution, and valid ASL",
    (_, t) => {
      // Act
      const deployed = deployedDefinition(machineNamed(names.stateMachine(t)));
      // Assess
      const compiled = JSON.parse(substitute(JSON.stringify(compileTemplate(t)), expectedValues));
      expect(deployed).toEqual(compiled);
      const { isValid, errors } = aslValidator(structuredClone(deployed) as object);
      expect(errors).toEqual([]);
      expect(isValid).toBe(true);
    },
  );

  it("the linear-flow machine's definition after substitution is linearFlowMachine()'s, and valid ASL", () => {
    const deployed = deployedDefinition(machineNamed(names.linearFlowStateMachine));
    expect(deployed).toEqual(
      JSON.parse(substitute(JSON.stringify(linearFlowMachine()), expectedValues)),
    );
    expect(aslValidator(structuredClone(deployed) as object).isValid).toBe(true);
  });

  it("the examples exercise every placeholder but the conditions function's: the loop (step), a fire task (bus), the table", () => {
    const used = new Set(
      definitions.templates.flatMap((t) =>
        Object.values(PLACEHOLDERS).filter((p) => JSON.stringify(compileTemplate(t)).includes(p)),
      ),
    );
    expect([...used].sort()).toEqual(
      Object.values(PLACEHOLDERS)
        .filter((p) => p !== PLACEHOLDERS.conditionsFunction)
        .sort(),
    );
  });

  it("every machine is Standard, logs every event without execution data to the shared log group, and is traced", () => {
    const logGroupId = logicalId(machines.logGroup);
    for (const machine of machines.all) {
      const { properties } = machineNamed(machine.stateMachineName);
      expect(properties.StateMachineType).toBe("STANDARD");
      expect(properties.LoggingConfiguration).toEqual({
        Level: "ALL",
        IncludeExecutionData: false,
        Destinations: [
          { CloudWatchLogsLogGroup: { LogGroupArn: { "Fn::GetAtt": [logGroupId, "Arn"] } } },
        ],
      });
      expect(properties.TracingConfiguration).toEqual({ Enabled: true });
    }
  });
});

describe("FlowStateMachines: versions behind the live alias", () => {
  it("publishes each machine's current revision as a version retained on replacement and removal, described with the definition's hash", () => {
    for (const machine of machines.all) {
      const resource = machineNamed(machine.stateMachineName);
      const versions = Object.values(
        template.findResources("AWS::StepFunctions::StateMachineVersion", {
          Properties: { StateMachineArn: { Ref: resource.logicalId } },
        }),
      );
      expect(versions).toHaveLength(1);
      const hash = createHash("sha256")
        .update(resource.properties.DefinitionString as string)
        .digest("hex")
        .slice(0, 16);
      expect(versions[0]).toEqual({
        Type: "AWS::StepFunctions::StateMachineVersion",
        Properties: {
          StateMachineArn: { Ref: resource.logicalId },
          // Replacing the revision id replaces the version: each revision gets a new one.
          StateMachineRevisionId: { "Fn::GetAtt": [resource.logicalId, "StateMachineRevisionId"] },
          Description: `${machine.stateMachineName} definition sha256:${hash}`,
        },
        DeletionPolicy: "Retain",
        UpdateReplacePolicy: "Retain",
      });
    }
  });

  it("synthesizes the same version for the same definition, and a new one (same logical id, new hash) for a changed definition", () => {
    const cacheChange = definitions.templates.find((t) => t.id === "cache-change");
    if (!cacheChange) throw new Error("definitions/ holds cache-change");
    const changed = {
      ...cacheChange,
      nodes: cacheChange.nodes.map((node) =>
        node.type === "task" ? { ...node, plugin: `${node.plugin}-v2` } : node,
      ),
    };
    const versionOf = (templates: (typeof cacheChange)[]) => {
      const probe = probeStack();
      new FlowStateMachines(probe, "StateMachines", {
        names,
        definitions: { templates },
        resources: standInResources(probe),
      });
      const versions = Template.fromStack(probe).findResources(
        "AWS::StepFunctions::StateMachineVersion",
      );
      return Object.entries(versions).find(([id]) => id.includes("cachechange"));
    };
    const first = versionOf([cacheChange]);
    expect(first).toBeDefined();
    expect(versionOf([cacheChange])).toEqual(first);
    const [changedId, changedVersion] = versionOf([changed]) ?? [];
    expect(changedId).toBe(first?.[0]);
    expect(changedVersion?.Properties.Description).not.toBe(first?.[1].Properties.Description);
    expect(changedVersion?.Properties.Description).toMatch(
      /^baton-test-cache-change-v1 definition sha256:[0-9a-f]{16}$/,
    );
  });

  it("puts each version behind the alias live, rolled out as a canary (10 % for 10 minutes) and rolled back by the alarm on the machine's failed executions", () => {
    for (const machine of machines.all) {
      const resource = machineNamed(machine.stateMachineName);
      const alarms = template.findResources("AWS::CloudWatch::Alarm", {
        Properties: {
          Dimensions: [{ Name: "StateMachineArn", Value: { Ref: resource.logicalId } }],
        },
      });
      expect(Object.keys(alarms)).toHaveLength(1);
      const [alarmId, alarm] = Object.entries(alarms)[0] as [string, { Properties: object }];
      expect(alarm.Properties).toEqual({
        AlarmName: `${machine.stateMachineName}-failed`,
        AlarmDescription: expect.stringContaining(machine.stateMachineName),
        Namespace: "AWS/States",
        MetricName: "ExecutionsFailed",
        Dimensions: [{ Name: "StateMachineArn", Value: { Ref: resource.logicalId } }],
        Statistic: "Sum",
        Period: 60,
        Threshold: 1,
        EvaluationPeriods: 1,
        ComparisonOperator: "GreaterThanOrEqualToThreshold",
        TreatMissingData: "notBreaching",
      });
      template.hasResourceProperties("AWS::StepFunctions::StateMachineAlias", {
        Name: LIVE_ALIAS,
        DeploymentPreference: {
          Type: "CANARY",
          Percentage: 10,
          Interval: 10,
          StateMachineVersionArn: { "Fn::GetAtt": [logicalId(machine.version), "Arn"] },
          // By name (Ref of an alarm): Step Functions does not take an alarm's ARN here.
          Alarms: [{ Ref: alarmId }],
        },
      });
    }
    template.resourceCountIs("AWS::StepFunctions::StateMachineAlias", machines.all.length);
  });

  it("rolls out all at once (still rolled back by the alarm) where the rollout says so, and by default", () => {
    for (const rollout of [{ type: "all-at-once" } as const, undefined]) {
      const probe = probeStack();
      const built = new FlowStateMachines(probe, "StateMachines", {
        names,
        definitions: { templates: [] },
        resources: standInResources(probe),
        ...(rollout && { rollout }),
      });
      Template.fromStack(probe).hasResourceProperties("AWS::StepFunctions::StateMachineAlias", {
        Name: LIVE_ALIAS,
        DeploymentPreference: Match.objectEquals({
          Type: "ALL_AT_ONCE",
          StateMachineVersionArn: {
            "Fn::GetAtt": [probe.getLogicalId(built.linearFlow.version), "Arn"],
          },
          Alarms: [
            {
              Ref: probe.getLogicalId(
                built.linearFlow.rollbackAlarm.node.defaultChild as CfnElement,
              ),
            },
          ],
        }),
      });
    }
  });

  it("takes a canary of 1 to 99 whole percent over 1 to 2,100 whole minutes, and refuses anything else by name", () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.integer({ min: -5, max: 105 }), fc.double({ min: 0, max: 100, noNaN: true })),
        fc.integer({ min: 0, max: 2200 * 60 }),
        (percentage, seconds) => {
          const rollout = {
            type: "canary",
            percentage,
            interval: Duration.seconds(seconds),
          } as const;
          const minutes = seconds / 60;
          const fits =
            Number.isInteger(percentage) &&
            percentage >= 1 &&
            percentage <= 99 &&
            Number.isInteger(minutes) &&
            minutes >= 1 &&
            minutes <= 2100;
          if (fits) {
            expect(deploymentPreference(rollout, "version", "alarm")).toEqual({
              type: "CANARY",
              stateMachineVersionArn: "version",
              percentage,
              interval: minutes,
              alarms: ["alarm"],
            });
          } else {
            expect(() => deploymentPreference(rollout, "version", "alarm")).toThrow(
              RolloutRefusedError,
            );
          }
        },
      ),
    );
  });

  it("gives every machine an alias ARN built from its name, by template id and version", () => {
    const arnOf = (name: string) =>
      `arn:aws:states:${TEST_REGION}:${TEST_ACCOUNT}:stateMachine:${name}:${LIVE_ALIAS}`;
    const expected: Record<string, Record<string, string>> = {};
    for (const t of definitions.templates) {
      expected[t.id] = { ...expected[t.id], [t.version]: arnOf(names.stateMachine(t)) };
    }
    expect(stack.resolve(machines.aliasArns)).toEqual(expected);
    expect(stack.resolve(machines.linearFlow.aliasArn)).toBe(arnOf(names.linearFlowStateMachine));
    const first = definitions.templates[0];
    expect(first && machines.machine(first.id, first.version)?.stateMachineName).toBe(
      first && names.stateMachine(first),
    );
    expect(machines.machine("no-such-template", 1)).toBeUndefined();
  });

  it("grants starting executions through the live aliases alone: on the unqualified machine ARNs, by name, qualifier live (IAM authorizes an alias's starts against its machine)", () => {
    const probe = probeStack();
    const built = new FlowStateMachines(probe, "StateMachines", {
      names,
      definitions,
      resources: standInResources(probe),
    });
    const starter = standIn(probe, "Starter");
    built.grantStartExecution(starter);
    const statements = Object.values(Template.fromStack(probe).findResources("AWS::IAM::Policy"))
      .filter((policy) =>
        (policy.Properties.Roles as { Ref: string }[])[0]?.Ref.startsWith("StarterServiceRole"),
      )
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement);
    expect(statements).toHaveLength(1);
    const [statement] = statements;
    expect({ ...statement, Resource: [...statement.Resource].sort() }).toEqual({
      Effect: "Allow",
      Action: "states:StartExecution",
      Resource: built.all.map((machine) => probe.resolve(machine.unqualifiedArn)).sort(),
      Condition: { StringEquals: { "states:StateMachineQualifier": "live" } },
    });
    for (const machine of built.all) {
      expect(probe.resolve(machine.aliasArn)).toEqual(
        probe.resolve(`${machine.unqualifiedArn}:live`),
      );
    }
  });

  it("offers the failed and timed-out executions of each machine for the dashboard", () => {
    const machine = machines.linearFlow;
    expect(stack.resolve(machine.metricFailed().dimensions)).toEqual({
      StateMachineArn: { Ref: logicalId(machine.stateMachine) },
    });
    expect(machine.metricFailed().metricName).toBe("ExecutionsFailed");
    expect(machine.metricTimedOut().metricName).toBe("ExecutionsTimedOut");
    expect(machine.metricTimedOut().namespace).toBe("AWS/States");
  });
});

describe("FlowStateMachines: retention", () => {
  it("retains machines, roles and policies by default (running executions outlive a removed template version) and the log group keeps a year", () => {
    for (const machine of machines.all) {
      const resource = machineNamed(machine.stateMachineName);
      expect([resource.deletionPolicy, resource.updateReplacePolicy]).toEqual(["Retain", "Retain"]);
    }
    for (const type of ["AWS::IAM::Role", "AWS::IAM::Policy"]) {
      const ours = Object.entries(template.findResources(type)).filter(([id]) =>
        id.startsWith("StateMachines"),
      );
      expect(ours.length).toBeGreaterThan(0);
      for (const [, resource] of ours) expect(resource.DeletionPolicy).toBe("Retain");
    }
    template.hasResource("AWS::Logs::LogGroup", {
      Properties: { RetentionInDays: 365 },
      DeletionPolicy: "Retain",
    });
  });

  it("deletes them under RemovalPolicy.DESTROY, but still keeps every published version", () => {
    const probe = probeStack();
    new FlowStateMachines(probe, "StateMachines", {
      names,
      definitions: { templates: [] },
      resources: standInResources(probe),
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const synthesized = Template.fromStack(probe);
    synthesized.hasResource("AWS::StepFunctions::StateMachine", { DeletionPolicy: "Delete" });
    synthesized.hasResource("AWS::IAM::Role", {
      Properties: {
        AssumeRolePolicyDocument: Match.objectLike({
          Statement: [Match.objectLike({ Principal: { Service: "states.amazonaws.com" } })],
        }),
      },
      DeletionPolicy: "Delete",
    });
    synthesized.hasResource("AWS::StepFunctions::StateMachineVersion", {
      DeletionPolicy: "Retain",
      UpdateReplacePolicy: "Retain",
    });
  });
});

describe("FlowStateMachines: each role allows only what its definition calls", () => {
  const functionsOf: [string, LambdaFunction][] = [
    [PLACEHOLDERS.approvalsFunction, resources.approvalsFunction as LambdaFunction],
    [PLACEHOLDERS.pluginsFunction, resources.pluginsFunction as LambdaFunction],
    [PLACEHOLDERS.conditionsFunction, resources.conditionsFunction as LambdaFunction],
    [PLACEHOLDERS.stepFunction, resources.stepFunction as LambdaFunction],
  ];

  it.each(machines.all.map((machine) => [machine.stateMachineName, machine] as const))(
    "%s: invokes its functions, updates the table, puts events on the bus — only where the definition does; no * action",
    (name) => {
      const resource = machineNamed(name);
      const definition = resource.properties.DefinitionString as string;
      const statements = roleStatements(resource);
      const arnsOf = (action: string) =>
        statements
          .filter((s) => actionsOf(s).includes(action))
          .flatMap((s) => (Array.isArray(s.Resource) ? s.Resource : [s.Resource]));
      expect(statements.flatMap(actionsOf).filter((action) => action.includes("*"))).toEqual([]);
      expect(arnsOf("lambda:InvokeFunction")).toEqual(
        functionsOf
          .filter(([placeholder]) => definition.includes(placeholder))
          .map(([, fn]) => ({ "Fn::GetAtt": [logicalId(fn), "Arn"] })),
      );
      expect(arnsOf("dynamodb:UpdateItem")).toEqual(
        definition.includes(PLACEHOLDERS.table)
          ? [{ "Fn::GetAtt": [logicalId(resources.table), "Arn"] }]
          : [],
      );
      expect(arnsOf("events:PutEvents")).toEqual(
        definition.includes(PLACEHOLDERS.bus)
          ? [{ "Fn::GetAtt": [logicalId(resources.bus), "Arn"] }]
          : [],
      );
      // What Step Functions needs for logs and X-Ray is all a statement on every resource holds.
      const serviceWide = statements.filter((s) => s.Resource === "*").flatMap(actionsOf);
      expect(serviceWide.filter((action) => !/^(logs|xray):/.test(action))).toEqual([]);
      const allowed = ["lambda:InvokeFunction", "dynamodb:UpdateItem", "events:PutEvents"];
      const scoped = statements.filter((s) => s.Resource !== "*").flatMap(actionsOf);
      expect(scoped.filter((action) => !allowed.includes(action))).toEqual([]);
    },
  );

  it("binds exactly the placeholders a definition holds: one substitution and one statement each", () => {
    const probe = probeStack();
    const bound = standInResources(probe);
    const entries = Object.entries(PLACEHOLDERS);
    fc.assert(
      fc.property(fc.subarray(entries), (held) => {
        const definition = JSON.stringify({ held: held.map(([, placeholder]) => placeholder) });
        const { substitutions, statements } = bindDefinition("m", definition, bound);
        expect(Object.keys(substitutions).sort()).toEqual(
          held.map(([, placeholder]) => placeholder.slice(2, -1)).sort(),
        );
        expect(statements).toHaveLength(held.length);
      }),
    );
  });

  it("refuses a definition holding a Baton placeholder that no resource fills, naming it", () => {
    const bound = standInResources(probeStack());
    const queue = `\${BatonQueue}`;
    const definition = JSON.stringify({ a: PLACEHOLDERS.table, b: queue });
    expect(() => bindDefinition("baton-test-x-v1", definition, bound)).toThrow(
      expect.objectContaining({
        name: "UnknownPlaceholderError",
        placeholders: [queue],
        message: expect.stringContaining(`baton-test-x-v1 holds ${queue}`),
      }),
    );
    expect(() => bindDefinition("m", definition, bound)).toThrow(UnknownPlaceholderError);
  });
});

describe("FlowStateMachines: cdk-nag", () => {
  it("finds nothing in the AwsSolutions and Serverless packs", () => {
    for (const pack of [new AwsSolutionsChecks(), new ServerlessChecks()]) {
      const violations = pack.validateScope(machines).violations.map((v) => ({
        rule: v.ruleName,
        at: v.violatingResources.map((r) => r.constructPath),
      }));
      expect(violations).toEqual([]);
    }
  });

  it("acknowledges on each role only the service-wide X-Ray and log-delivery statement (IAM5 on Resource::*), with a reason", () => {
    for (const machine of machines.all) {
      const role = machine.stateMachine.role.node;
      const acknowledged = role.metadata
        .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
        .map((entry) => entry.data as Record<string, string>);
      const ids = acknowledged.flatMap((data) => Object.keys(data));
      expect(ids.map((id) => id.replace(/^annotation::/i, ""))).toEqual([
        "AwsSolutions-IAM5[Resource::*]",
      ]);
      expect(Object.values(acknowledged[0] ?? {})[0]).toMatch(/X-Ray.*Logs/);
    }
  });
});
