import { Annotations, RemovalPolicy } from "aws-cdk-lib";
import type { HttpApi } from "aws-cdk-lib/aws-apigatewayv2";
import { type Metric, type MetricOptions, Stats } from "aws-cdk-lib/aws-cloudwatch";
import type { ITable } from "aws-cdk-lib/aws-dynamodb";
import type { IEventBus } from "aws-cdk-lib/aws-events";
import { Grant, type IGrantable } from "aws-cdk-lib/aws-iam";
import type { Alias } from "aws-cdk-lib/aws-lambda";
import type { IStateMachine } from "aws-cdk-lib/aws-stepfunctions";
import { Construct } from "constructs";
import { TABLE_INDEXES } from "../lambdas/core/contract/table-layout.ts";
import type { InstanceStatus } from "../lambdas/core/engine/instance-state.ts";
import { FLOW_METRICS } from "../lambdas/handlers/flow-metric-names.ts";
import { ApiRollout } from "./api-rollout.ts";
import type { DeployedDefinitions } from "./deployed-definitions.ts";
import type { EnvironmentSettings } from "./environment-settings.ts";
import { FlowAlarms } from "./flow-alarms.ts";
import { FlowApi } from "./flow-api.ts";
import { FlowBus } from "./flow-bus.ts";
import { FlowDashboard } from "./flow-dashboard.ts";
import { FlowEvents } from "./flow-events.ts";
import { FlowHandlers } from "./flow-handlers.ts";
import { flowMetric } from "./flow-metric.ts";
import { FlowResourceNames } from "./flow-resource-names.ts";
import { FlowStateMachines } from "./flow-state-machines.ts";
import { FlowStore } from "./flow-store.ts";
import { PluginResourceNames } from "./plugin-resource-names.ts";
import { UnknownTemplateError } from "./unknown-template-error.ts";
import { warnOfUnservedPlugins } from "./unserved-plugin-warnings.ts";

/** Properties of a {@link FlowEngine}. */
export interface FlowEngineProps {
  /**
   * The environment: names every resource `baton-<environmentName>…`.
   *
   * @example "prod"
   */
  readonly environmentName: string;

  /** What to deploy: the template versions and plugins of a definitions folder. */
  readonly definitions: DeployedDefinitions;

  /**
   * The environment's settings: removal policy, log retention, rollout, authorizer, throttling,
   * alarm e-mail, custom domain (`environmentSettings` reads them for the Baton app).
   */
  readonly settings: EnvironmentSettings;

  /**
   * A folder of the pages' built scripts and stylesheets (`writePageAssets`), shipped in the
   * pages function's bundle: esbuild does not run in Lambda.
   *
   * @default none: the pages answer 500 for want of their scripts
   * @example "cdk.out/page-assets"
   */
  readonly pageAssetsFolder?: string;

  /**
   * Roles of the approvers' directory (`approvers: { role }`): role → user ids.
   *
   * @default {} (no roles)
   * @example { "finance-leads": ["fay", "finn"] }
   */
  readonly directoryRoles?: Readonly<Record<string, readonly string[]>>;
}

/**
 * Baton on AWS, whole: the flow store (DynamoDB), the flow bus (EventBridge), the engine's
 * Lambda handlers, one Standard state machine per template version behind its `live` alias,
 * the HTTP API (API Gateway in front of the `hono` app's two halves: the api function's JSON
 * API and the pages function's pages and approval links), the plugins' rules, functions and
 * dead-letter queues, the reconciler, sweeper and table-stream sources, a dashboard and alarms.
 * A new template version reaches new instances through the api and pages functions' `live`
 * aliases, each shifted by CodeDeploy as the settings' rollout says and rolled back by the
 * machines' failure alarms.
 * Synthesis warns of each plugin a task names that no function serves (`warnOfUnservedPlugins`).
 *
 * @example
 * const definitions = await loadDeployedDefinitions("definitions");
 * const engine = new FlowEngine(stack, "Baton", {
 *   environmentName: "prod",
 *   definitions,
 *   settings: environmentSettings("prod", (key) => app.node.tryGetContext(key)),
 * });
 * engine.grantStartFlows(myOrchestrator);
 */
