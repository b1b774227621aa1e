import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Duration, RemovalPolicy, Validations } from "aws-cdk-lib";
import {
  ApplicationLogLevel,
  Architecture,
  LoggingFormat,
  Runtime,
  SystemLogLevel,
  Tracing,
} from "aws-cdk-lib/aws-lambda";
import { NodejsFunction } from "aws-cdk-lib/aws-lambda-nodejs";
import { LogGroup, RetentionDays } from "aws-cdk-lib/aws-logs";
import type { IQueue } from "aws-cdk-lib/aws-sqs";
import type { Construct } from "constructs";
import { type HandlerBundlingProps, handlerBundling } from "./handler-bundling.ts";
import { powertoolsLayer } from "./powertools-layer.ts";

/** The repository's root: the project the bundles are built from. */
const PROJECT_ROOT = fileURLToPath(new URL("..", import.meta.url));

/** Why Node.js 22 rather than the newest runtime. */
const NODE_22 =
  "Node.js 22 on purpose: the runtime the project is built and tested on (package.json engines, the bundles' esbuild target); moving to a newer runtime is a decision of its own.";

/** Where a function's failed asynchronous invocations go, or why it needs no such queue. */
export type EngineFunctionDeadLetters =
  | {
      /** The queue its failed asynchronous invocations go to, after Lambda's two retries. */
      readonly queue: IQueue;
    }
  | {
      /** Why it has none (cdk-nag's `Serverless-LambdaDLQ` is acknowledged with it). */
      readonly noneBecause: string;
    };

/** Properties of {@link engineFunction}. */
export interface EngineFunctionProps {
  /**
   * The function's name.
   *
   * @example "baton-prod-api"
   */
  readonly functionName: string;
  /** What it is, for the console. */
  readonly description: string;
  /** Its entry file, an absolute path; it exports `handler`. */
  readonly entry: string;
  /** Its memory, in MB. */
  readonly memorySize: number;
  /** One invocation's limit. */
  readonly timeout: Duration;
  /** Its dead-letter queue, or why it has none. */
  readonly deadLetters: EngineFunctionDeadLetters;
  /**
   * What `handlerBundling` injects and copies into the bundle.
   *
   * @default nothing is injected or copied
   */
  readonly bundling?: HandlerBundlingProps;
  /**
   * The function's environment variables.
   *
   * @default {}
   */
  readonly environment?: Readonly<Record<string, string>>;
  /**
   * How long the function's logs are kept.
   *
   * @default RetentionDays.ONE_MONTH
   */
  readonly logRetention?: RetentionDays;
  /**
   * What happens to the log group when it leaves the stack.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly logRemovalPolicy?: RemovalPolicy;
  /**
   * The construct id of its log group, in the same scope.
   *
   * @default `${id}Logs`
   */
  readonly logGroupId?: string;
}

/**
 * A Lambda function of the engine's own code, as every one is deployed (the handlers'
 * `HandlerFunction`, the notifiers' `NotifierFunctions`): a `NodejsFunction` in `scope` bundled
 * by the local esbuild with `handlerBundling` (never Docker) and AWS's Powertools layer for the
 * Powertools the bundle leaves out (`powertoolsLayer`), Node.js 22 on arm64, X-Ray tracing
 * active, JSON logs (application INFO, system WARN) into a log group of its own with a
 * retention, kept on delete by default; no reserved concurrency. Its role holds only Lambda's
 * basic execution policy and X-Ray's (and `SendMessage` to its dead-letter queue) until grants
 * are added; the cdk-nag findings that follow from these are acknowledged with their reasons.
 *
 * @example
 * const { function: fn } = engineFunction(this, "chat", {
 *   functionName: "baton-dev-plugin-chat", description: "…", entry: NOTIFIER_ENTRY,
 *   memorySize: 256, timeout: Duration.seconds(60), deadLetters: { queue },
 * });
 */
export function engineFunction(
  scope: Construct,
  id: string,
  props: EngineFunctionProps,
): { function: NodejsFunction; logGroup: LogGroup } {
  const logGroup = new LogGroup(scope, props.logGroupId ?? `${id}Logs`, {
    retention: props.logRetention ?? RetentionDays.ONE_MONTH,
    removalPolicy: props.logRemovalPolicy ?? RemovalPolicy.RETAIN,
  });
  const { deadLetters } = props;
  const fn = new NodejsFunction(scope, id, {
    functionName: props.functionName,
    description: props.description,
    entry: props.entry,
    handler: "handler",
    projectRoot: PROJECT_ROOT,
    depsLockFilePath: join(PROJECT_ROOT, "package-lock.json"),
    runtime: Runtime.NODEJS_22_X,
    architecture: Architecture.ARM_64,
    tracing: Tracing.ACTIVE,
    memorySize: props.memorySize,
    timeout: props.timeout,
    logGroup,
    loggingFormat: LoggingFormat.JSON,
    applicationLogLevelV2: ApplicationLogLevel.INFO,
    systemLogLevelV2: SystemLogLevel.WARN,
    bundling: handlerBundling(props.bundling),
    layers: [powertoolsLayer(scope, `${id}PowertoolsLayer`)],
    ...("queue" in deadLetters ? { deadLetterQueue: deadLetters.queue } : {}),
    environment: { ...props.environment },
  });
  const findings: Record<string, string> = {
    "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]":
      "AWSLambdaBasicExecutionRole only lets the function write its own logs; Lambda's managed policy is the documented way to grant that.",
    "AwsSolutions-IAM5[Resource::*]":
      "X-Ray's PutTraceSegments and PutTelemetryRecords take no resource, so active tracing needs Resource '*' (the only statement with it).",
    "AwsSolutions-L1": NODE_22,
    "Serverless-LambdaLatestVersion": NODE_22,
    ...("noneBecause" in deadLetters ? { "Serverless-LambdaDLQ": deadLetters.noneBecause } : {}),
  };
  for (const [ruleId, reason] of Object.entries(findings)) {
    Validations.of(fn).acknowledge({ id: ruleId, reason });
  }
  return { function: fn, logGroup };
}
