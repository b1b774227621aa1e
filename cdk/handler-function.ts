import type { RemovalPolicy } from "aws-cdk-lib";
import type { NodejsFunction } from "aws-cdk-lib/aws-lambda-nodejs";
import type { LogGroup, RetentionDays } from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";
import type { Template } from "../lambdas/core/model/template.ts";
import { engineFunction } from "./engine-function.ts";
import { type HandlerName, handlerEntry } from "./handler-bundling.ts";
import { HANDLER_SIZING, type HandlerSize } from "./handler-sizing.ts";
import { stageTemplatesFile } from "./templates-file.ts";

/** Why no handler's function has a dead-letter queue of its own. */
const SYNCHRONOUS =
  "Invoked synchronously (API Gateway, or a state machine's Task that retries and catches its errors): the caller sees each failure, so there is nothing for a dead-letter queue to keep.";
const DLQ_REASONS: Readonly<Record<HandlerName, string>> = {
  api: SYNCHRONOUS,
  pages: SYNCHRONOUS,
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
   * The template versions deployed with the function: shipped in the bundle as
   * `templates.json` (`stageTemplatesFile`), and their input and form schemas compiled into the
   * bundle of a handler that checks them (`handlerInject`) — both from this one list, so the
   * file and the compiled validators cannot part.
   *
   * @default none: no `templates.json`, the request schemas only
   */
  readonly templates?: readonly Template[];
  /**
   * A folder of the pages' built assets copied into the bundle as `page-assets/` (the pages function's).
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
 * One handler of `lambdas/handlers/` as a Lambda function, deployed as every function of the
 * engine's code is (`engineFunction`: local-esbuild bundle with `handlerBundling`, the
 * Powertools layer, Node.js 22 on arm64, X-Ray tracing active, JSON logs into a log group of
 * its own with a retention), sized by `HANDLER_SIZING`, with no dead-letter queue (each
 * handler's reason is acknowledged to cdk-nag). Its role holds only Lambda's basic execution
 * policy and X-Ray's until grants are added.
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
    const templatesFile =
      props.templates === undefined ? undefined : stageTemplatesFile(this, props.templates);
    const built = engineFunction(this, "Function", {
      functionName: props.functionName,
      description: `Baton's ${handler} handler (lambdas/handlers/${handler}.ts)`,
      entry: handlerEntry(handler),
      memorySize: size.memorySize,
      timeout: size.timeout,
      deadLetters: { noneBecause: DLQ_REASONS[handler] },
      bundling: {
        handler,
        // Staged only where the stack is bundled; nothing to compile where it is not
        ...(templatesFile === undefined ? {} : { templatesFile, templates: props.templates }),
        ...(props.pageAssetsFolder === undefined
          ? {}
          : { pageAssetsFolder: props.pageAssetsFolder }),
      },
      ...(props.environment === undefined ? {} : { environment: props.environment }),
      ...(props.logRetention === undefined ? {} : { logRetention: props.logRetention }),
      ...(props.logRemovalPolicy === undefined ? {} : { logRemovalPolicy: props.logRemovalPolicy }),
      logGroupId: "Logs",
    });
    this.function = built.function;
    this.logGroup = built.logGroup;
  }
}
