import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { RemovalPolicy, Validations } from "aws-cdk-lib";
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
import { Construct } from "constructs";
import { type HandlerName, handlerBundling, handlerEntry } from "./handler-bundling.ts";
import { HANDLER_SIZING, type HandlerSize } from "./handler-sizing.ts";
import { powertoolsLayer } from "./powertools-layer.ts";

/** The repository's root: the project the bundles are built from. */
const PROJECT_ROOT = fileURLToPath(new URL("..", import.meta.url));

/** Why no handler's function has a dead-letter queue of its own. */
const SYNCHRONOUS =
  "Invoked synchronously (API Gateway, or a state machine's Task that retries and catches its errors): the caller sees each failure, so there is nothing for a dead-letter queue to keep.";
const DLQ_REASONS: Readonly<Record<HandlerName, string>> = {
  api: SYNCHRONOUS,
  approvals: SYNCHRONOUS,
  plugins: SYNCHRONOUS,
  conditions: SYNCHRONOUS,
  step: SYNCHRONOUS,
  reconciler:
    "Its invoker keeps what fails: the ExecutionStatusRule target has a retry policy and its own dead-letter queue (baton-<env>-reconciler-dlq), and the sweeper settles an instance whose event was lost.",
  reminders:
    "Scheduler retries a failed invocation (its default retry policy); a reminder lost for good is one reminder not sent, while its approval stays pending in the inbox and its links keep working.",
  sweeper:
    "Run every few minutes by SweeperSchedule: a failed run is followed by the next one a few minutes later, which visits the same unsettled instances; a kept event would add nothing.",
  "execution-facts":
    "Invoked by the table stream's event source mapping, whose own on-failure destination (baton-<env>-execution-facts-dlq) keeps a failed batch.",
};

/** Why Node.js 22 rather than the newest runtime. */
const NODE_22 =
  "Node.js 22 on purpose: the runtime the project is built and tested on (package.json engines, the bundles' esbuild target); moving to a newer runtime is a decision of its own.";

/** Properties of a {@link HandlerFunction}. */
export interface HandlerFunctionProps {
  /** Which handler of `lambdas/handlers/` it runs. */
  readonly handler: HandlerName;
  /**
   * The function's name.
   *
   * @example "baton-prod-api"
   */
  readonly functionName: string;
  /**
   * Memory and timeout.
   *
   * @default HANDLER_SIZING[handler]
   */
  readonly size?: HandlerSize;
  /**
   * The function's environment variables.
   *
   * @default {}
   */
  readonly environment?: Readonly<Record<string, string>>;
  /**
   * A file copied into the bundle as `templates.json` (see `stageTemplatesFile`).
   *
   * @default nothing is copied
   */
  readonly templatesFile?: string;
  /**
   * A folder of the pages' built assets copied into the bundle as `page-assets/` (the api's).
   *
   * @default nothing is copied
   */
  readonly pageAssetsFolder?: string;
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
}

/**
 * One handler of `lambdas/handlers/` as a Lambda function: a `NodejsFunction` bundled by the
 * local esbuild with `handlerBundling` (never Docker) and AWS's Powertools layer for the
 * Powertools the bundle leaves out (`powertoolsLayer`), Node.js 22 on arm64, X-Ray tracing
 * active, JSON logs (application INFO, system WARN) into a log group of its own with a
 * retention, no reserved concurrency. Its role holds only Lambda's basic execution policy
 * and X-Ray's until grants are added.
 *
 * @example
 * const { function: reminders } = new HandlerFunction(this, "Reminders", {
 *   handler: "reminders", functionName: "baton-dev-reminders", environment: { TABLE_NAME: "t" },
 * });
 */
export class HandlerFunction extends Construct {
  /** The function. */
  readonly function: NodejsFunction;
  /** Its log group. */
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: HandlerFunctionProps) {
    super(scope, id);
    const { handler } = props;
    const size = props.size ?? HANDLER_SIZING[handler];
    this.logGroup = new LogGroup(this, "Logs", {
      retention: props.logRetention ?? RetentionDays.ONE_MONTH,
      removalPolicy: props.logRemovalPolicy ?? RemovalPolicy.RETAIN,
    });
    this.function = new NodejsFunction(this, "Function", {
      functionName: props.functionName,
      description: `Baton's ${handler} handler (lambdas/handlers/${handler}.ts)`,
      entry: handlerEntry(handler),
      handler: "handler",
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: join(PROJECT_ROOT, "package-lock.json"),
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      tracing: Tracing.ACTIVE,
      memorySize: size.memorySize,
      timeout: size.timeout,
      logGroup: this.logGroup,
      loggingFormat: LoggingFormat.JSON,
      applicationLogLevelV2: ApplicationLogLevel.INFO,
      systemLogLevelV2: SystemLogLevel.WARN,
      bundling: handlerBundling({
        handler,
        ...(props.templatesFile === undefined ? {} : { templatesFile: props.templatesFile }),
        ...(props.pageAssetsFolder === undefined
          ? {}
          : { pageAssetsFolder: props.pageAssetsFolder }),
      }),
      layers: [powertoolsLayer(this)],
      environment: { ...props.environment },
    });
    const findings: Record<string, string> = {
      "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]":
        "AWSLambdaBasicExecutionRole only lets the function write its own logs; Lambda's managed policy is the documented way to grant that.",
      "AwsSolutions-IAM5[Resource::*]":
        "X-Ray's PutTraceSegments and PutTelemetryRecords take no resource, so active tracing needs Resource '*' (the only statement with it).",
      "AwsSolutions-L1": NODE_22,
      "Serverless-LambdaLatestVersion": NODE_22,
      "Serverless-LambdaDLQ": DLQ_REASONS[handler],
    };
    for (const [ruleId, reason] of Object.entries(findings)) {
      Validations.of(this.function).acknowledge({ id: ruleId, reason });
    }
  }
}
