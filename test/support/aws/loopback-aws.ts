import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { ITable } from "aws-cdk-lib/aws-dynamodb";
import type { IEventBus } from "aws-cdk-lib/aws-events";
import type { IFunction } from "aws-cdk-lib/aws-lambda";
import { bindDefinition } from "../../../cdk/definition-substitutions.ts";
import type { DeployedDefinitions } from "../../../cdk/deployed-definitions.ts";
import {
  ENDED_EXECUTION_STATUSES,
  EXECUTION_STATUS_CHANGE,
} from "../../../cdk/execution-status-rule.ts";
import type { FlowResourceNames } from "../../../cdk/flow-resource-names.ts";
import { HANDLER_NAMES, type HandlerName } from "../../../cdk/handler-bundling.ts";
import { PluginResourceNames } from "../../../cdk/plugin-resource-names.ts";
import { createFlowTable } from "../../../lambdas/adapters/dynamodb/create-flow-table.ts";
import type { StateMachine } from "../../../lambdas/core/compiler/asl.ts";
import { compileTemplate } from "../../../lambdas/core/compiler/compile-template.ts";
import { TABLE_STREAM_FILTERS } from "../../../lambdas/core/contract/table-stream-filters.ts";
import { subscriptionPattern } from "../../../lambdas/core/events/subscription-pattern.ts";
import type { DeployedFunctions, DeployedVariable } from "../deployed-handler-environments.ts";
import type { HandlerBundles } from "../handler-bundles.ts";
import { localDynamoDbClient } from "../local-dynamodb.ts";
import { BundledFunction, type FunctionErrorEnvelope } from "./bundled-function.ts";
import { EventBridgeService, type EventRule } from "./eventbridge-service.ts";
import { type InvocableFunction, LambdaService } from "./lambda-service.ts";
import { functionArn, LOOPBACK_ACCOUNT, LOOPBACK_REGION } from "./loopback-account.ts";
import { SchedulerService } from "./scheduler-service.ts";
import { SecretsManagerService } from "./secrets-manager-service.ts";
import { SqsService } from "./sqs-service.ts";
import { StepFunctionsService } from "./step-functions-service.ts";
import { TableStreamMapping } from "./table-stream-mapping.ts";

/** What a loopback deployment is made of. */
export interface LoopbackAwsOptions {
  /** The definitions deployed: a state machine per template version, a rule per subscription. */
  definitions: DeployedDefinitions;
  bundles: HandlerBundles;
  /** The functions as `FlowHandlers` declares them: their names and environments. */
  deployed: DeployedFunctions;
  /**
   * The endpoint of DynamoDB Local run with `-sharedDb` (the functions sign with keys of their
   * own); the deployment's table is created on it, its stream on.
   */
  dynamoDbEndpoint: string;
  /** The plugins' own functions, named as the deployment's `PLUGIN_FUNCTIONS` names them. */
  pluginFunctions: readonly InvocableFunction[];
  /**
   * The secrets, by the variable that holds one plainly (`BATON_CALLBACK_KEY`, `BATON_LINK_KEY`,
   * `BATON_AUDIT_KEY`, …): each is kept in the loopback Secrets Manager, and a function whose
   * deployment names a secret (`…_SECRET_ARN`) gets its loopback ARN, so it reads the secret at
   * init as it does on AWS.
   */
  keys: Readonly<Record<string, string>>;
  /** More variables every function gets, such as `POWERTOOLS_LOG_LEVEL`. @default {} */
  extraEnvironment?: Readonly<Record<string, string>>;
  /**
   * How many times the table stream's mapping tries a failing batch again before its record is
   * a dead letter (`ExecutionFactsSource`'s `retryAttempts`). @default 10
   */
  tableStreamRetries?: number;
}

