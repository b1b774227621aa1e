import type { Metric } from "aws-cdk-lib/aws-cloudwatch";
import type { ITable } from "aws-cdk-lib/aws-dynamodb";
import type { IEventBus, Rule } from "aws-cdk-lib/aws-events";
import type { IGrantable } from "aws-cdk-lib/aws-iam";
import type { IFunction, LayerVersion } from "aws-cdk-lib/aws-lambda";
import { RetentionDays } from "aws-cdk-lib/aws-logs";
import type { ISecret } from "aws-cdk-lib/aws-secretsmanager";
import { Construct } from "constructs";
import type { PluginDeclaration } from "../lambdas/core/plugins/plugin-declaration.ts";
import type { DeadLetterQueue } from "./dead-letter-queue.ts";
import { ExecutionFactsSource } from "./execution-facts-source.ts";
import { ExecutionStatusRule } from "./execution-status-rule.ts";
import type { FlowResourceNames } from "./flow-resource-names.ts";
import { NotifierFunctions, postingNotifiers } from "./notifier-functions.ts";
import { PluginDeadLetterQueues } from "./plugin-dead-letter-queues.ts";
import { PluginDeploymentError } from "./plugin-deployment-error.ts";
import { PluginSubscriptions } from "./plugin-subscriptions.ts";
import { SweeperSchedule } from "./sweeper-schedule.ts";
import type { TargetRetry } from "./target-retry.ts";
import { UserPluginFunctions } from "./user-plugin-functions.ts";

/** Properties of {@link FlowEvents}. */
export interface FlowEventsProps {
  /** The flow bus (`FlowBus.bus`). */
  readonly bus: IEventBus;

  /** The environment's names. */
  readonly names: FlowResourceNames;

  /** The declarations of `plugins.yaml` (`loadDeployedDefinitions(…).plugins`). */
  readonly plugins: readonly PluginDeclaration[];

  /** The reconciler function, fed Step Functions' status changes. */
  readonly reconciler: IFunction;

  /** The sweeper function, run on a schedule. */
  readonly sweeper: IFunction;

  /** The execution-facts function, fed the table's stream. */
  readonly executionFacts: IFunction;

  /** The flow table, with its stream on (`FlowStore` with `stream: true`). */
  readonly table: ITable;

  /**
   * How long the plugins' log groups (user plugin functions, `log` and `notifier` plugins) keep
   * their lines.
   *
   * @default RetentionDays.ONE_MONTH
   */
  readonly logRetention?: RetentionDays;

  /**
   * How EventBridge retries every rule target before an event is a dead letter.
   *
   * @default DEFAULT_TARGET_RETRY (24 hours, 185 retries)
   */
  readonly retry?: TargetRetry;

  /**
   * The secret of the installation's callback key, readable by the user plugins' functions
   * (`BATON_CALLBACK_KEY_SECRET_ARN`).
   *
   * @default none
   */
  readonly callbackKey?: ISecret;

  /**
   * The secret of the installation's link key (`FlowSigningKeys.linkKey`): the notifier
   * functions sign approval links with it (`BATON_LINK_KEY_SECRET_ARN`).
   *
   * @default none: a `notifier` plugin with a `url` is then refused
   */
  readonly linkKey?: ISecret;

  /**
   * Where approval links point, the handlers' `PUBLIC_URL` (`FlowApi.url`), for the notifier
   * functions.
   *
   * @default none: a `notifier` plugin with a `url` is then refused
   * @example "https://baton.example.com"
   */
  readonly publicUrl?: string;

  /**
   * The folder the user plugins' handler paths are relative to.
   *
   * @default process.cwd()
   */
  readonly root?: string;
}

/**
 * Everything that delivers events in one environment, outside the state machines: a
 * dead-letter queue per plugin with subscriptions (`PluginDeadLetterQueues`), the user plugins'
 * functions (`UserPluginFunctions`), a function per `notifier` plugin with a `url`
 * (`NotifierFunctions`, given the link key and the public URL), a rule per plugin subscription
 * on the flow bus with a
 * retry policy and its plugin's queue (`PluginSubscriptions`), the rule on
 * Step Functions' status changes feeding the reconciler (`ExecutionStatusRule`), the sweeper's
 * schedule (`SweeperSchedule`) and the table's stream feeding the execution facts
 * (`ExecutionFactsSource`).
 *
 * @example
 * const events = new FlowEvents(this, "Events", {
 *   bus: flowBus.bus, names, plugins: definitions.plugins, table: store.table,
 *   reconciler, sweeper, executionFacts, logRetention: settings.logRetention,
 *   linkKey: handlers.signingKeys.linkKey, publicUrl: api.url,
 * });
 * events.grantInvokePlugins(pluginsHandler);
 */
export class FlowEvents extends Construct {
  /** The plugins' dead-letter queues, one per plugin with subscriptions. */
  readonly pluginDeadLetters: PluginDeadLetterQueues;
  /** The user plugins' functions and the Python SDK layer. */
  readonly userPlugins: UserPluginFunctions;
  /** The functions of the `notifier` plugins with a `url`; undefined when there is none. */
  readonly notifiers: NotifierFunctions | undefined;
  /** The subscriptions' rules, queues, webhooks and log groups. */
  readonly subscriptions: PluginSubscriptions;
  /** The reconciler's rule. */
  readonly executionStatus: ExecutionStatusRule;
  /** The sweeper's schedule. */
  readonly sweeperSchedule: SweeperSchedule;
  /** The execution facts' stream source. */
  readonly executionFactsSource: ExecutionFactsSource;