export class FlowEngine extends Construct {
  /** The names of the environment's resources. */
  readonly names: FlowResourceNames;
  /** The DynamoDB table of instances, approvals and history. */
  readonly table: ITable;
  /** The EventBridge bus of flow events. */
  readonly bus: IEventBus;
  /** The HTTP API. */
  readonly api: HttpApi;
  /** Where the API answers (the custom domain, or API Gateway's endpoint). */
  readonly url: string;
  /** Every deployed state machine: one per template version, and the linear flow's. */
  readonly stateMachines: readonly IStateMachine[];
  /** The store construct (table and indexes). */
  readonly store: FlowStore;
  /** The engine's Lambda functions. */
  readonly handlers: FlowHandlers;
  /** The state machines with their versions, aliases and rollback alarms. */
  readonly machines: FlowStateMachines;
  /** The HTTP API construct. */
  readonly flowApi: FlowApi;
  /** The plugins' rules, functions and dead-letter queues, and the engine's event sources. */
  readonly events: FlowEvents;
  /** The API function's `live` alias, which API Gateway invokes. */
  readonly apiAlias: Alias;
  /** The API function's rollout: its alias and, for a canary, the deployment group. */
  readonly apiRollout: ApiRollout;
  /** The pages function's `live` alias, which API Gateway invokes for the pages' routes. */
  readonly pagesAlias: Alias;
  /** The pages function's rollout, as the API function's. */
  readonly pagesRollout: ApiRollout;
  /** The dashboard. */
  readonly dashboard: FlowDashboard;
  /** The alarms and their SNS topic. */
  readonly alarms: FlowAlarms;
  /** The ids of the templates deployed, for the `metric…` methods' check. */
  private readonly templateIds: readonly string[];

  constructor(scope: Construct, id: string, props: FlowEngineProps) {
    super(scope, id);
    const { settings, definitions } = props;
    this.templateIds = [...new Set(definitions.templates.map((template) => template.id))];
    const names = new FlowResourceNames(props.environmentName);
    this.names = names;
    const pluginFunctions = new PluginResourceNames(names).userPluginFunctions(definitions.plugins);
    const destroy = settings.removalPolicy === RemovalPolicy.DESTROY;

    this.store = new FlowStore(this, "Store", {
      removalPolicy: settings.removalPolicy,
      stream: true,
    });
    this.table = this.store.table;
    this.bus = new FlowBus(this, "Bus", { eventBusName: names.bus }).bus;

    this.handlers = new FlowHandlers(this, "Handlers", {
      names,
      table: this.table,
      bus: this.bus,
      templates: definitions.templates,
      identity: {
        issuer: settings.authorizer.issuer,
        audience: settings.authorizer.audience,
        tenantClaim: settings.authorizer.tenantClaim,
      },
      ...(settings.signIn === undefined ? {} : { signIn: settings.signIn }),
      pluginFunctions,
      directoryRoles: props.directoryRoles ?? {},
      logRetention: settings.logRetention,
      ...(destroy ? { logRemovalPolicy: RemovalPolicy.DESTROY } : {}),
      serviceName: names.prefix,
      ...(props.pageAssetsFolder === undefined ? {} : { pageAssetsFolder: props.pageAssetsFolder }),
    });
    const fn = this.handlers.functions;

    this.machines = new FlowStateMachines(this, "StateMachines", {
      names,
      definitions,
      resources: {
        approvalsFunction: fn.approvals,
        pluginsFunction: fn.plugins,
        conditionsFunction: fn.conditions,
        stepFunction: fn.step,
        table: this.table,
        bus: this.bus,
      },
      rollout: settings.rollout,
      logRetention: settings.logRetention,
      ...(destroy ? { removalPolicy: RemovalPolicy.DESTROY } : {}),
    });
    this.stateMachines = this.machines.all.map((machine) => machine.stateMachine);
    warnOfUnservedPlugins(this.machines, definitions.templates, pluginFunctions);

    const rollbackAlarms = this.machines.all.map((machine) => machine.rollbackAlarm);
    const rolledOut = (id: string, name: "api" | "pages") =>
      new ApiRollout(this, id, {
        handler: fn[name],
        rollout: settings.rollout,
        alarms: rollbackAlarms,
        alarmName: `${names.prefix}-${name}-rollout`,
      });
    this.apiRollout = rolledOut("ApiRollout", "api");
    this.apiAlias = this.apiRollout.alias;
    this.pagesRollout = rolledOut("PagesRollout", "pages");
    this.pagesAlias = this.pagesRollout.alias;

    this.flowApi = new FlowApi(this, "Api", {
      names,
      handler: this.apiAlias,
      pagesHandler: this.pagesAlias,
      authorizer: settings.authorizer,
      throttling: settings.throttling,
      logRetention: settings.logRetention,
      ...(settings.domain === undefined ? {} : { domain: settings.domain }),
    });
    Annotations.of(this.flowApi).acknowledgeWarning(
      "@baton/flow-api:handler-environment",
      "FlowHandlers gives the api and pages functions JWT_* from the same settings, and usePublicUrl their PUBLIC_URL",
    );
    this.api = this.flowApi.httpApi;
    this.url = this.flowApi.url;
    this.handlers.usePublicUrl(this.url);

    this.events = new FlowEvents(this, "Events", {
      bus: this.bus,
      names,
      plugins: definitions.plugins,
      reconciler: fn.reconciler,
      sweeper: fn.sweeper,
      executionFacts: fn["execution-facts"],
      table: this.table,
      logRetention: settings.logRetention,
      callbackKey: this.handlers.signingKeys.callbackKey,
      linkKey: this.handlers.signingKeys.linkKey,
      publicUrl: this.url,
    });
    this.events.grantInvokePlugins(fn.plugins);

    const functions = [
      ...Object.values(fn),
      ...this.events.pluginFunctions.values(),
      ...this.events.notifierFunctions.values(),
    ];
    const deadLetterQueues = [...this.events.deadLetterQueues.values()].map((dlq) => dlq.queue);
    this.dashboard = new FlowDashboard(this, "Dashboard", {
      environmentName: props.environmentName,
      templateIds: this.templateIds,
      functions,
      tableStream: fn["execution-facts"],
      stateMachines: this.stateMachines,
      table: this.table,
      deadLetterQueues,
      service: this.handlers.serviceName,
      namespace: this.handlers.metricsNamespace,
    });
    this.alarms = new FlowAlarms(this, "Alarms", {
      environmentName: props.environmentName,
      functions,
      reconciler: fn.reconciler,
      tableStream: fn["execution-facts"],
      stateMachines: this.stateMachines,
      deadLetterQueues,
      ...(settings.alarmEmail === undefined ? {} : { alarmEmail: settings.alarmEmail }),
    });
  }