/** A deployment of the bundles on the loopback services, until stopped. */
export interface LoopbackAws {
  names: FlowResourceNames;
  tableName: string;
  /** How long each function's bundle took to load in its worker (all loading at once). */
  initMs: Record<HandlerName, number>;
  functions: Record<HandlerName, BundledFunction>;
  lambda: LambdaService;
  events: EventBridgeService;
  sfn: StepFunctionsService;
  scheduler: SchedulerService;
  /** The table's stream feeding the execution-facts function; `deadLetters` the records it gave up on. */
  tableStream: TableStreamMapping;
  /**
   * SQS with the execution facts' dead-letter queue, `baton-<env>-execution-facts-dlq`, where
   * the table stream's mapping sends Lambda's on-failure record of each batch it gave up on.
   */
  sqs: SqsService;
  /** That queue's ARN and URL (on the loopback SQS's endpoint). */
  executionFactsDlq: { arn: string; url: string };
  /** The secrets of `keys`, by their loopback ARNs; `reads` counts the functions' reads. */
  secrets: SecretsManagerService;
  /**
   * Resolves once no event is being delivered and the table's stream is drained, with the
   * errors of asynchronous invocations and of the stream's.
   */
  settled(): Promise<FunctionErrorEnvelope[]>;
  stop(): Promise<void>;
}

const CREDENTIALS = { accessKeyId: "loopback", secretAccessKey: "loopback" };
/**
 * The most rounds `settled` waits through while each starts more work (an invocation of the
 * stream's function, an event put) than the one before it finished.
 */
const SETTLE_ROUNDS = 10;

/**
 * A function's environment from the one its deployment declares: a plain value as it is, a
 * value CloudFormation resolves (a `Ref`, an ARN) as the loopback deployment resolves it, a
 * secret's ARN (`X_SECRET_ARN`) as the loopback Secrets Manager's ARN of `X`. A variable the
 * harness cannot resolve is refused, naming it.
 */
function functionEnvironment(
  declared: Readonly<Record<string, DeployedVariable>>,
  resolved: Readonly<Record<string, string>>,
): Record<string, string> {
  const environment: Record<string, string> = {};
  for (const [name, value] of Object.entries(declared)) {
    const given = typeof value === "string" ? value : resolved[name];
    if (given === undefined) throw new Error(`the loopback deployment cannot resolve ${name}`);
    environment[name] = given;
  }
  return environment;
}

/**
 * The deployment's `DefinitionSubstitutions` of a compiled definition (the binding the CDK stack
 * gives it: functions by ARN, the table by name, the bus by ARN), applied as CloudFormation
 * applies them.
 */
function deployedDefinition(
  name: string,
  definition: StateMachine,
  resources: { functions: Record<HandlerName, string>; table: string; bus: string },
): StateMachine {
  const text = JSON.stringify(definition);
  const fn = (handler: HandlerName) => ({ functionArn: resources.functions[handler] }) as IFunction;
  const { substitutions } = bindDefinition(name, text, {
    approvalsFunction: fn("approvals"),
    pluginsFunction: fn("plugins"),
    conditionsFunction: fn("conditions"),
    stepFunction: fn("step"),
    table: { tableName: resources.table } as ITable,
    bus: { eventBusArn: resources.bus } as IEventBus,
  });
  return JSON.parse(
    text.replace(/\$\{(Baton[A-Za-z0-9]*)\}/g, (whole, key: string) => substitutions[key] ?? whole),
  ) as StateMachine;
}