  constructor(scope: Construct, id: string, props: FlowEventsProps) {
    super(scope, id);
    const { names } = props;
    const logRetention = props.logRetention ?? RetentionDays.ONE_MONTH;
    this.pluginDeadLetters = new PluginDeadLetterQueues(this, "PluginDeadLetters", {
      names,
      plugins: props.plugins,
    });
    this.userPlugins = new UserPluginFunctions(this, "UserPlugins", {
      names,
      plugins: props.plugins,
      deadLetterQueues: this.pluginDeadLetters.queues,
      logRetention,
      ...(props.callbackKey ? { callbackKey: props.callbackKey } : {}),
      ...(props.root === undefined ? {} : { root: props.root }),
    });
    this.notifiers = this.#notifierFunctions(props, logRetention);
    this.subscriptions = new PluginSubscriptions(this, "Subscriptions", {
      bus: props.bus,
      names,
      plugins: props.plugins,
      deadLetterQueues: this.pluginDeadLetters,
      userPluginFunctions: this.userPlugins.functions,
      notifierFunctions: this.notifierFunctions,
      logRetention,
      ...(props.retry ? { retry: props.retry } : {}),
    });
    this.executionStatus = new ExecutionStatusRule(this, "ExecutionStatus", {
      names,
      reconciler: props.reconciler,
      ...(props.retry ? { retry: props.retry } : {}),
    });
    this.sweeperSchedule = new SweeperSchedule(this, "Sweeper", {
      names,
      sweeper: props.sweeper,
    });
    this.executionFactsSource = new ExecutionFactsSource(this, "ExecutionFacts", {
      names,
      table: props.table,
      executionFacts: props.executionFacts,
    });
  }

  /**
   * The notifier functions, when a `notifier` plugin has a `url`: one with a url but without
   * the link key or the public URL is refused, naming the plugin.
   */
  #notifierFunctions(
    props: FlowEventsProps,
    logRetention: RetentionDays,
  ): NotifierFunctions | undefined {
    const [first] = postingNotifiers(props.plugins);
    if (!first) return undefined;
    const { linkKey, publicUrl } = props;
    if (linkKey === undefined || publicUrl === undefined) {
      throw new PluginDeploymentError(
        first.name,
        "a notifier with a url needs the link key and the public URL (FlowEvents' linkKey and publicUrl)",
      );
    }
    return new NotifierFunctions(this, "Notifiers", {
      names: props.names,
      plugins: props.plugins,
      linkKey,
      publicUrl,
      deadLetterQueues: this.pluginDeadLetters.queues,
      logRetention,
    });
  }

  /** Every rule: the subscriptions' (by `<plugin>#<index>`) and the reconciler's (`reconciler`). */
  get rules(): ReadonlyMap<string, Rule> {
    return new Map([...this.subscriptions.rules, ["reconciler", this.executionStatus.rule]]);
  }

  /** Every dead-letter queue: the plugins' (by plugin name), `reconciler`, `execution-facts`. */
  get deadLetterQueues(): ReadonlyMap<string, DeadLetterQueue> {
    return new Map([
      ...this.pluginDeadLetters.queues,
      ["reconciler", this.executionStatus.deadLetterQueue],
      ["execution-facts", this.executionFactsSource.deadLetterQueue],
    ]);
  }

  /** The user plugins' functions by plugin name (`PLUGIN_FUNCTIONS` is {@link pluginFunctionNames}). */
  get pluginFunctions(): ReadonlyMap<string, IFunction> {
    return this.userPlugins.functions;
  }

  /** The notifier functions by plugin name: one per `notifier` plugin with a `url`. */
  get notifierFunctions(): ReadonlyMap<string, IFunction> {
    return this.notifiers?.functions ?? new Map();
  }

  /** The plugin SDK layer for Python plugins; undefined when none is declared. */
  get pythonSdkLayer(): LayerVersion | undefined {
    return this.userPlugins.pythonSdkLayer;
  }

  /**
   * The handlers' `PLUGIN_FUNCTIONS`: each user plugin's function name, by plugin name (as
   * tokens; `PluginResourceNames.userPluginFunctions` gives the same names as plain strings
   * before `FlowEvents` exists).
   *
   * @example
   * environment: { PLUGIN_FUNCTIONS: JSON.stringify(events.pluginFunctionNames()) }
   */
  pluginFunctionNames(): Record<string, string> {
    return this.userPlugins.functionNames();
  }

  /**
   * Lets a grantee (the plugins handler) invoke every user plugin's function.
   *
   * @example
   * events.grantInvokePlugins(handlers.functions.plugins);
   */
  grantInvokePlugins(grantee: IGrantable): void {
    this.userPlugins.grantInvoke(grantee);
  }

  /**
   * The dead letters waiting in each queue (its visible messages, maximum per minute),
   * labelled with what the queue holds: one metric per queue, for the dashboard and alarms.
   *
   * @example
   * new GraphWidget({ title: "Dead letters", left: events.metricDeadLetters() });
   */
  metricDeadLetters(): Metric[] {
    return [...this.deadLetterQueues.values()].map((queue) => queue.metricDepth());
  }
}