  /**
   * Lets a grantee start instances of the deployed templates directly on their state machines'
   * `live` aliases (an orchestrator of your own; people and systems normally go through the API).
   *
   * @example
   * engine.grantStartFlows(orchestratorFunction);
   */
  grantStartFlows(grantee: IGrantable): void {
    this.machines.grantStartExecution(grantee);
  }

  /**
   * The API's server errors (5xx), for an alarm or a graph of your own.
   *
   * @example
   * new Alarm(stack, "Api5xx", { metric: engine.metricApiServerErrors(), threshold: 1, evaluationPeriods: 1 });
   */
  metricApiServerErrors(options?: MetricOptions) {
    return this.flowApi.metricServerErrors(options);
  }

  /**
   * Lets a grantee read the flow store's table and its indexes (reports, exports of your own),
   * each index named rather than `index/*`, so cdk-nag has no wildcard to flag; writes stay
   * the engine's.
   *
   * @example
   * engine.grantReadData(reportingFunction);
   */
  grantReadData(grantee: IGrantable): Grant {
    const { tableArn } = this.table;
    return Grant.addToPrincipal({
      grantee,
      actions: [
        "dynamodb:GetItem",
        "dynamodb:BatchGetItem",
        "dynamodb:Query",
        "dynamodb:DescribeTable",
      ],
      resourceArns: [
        tableArn,
        ...Object.values(TABLE_INDEXES).map(({ name }) => `${tableArn}/index/${name}`),
      ],
    });
  }

  /**
   * Instances of a template started, as the handlers publish them (`InstancesStarted`).
   *
   * @param options - the statistic, period, label… @default the sum over 5 minutes
   * @throws {UnknownTemplateError} for a template this engine does not deploy
   * @example
   * engine.metricInstancesStarted("expense", { period: Duration.hours(1) });
   */
  metricInstancesStarted(templateId: string, options?: MetricOptions): Metric {
    return this.flowMetric(FLOW_METRICS.instancesStarted, templateId, undefined, options);
  }

  /**
   * Instances of a template that ended with a status (`InstancesEnded`), e.g. `failed` for an
   * alarm of your own on one template.
   *
   * @param options - the statistic, period, label… @default the sum over 5 minutes
   * @throws {UnknownTemplateError} for a template this engine does not deploy
   * @example
   * new Alarm(stack, "ExpenseFailed", { metric: engine.metricInstancesEnded("expense", "failed"), threshold: 1, evaluationPeriods: 1 });
   */
  metricInstancesEnded(
    templateId: string,
    status: Exclude<InstanceStatus, "running">,
    options?: MetricOptions,
  ): Metric {
    return this.flowMetric(FLOW_METRICS.instancesEnded, templateId, status, options);
  }

  /**
   * How long a template's approvals waited for their decision, in milliseconds (`ApprovalWaitTime`).
   *
   * @param options - the statistic, period, label… @default p90 over 5 minutes
   * @throws {UnknownTemplateError} for a template this engine does not deploy
   * @example
   * engine.metricApprovalWaitTime("expense", { statistic: "p50" });
   */
  metricApprovalWaitTime(templateId: string, options?: MetricOptions): Metric {
    return this.flowMetric(FLOW_METRICS.approvalWaitTime, templateId, undefined, {
      statistic: Stats.p(90),
      ...options,
    });
  }

  private flowMetric(
    name: string,
    templateId: string,
    status: string | undefined,
    options: MetricOptions = {},
  ): Metric {
    if (!this.templateIds.includes(templateId)) {
      throw new UnknownTemplateError(templateId, this.templateIds);
    }
    const source = {
      namespace: this.handlers.metricsNamespace,
      service: this.handlers.serviceName,
    };
    return flowMetric(source, name, templateId, status, options);
  }
}