/**
 * Deploys the handler bundles on the loopback services as the CDK stack deploys them on AWS:
 * - a function per handler: its bundle in a worker of its own, with the environment
 *   `FlowHandlers` declares for it (see `functionEnvironment`), every SDK client pointed at
 *   loopback with `AWS_ENDPOINT_URL_<SERVICE>`, Powertools' tracer off (no X-Ray daemon);
 * - the table on DynamoDB Local, with its stream;
 * - a state machine per template version, compiled and substituted, started through `live`;
 * - the bus with a rule per plugin subscription, named `<plugin>#<index>` as the local bus
 *   names them (the `log` and url-less `notifier` targets of `definitions/plugins.yaml` are
 *   CloudWatch Logs groups on AWS: here the matched events are kept in `events.matched`);
 * - the reconciler's rule on the default bus, feeding the reconciler function;
 * - the table's stream feeding the execution-facts function through the filters of its event
 *   source mapping (`TABLE_STREAM_FILTERS`), as `TableStreamMapping` polls it, its dead
 *   letters sent to the execution facts' dead-letter queue on the loopback SQS;
 * - the API function invoked through its `live` alias by the functions that relay verdicts;
 * - the schedule group for reminders.
 *
 * Resolves once every bundle is loaded.
 *
 * @example
 * const aws = await startLoopbackAws({ definitions, bundles, deployed, dynamoDbEndpoint, pluginFunctions, keys });
 * await aws.functions.api.invoke(httpApiEvent);
 */
