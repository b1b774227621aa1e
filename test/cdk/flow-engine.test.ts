import { Duration, Stack } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { type CfnRole, Role, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import { describe, expect, it } from "vitest";
import { HANDLER_ACCESS, relaysVerdicts } from "../../cdk/handler-access.ts";
import { HANDLER_NAMES } from "../../cdk/handler-bundling.ts";
import { UnknownTemplateError } from "../../cdk/unknown-template-error.ts";
import { FLOW_METRICS } from "../../lambdas/handlers/flow-metric-names.ts";
import { batonAppAsCli, REPO_DEFINITIONS, TEST_ACCOUNT, TEST_REGION } from "./baton-app-as-cli.ts";

// One synthesis per environment, shared by the tests.
const dev = batonAppAsCli("dev").stack;
const prod = batonAppAsCli("prod").stack;
const devTemplate = Template.fromStack(dev);
const prodTemplate = Template.fromStack(prod);

type Resources = Record<string, { Type: string; Properties?: Record<string, unknown> }>;
const resourcesOf = (template: Template, type: string): Resources =>
  template.findResources(type) as Resources;

/** Every IAM policy statement of a template, with the logical id of its policy. */
function statements(template: Template): { policy: string; statement: Record<string, unknown> }[] {
  const policies = resourcesOf(template, "AWS::IAM::Policy");
  return Object.entries(policies).flatMap(([policy, resource]) => {
    const document = resource.Properties?.PolicyDocument as {
      Statement: Record<string, unknown>[];
    };
    return document.Statement.map((statement) => ({ policy, statement }));
  });
}

const actionsOf = (statement: Record<string, unknown>): string[] => {
  const action = statement.Action;
  return Array.isArray(action) ? action : [action as string];
};

/** The `FunctionName` of the function a `{ Ref }` or `{ "Fn::GetAtt" }` to it names. */
function functionNameOf(template: Template, reference: unknown): unknown {
  const ref = reference as { Ref?: string; "Fn::GetAtt"?: [string, string] };
  const id = ref.Ref ?? ref["Fn::GetAtt"]?.[0] ?? "";
  return resourcesOf(template, "AWS::Lambda::Function")[id]?.Properties?.FunctionName;
}

/** The functions API Gateway invokes, each through its own live alias. */
const SERVED_BY = ["api", "pages"] as const;

describe("FlowEngine in the Baton stack", () => {
  it("deploys one state machine per template version of definitions/ and the linear flow's, each behind its live alias", () => {
    const machines = Object.values(resourcesOf(devTemplate, "AWS::StepFunctions::StateMachine"));
    const names = machines.map((machine) => machine.Properties?.StateMachineName).sort();
    const expected = [
      ...REPO_DEFINITIONS.templates.map((t) => `baton-dev-${t.id}-v${t.version}`),
      "baton-dev-linear-flow",
    ].sort();

    expect(names).toEqual(expected);
    devTemplate.resourceCountIs("AWS::StepFunctions::StateMachineAlias", expected.length);
    for (const machine of machines) expect(machine.Properties?.StateMachineType).toBe("STANDARD");
  });

  it("fills each machine's placeholders with the engine's own functions, table and bus", () => {
    const functions = resourcesOf(devTemplate, "AWS::Lambda::Function");
    const idOf = (handler: string) =>
      Object.keys(functions).find(
        (id) => functions[id]?.Properties?.FunctionName === `baton-dev-${handler}`,
      );
    for (const machine of Object.values(
      resourcesOf(devTemplate, "AWS::StepFunctions::StateMachine"),
    )) {
      const substitutions = (machine.Properties?.DefinitionSubstitutions ?? {}) as Record<
        string,
        unknown
      >;
      const definition = JSON.stringify(machine.Properties?.DefinitionString);
      for (const [placeholder, handler] of [
        ["BatonApprovalsFunction", "approvals"],
        ["BatonPluginsFunction", "plugins"],
        ["BatonConditionsFunction", "conditions"],
        ["BatonStepFunction", "step"],
      ] as const) {
        if (!definition.includes(`\${${placeholder}}`)) continue;
        expect(substitutions[placeholder]).toEqual({ "Fn::GetAtt": [idOf(handler), "Arn"] });
      }
    }
  });

  it("puts the api and the pages functions each behind its live alias, which API Gateway invokes: the pages' routes to the pages', every other route to the api's", () => {
    const integrations = resourcesOf(devTemplate, "AWS::ApiGatewayV2::Integration");
    const aliases = resourcesOf(devTemplate, "AWS::Lambda::Alias");
    const aliased = (aliasId: string) =>
      functionNameOf(devTemplate, aliases[aliasId]?.Properties?.FunctionName);
    /** The function a route key reaches: its integration's alias's function. */
    const reached = Object.fromEntries(
      Object.values(resourcesOf(devTemplate, "AWS::ApiGatewayV2::Route")).map((route) => {
        const target = route.Properties?.Target as { "Fn::Join": [string, { Ref: string }[]] };
        const integration = target["Fn::Join"][1][1]?.Ref ?? "";
        const uri = integrations[integration]?.Properties?.IntegrationUri as { Ref: string };
        return [route.Properties?.RouteKey as string, aliased(uri.Ref)];
      }),
    );
    const expected = Object.fromEntries(
      dev.engine.flowApi.routes.flatMap((route) =>
        route.methods.map((method) => [`${method} ${route.path}`, `baton-dev-${route.servedBy}`]),
      ),
    );

    expect(Object.values(integrations)).toHaveLength(2);
    expect(Object.values(aliases).map((alias) => alias.Properties?.Name)).toEqual(["live", "live"]);
    expect(Object.keys(aliases).map(aliased).sort()).toEqual(["baton-dev-api", "baton-dev-pages"]);
    for (const name of SERVED_BY) {
      const alias = dev.resolve(dev.engine[`${name}Alias`].functionArn) as { Ref: string };
      expect(aliased(alias.Ref)).toBe(`baton-dev-${name}`);
    }
    // API Gateway may invoke each alias (one permission a function), and nothing else
    const invokable = Object.values(resourcesOf(devTemplate, "AWS::Lambda::Permission"))
      .filter((permission) => permission.Properties?.Principal === "apigateway.amazonaws.com")
      .map(
        (permission) => (permission.Properties?.FunctionName as { Ref: string } | undefined)?.Ref,
      );
    expect(invokable.sort()).toEqual(Object.keys(aliases).sort());
    expect(reached).toEqual(expected);
    for (const key of ["GET /ui", "POST /ui/{proxy+}", "GET /assets/{proxy+}", "GET /a/{linkId}"]) {
      expect(reached[key], key).toBe("baton-dev-pages");
    }
    for (const key of [
      "POST /v1/flows/{templateId}/instances",
      "POST /v1/callbacks/{id}",
      "GET /openapi.json",
    ]) {
      expect(reached[key], key).toBe("baton-dev-api");
    }
  });

  it("rolls new api and pages function versions (and with them new template versions) out as canaries in prod, each rolled back by the machines' failure alarms; dev moves at once", () => {
    const machineAlarms = prod.engine.machines.all.map((machine) =>
      prod.resolve(machine.rollbackAlarm.alarmArn),
    );
    const composites = resourcesOf(prodTemplate, "AWS::CloudWatch::CompositeAlarm");
    const groups = resourcesOf(prodTemplate, "AWS::CodeDeploy::DeploymentGroup");
    const aliases = prodTemplate.toJSON().Resources as Record<
      string,
      {
        Properties: { FunctionName: unknown };
        UpdatePolicy?: { CodeDeployLambdaAliasUpdate?: { DeploymentGroupName: { Ref: string } } };
      }
    >;

    devTemplate.resourceCountIs("AWS::CodeDeploy::DeploymentGroup", 0);
    devTemplate.resourceCountIs("AWS::CloudWatch::CompositeAlarm", 0);
    prodTemplate.hasResourceProperties("AWS::CodeDeploy::DeploymentConfig", {
      ComputePlatform: "Lambda",
      TrafficRoutingConfig: {
        Type: "TimeBasedCanary",
        TimeBasedCanary: { CanaryPercentage: 10, CanaryInterval: 10 },
      },
    });
    expect(Object.keys(groups)).toHaveLength(2);
    expect(Object.keys(composites)).toHaveLength(2);
    for (const name of SERVED_BY) {
      const rollout = prod.engine[`${name}Rollout`];
      const aliasId = (prod.resolve(rollout.alias.functionArn) as { Ref: string }).Ref;
      const groupId = (
        prod.resolve(rollout.deploymentGroup?.deploymentGroupName) as { Ref: string }
      ).Ref;
      const compositeId = (prod.resolve(rollout.rollbackAlarm?.alarmName) as { Ref: string }).Ref;
      const composite = composites[compositeId];
      // The function's own alias is moved by its own deployment group
      expect(functionNameOf(prodTemplate, aliases[aliasId]?.Properties.FunctionName), name).toBe(
        `baton-prod-${name}`,
      );
      expect(
        aliases[aliasId]?.UpdatePolicy?.CodeDeployLambdaAliasUpdate?.DeploymentGroupName,
      ).toEqual({ Ref: groupId });
      // CodeDeploy watches at most 10 alarms: one composite gathers every machine's.
      expect(groups[groupId]?.Properties, name).toMatchObject({
        AlarmConfiguration: { Enabled: true, Alarms: [{ Name: { Ref: compositeId } }] },
        AutoRollbackConfiguration: { Enabled: true },
      });
      expect(composite?.Properties?.AlarmName).toBe(`baton-prod-${name}-rollout`);
      const rule = JSON.stringify(composite?.Properties?.AlarmRule);
      for (const arn of machineAlarms) expect(rule).toContain(JSON.stringify(arn).slice(1, -1));
    }
    expect(machineAlarms).toHaveLength(REPO_DEFINITIONS.templates.length + 1);
  });

  it("tells every function that builds the backend the API's URL (PUBLIC_URL), and no other", () => {
    const functions = resourcesOf(devTemplate, "AWS::Lambda::Function");
    for (const handler of HANDLER_NAMES) {
      const fn = Object.values(functions).find(
        (resource) => resource.Properties?.FunctionName === `baton-dev-${handler}`,
      );
      const environment = fn?.Properties?.Environment as { Variables: Record<string, unknown> };
      const variables = environment.Variables;
      if (HANDLER_ACCESS[handler].backend) {
        expect(variables.PUBLIC_URL).toEqual(dev.resolve(dev.engine.url));
      } else {
        expect(variables.PUBLIC_URL).toBeUndefined();
      }
    }
  });

  it("grants no IAM action with a wildcard, and task results only to the roles of the functions whose code sends them", () => {
    const all = statements(prodTemplate);
    const sending = all.filter(({ statement }) =>
      actionsOf(statement).includes("states:SendTaskSuccess"),
    );
    const functions = resourcesOf(prodTemplate, "AWS::Lambda::Function");
    const roleOfHandler = (handler: string) => {
      const fn = Object.values(functions).find(
        (resource) => resource.Properties?.FunctionName === `baton-prod-${handler}`,
      );
      const role = fn?.Properties?.Role as { "Fn::GetAtt": [string, string] };
      return role["Fn::GetAtt"][0];
    };
    const policies = resourcesOf(prodTemplate, "AWS::IAM::Policy");
    const rolesSending = sending.map(({ policy }) => {
      const roles = policies[policy]?.Properties?.Roles as { Ref: string }[];
      return roles[0]?.Ref;
    });
    const senders = HANDLER_NAMES.filter((handler) =>
      HANDLER_ACCESS[handler].ports.some((port) => port === "tasks.succeed"),
    );

    for (const { statement } of all) {
      for (const action of actionsOf(statement)) expect(action).not.toMatch(/\*/);
    }
    expect(new Set(rolesSending)).toEqual(new Set(senders.map(roleOfHandler)));
    expect(senders).toEqual(["api"]);
  });

  it("has the functions that relay verdicts invoke exactly the API function behind the alias API Gateway invokes, unqualified (its newest code, as theirs is), and nothing of it else", () => {
    const functions = resourcesOf(prodTemplate, "AWS::Lambda::Function");
    const apiAliasId = (prod.resolve(prod.engine.apiAlias.functionArn) as { Ref: string }).Ref;
    const alias = resourcesOf(prodTemplate, "AWS::Lambda::Alias")[apiAliasId];
    const aliasArn = `arn:aws:lambda:${TEST_REGION}:${TEST_ACCOUNT}:function:${functionNameOf(
      prodTemplate,
      alias?.Properties?.FunctionName,
    )}:${alias?.Properties?.Name}`;
    /** A value as a string: an `Fn::Join` joined (AWS::Partition as aws), anything else as JSON. */
    const flat = (value: unknown): string => {
      if (typeof value === "string") return value;
      const join = (value as { "Fn::Join"?: [string, unknown[]] })["Fn::Join"];
      if (!join) return JSON.stringify(value);
      return join[1].map((part) => (typeof part === "string" ? part : "aws")).join("");
    };
    const relaying = HANDLER_NAMES.filter((handler) => relaysVerdicts(HANDLER_ACCESS[handler]));
    const invoked = (handler: string) => {
      const fn = Object.values(functions).find(
        (resource) => resource.Properties?.FunctionName === `baton-prod-${handler}`,
      );
      const environment = fn?.Properties?.Environment as { Variables: Record<string, unknown> };
      return flat(environment.Variables.VERDICT_FUNCTION_ARN);
    };

    const functionArn = aliasArn.slice(0, aliasArn.lastIndexOf(":"));

    expect(alias).toBeDefined();
    expect(aliasArn).toBe(
      `arn:aws:lambda:${TEST_REGION}:${TEST_ACCOUNT}:function:baton-prod-api:live`,
    );
    expect(relaying).toEqual(["pages", "approvals", "reconciler", "sweeper", "execution-facts"]);
    for (const handler of relaying) expect(invoked(handler)).toBe(functionArn);
    const apiInvokes = statements(prodTemplate)
      .filter(({ statement }) => actionsOf(statement).includes("lambda:InvokeFunction"))
      .map(({ statement }) => flat(statement.Resource))
      .filter((resource) => resource.startsWith(functionArn));
    expect(apiInvokes).toEqual(relaying.map(() => functionArn));
  });

  it("keeps the table and the signing keys of prod when the stack goes, and not dev's table", () => {
    prodTemplate.hasResource("AWS::DynamoDB::Table", { DeletionPolicy: "Retain" });
    devTemplate.hasResource("AWS::DynamoDB::Table", { DeletionPolicy: "Delete" });
    for (const secret of Object.values(
      prodTemplate.findResources("AWS::SecretsManager::Secret"),
    ) as { DeletionPolicy?: string }[]) {
      expect(secret.DeletionPolicy).toBe("Retain");
    }
  });

  it("names every resource of the environment baton-<env>", () => {
    expect(Stack.of(dev.engine).stackName).toBe("Baton-dev");
    for (const fn of Object.values(resourcesOf(prodTemplate, "AWS::Lambda::Function"))) {
      expect(fn.Properties?.FunctionName).toMatch(/^baton-prod-/);
    }
    prodTemplate.hasResourceProperties("AWS::ApiGatewayV2::Api", { Name: "baton-prod" });
  });
});

describe("FlowEngine's grant and metric methods", () => {
  const { engine } = dev;
  const environment = (handler: string) => {
    const fn = Object.values(resourcesOf(devTemplate, "AWS::Lambda::Function")).find(
      (resource) => resource.Properties?.FunctionName === `baton-dev-${handler}`,
    );
    const variables = fn?.Properties?.Environment as { Variables: Record<string, string> };
    return variables.Variables;
  };

  it("names a template's series as the handlers publish them: their namespace and service, the template (and status)", () => {
    // Act
    const started = engine.metricInstancesStarted("cache-change");
    const failed = engine.metricInstancesEnded("cache-change", "failed", {
      period: Duration.hours(1),
    });
    const waited = engine.metricApprovalWaitTime("cache-change");
    // Assess: the handlers' Powertools settings are what the metrics name
    const { POWERTOOLS_METRICS_NAMESPACE, POWERTOOLS_SERVICE_NAME } = environment("approvals");
    for (const metric of [started, failed, waited]) {
      expect(metric.namespace).toBe(POWERTOOLS_METRICS_NAMESPACE);
      expect(metric.dimensions?.service).toBe(POWERTOOLS_SERVICE_NAME);
      expect(metric.dimensions?.template).toBe("cache-change");
    }
    expect([started.metricName, failed.metricName, waited.metricName]).toEqual([
      FLOW_METRICS.instancesStarted,
      FLOW_METRICS.instancesEnded,
      FLOW_METRICS.approvalWaitTime,
    ]);
    expect(failed.dimensions?.status).toBe("failed");
    expect(failed.period.toMinutes()).toBe(60);
    expect([started.statistic, waited.statistic]).toEqual(["Sum", "p90"]);
  });

  it("refuses a template it does not deploy, naming it and the ones it does", () => {
    expect(() => engine.metricInstancesStarted("cache-chnage")).toThrow(UnknownTemplateError);
    expect(() => engine.metricApprovalWaitTime("cache-chnage")).toThrow(
      /^no template "cache-chnage" is deployed here \(.*cache-change.*\)$/,
    );
  });

  it("lets a grantee read the table and its indexes, and write nothing", () => {
    // Prepare: an app of its own, so that the stacks the other tests read stay as they are
    const { stack } = batonAppAsCli("dev");
    const reader = new Role(stack, "Reporting", {
      assumedBy: new ServicePrincipal("lambda.amazonaws.com"),
    });
    // Act
    stack.engine.grantReadData(reader);
    // Assess
    const template = Template.fromStack(stack);
    const policies = Object.values(resourcesOf(template, "AWS::IAM::Policy")).filter((policy) =>
      JSON.stringify(policy.Properties?.Roles).includes(
        stack.getLogicalId(reader.node.defaultChild as CfnRole),
      ),
    );
    const actions = policies.flatMap((policy) => {
      const document = policy.Properties?.PolicyDocument as {
        Statement: Record<string, unknown>[];
      };
      return document.Statement.flatMap(actionsOf);
    });
    expect(actions).toContain("dynamodb:Query");
    expect(actions).toContain("dynamodb:GetItem");
    expect(actions.filter((action) => /Put|Update|Delete|Write/.test(action))).toEqual([]);
    // Every index by name, none by wildcard (cdk-nag's IAM5 found nothing: the synthesis ran it)
    const resources = JSON.stringify(policies.map((policy) => policy.Properties?.PolicyDocument));
    expect(resources).toContain("/index/byTemplate");
    expect(resources).toContain("/index/unsettled");
    expect(resources).not.toContain("index/*");
  });
});