export async function startLoopbackAws(options: LoopbackAwsOptions): Promise<LoopbackAws> {
  const { names } = options.deployed;
  const tableName = names.prefix;
  await createFlowTable(localDynamoDbClient(options.dynamoDbEndpoint), tableName, {
    stream: true,
  });
  const busArn = `arn:aws:events:${LOOPBACK_REGION}:${LOOPBACK_ACCOUNT}:event-bus/${names.bus}`;
  const functionArns = Object.fromEntries(
    HANDLER_NAMES.map((name) => [name, functionArn(names.handlerFunction(name))]),
  ) as Record<HandlerName, string>;
  const machines = options.definitions.templates.map((template) => {
    const name = names.stateMachine(template);
    return {
      template,
      name,
      definition: deployedDefinition(name, compileTemplate(template), {
        functions: functionArns,
        table: tableName,
        bus: busArn,
      }),
    };
  });
  const reminderGroup = `${names.prefix}-reminders`;
  const functions = {} as Record<HandlerName, BundledFunction>;
  const lambda = await LambdaService.start([]);
  const rules: EventRule[] = [
    {
      name: `${names.prefix}-reconciler`,
      bus: "default",
      pattern: {
        source: ["aws.states"],
        "detail-type": [EXECUTION_STATUS_CHANGE],
        detail: {
          stateMachineArn: [{ prefix: `${StepFunctionsService.machineArn(names.prefix)}-` }],
          status: [...ENDED_EXECUTION_STATUSES],
        },
      },
      target: (event) => lambda.invokeLater(functionArns.reconciler, event),
    },
    ...options.definitions.plugins.flatMap((plugin) =>
      (plugin.subscriptions ?? []).map((subscription, index) => ({
        name: `${plugin.name}#${index}`,
        bus: names.bus,
        pattern: subscriptionPattern(subscription),
        target: () => undefined,
      })),
    ),
  ];
  const events = await EventBridgeService.start([names.bus], rules);
  const scheduler = await SchedulerService.start([reminderGroup], lambda);
  const dlqName = new PluginResourceNames(names).engineDeadLetterQueue("execution-facts");
  const dlqArn = `arn:aws:sqs:${LOOPBACK_REGION}:${LOOPBACK_ACCOUNT}:${dlqName}`;
  const sqs = await SqsService.start([dlqArn]);
  const executionFactsDlq = {
    arn: dlqArn,
    url: `${sqs.endpoint}/${LOOPBACK_ACCOUNT}/${dlqName}`,
  };
  const dynamoDb = new DynamoDBClient({
    endpoint: options.dynamoDbEndpoint,
    region: LOOPBACK_REGION,
    credentials: CREDENTIALS,
  });
  const sfn = await StepFunctionsService.start(machines, { lambda, events, dynamoDb });

  // The variable naming a secret: `X_SECRET_ARN`, or `X_ARN` for `X_SECRET` (OIDC_CLIENT_SECRET).
  const arnVariable = (name: string) => `${name.replace(/_SECRET$/, "")}_SECRET_ARN`;
  const secretArns = Object.fromEntries(
    Object.keys(options.keys).map((name) => [
      arnVariable(name),
      `arn:aws:secretsmanager:${LOOPBACK_REGION}:${LOOPBACK_ACCOUNT}:secret:${names.prefix}-${name}`,
    ]),
  );
  const secrets = await SecretsManagerService.start(
    Object.fromEntries(
      Object.entries(options.keys).map(([name, value]) => [secretArns[arnVariable(name)], value]),
    ),
  );
  const resolved: Record<string, string> = {
    ...secretArns,
    TABLE_NAME: tableName,
    BUS_NAME: names.bus,
    STATE_MACHINE_ARN_PREFIX: StepFunctionsService.machineArn(names.prefix),
    REMINDER_GROUP: reminderGroup,
    REMINDERS_FUNCTION_ARN: functionArns.reminders,
    VERDICT_FUNCTION_ARN: functionArns.api,
    REMINDER_ROLE_ARN: `arn:aws:iam::${LOOPBACK_ACCOUNT}:role/${names.prefix}-scheduler`,
  };
  const runtime: Record<string, string> = {
    ...options.extraEnvironment,
    AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
    AWS_ENDPOINT_URL_DYNAMODB: options.dynamoDbEndpoint,
    AWS_ENDPOINT_URL_SFN: sfn.endpoint,
    AWS_ENDPOINT_URL_EVENTBRIDGE: events.endpoint,
    AWS_ENDPOINT_URL_LAMBDA: lambda.endpoint,
    AWS_ENDPOINT_URL_SCHEDULER: scheduler.endpoint,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.endpoint,
    POWERTOOLS_TRACE_ENABLED: "false",
  };
  for (const name of HANDLER_NAMES) {
    functions[name] = new BundledFunction(
      names.handlerFunction(name),
      options.bundles.folders[name],
      {
        ...functionEnvironment(options.deployed.environment[name], resolved),
        ...runtime,
      },
    );
  }
  lambda.register([...Object.values(functions), ...options.pluginFunctions]);
  const initMs = Object.fromEntries(
    await Promise.all(
      HANDLER_NAMES.map(async (name) => [name, await functions[name].ready] as const),
    ),
  ) as Record<HandlerName, number>;
  const tableStream = await TableStreamMapping.start({
    endpoint: options.dynamoDbEndpoint,
    tableName,
    filters: Object.values(TABLE_STREAM_FILTERS),
    invoke: (event) => lambda.invoke(functionArns["execution-facts"], event),
    ...(options.tableStreamRetries === undefined
      ? {}
      : { retryAttempts: options.tableStreamRetries }),
    onFailure: {
      sqsEndpoint: sqs.endpoint,
      queueUrl: executionFactsDlq.url,
      functionArn: functionArns["execution-facts"],
    },
  });

  return {
    names,
    tableName,
    initMs,
    functions,
    lambda,
    events,
    sfn,
    scheduler,
    tableStream,
    sqs,
    executionFactsDlq,
    secrets,
    settled: async () => {
      const errors: FunctionErrorEnvelope[] = [];
      let work = -1;
      for (let round = 0; round < SETTLE_ROUNDS; round += 1) {
        errors.push(...(await tableStream.settled()));
        await events.settled();
        errors.push(...(await lambda.settled()));
        const started = tableStream.invocations + events.received.length;
        if (round > 0 && started === work) break;
        work = started;
      }
      return errors;
    },
    stop: async () => {
      await tableStream.stop();
      await sfn.stop();
      await Promise.all([
        events.stop(),
        scheduler.stop(),
        secrets.stop(),
        lambda.stop(),
        sqs.stop(),
      ]);
      await Promise.all(Object.values(functions).map((fn) => fn.stop()));
      dynamoDb.destroy();
    },
  };
}
