import { existsSync, statSync } from "node:fs";
import { basename, dirname, extname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Duration, Validations } from "aws-cdk-lib";
import { Grant, type IGrantable } from "aws-cdk-lib/aws-iam";
import {
  Architecture,
  Code,
  Function as LambdaFunction,
  LayerVersion,
  Runtime,
  Tracing,
} from "aws-cdk-lib/aws-lambda";
import { NodejsFunction } from "aws-cdk-lib/aws-lambda-nodejs";
import { LogGroup, RetentionDays } from "aws-cdk-lib/aws-logs";
import type { ISecret } from "aws-cdk-lib/aws-secretsmanager";
import { Construct } from "constructs";
import type {
  PluginDeclaration,
  UserPluginDeclaration,
} from "../lambdas/core/plugins/plugin-declaration.ts";
import type { DeadLetterQueue } from "./dead-letter-queue.ts";
import type { FlowResourceNames } from "./flow-resource-names.ts";
import { handlerBundling } from "./handler-bundling.ts";
import { PluginDeploymentError } from "./plugin-deployment-error.ts";
import { PluginResourceNames } from "./plugin-resource-names.ts";

/** The extensions a handler file of each user plugin kind may have (docs/plugins.md). */
const HANDLER_EXTENSIONS = {
  node: [".ts", ".mts", ".js", ".mjs"],
  python: [".py"],
} as const;

/** The Python SDK as a Lambda layer: this repository's `layers/python`, wherever the app runs. */
const PYTHON_SDK_LAYER = fileURLToPath(new URL("../layers/python", import.meta.url));

/** Python files Lambda never needs. */
const PYTHON_ASSET_EXCLUDES = ["__pycache__", "*.pyc"];

/** Properties of {@link UserPluginFunctions}. */
export interface UserPluginFunctionsProps {
  /** The environment's names; each function is `baton-<env>-plugin-<name>`. */
  readonly names: FlowResourceNames;

  /**
   * The declarations of `plugins.yaml`; the `node` and `python` ones become functions, the
   * others are left to `PluginSubscriptions`.
   */
  readonly plugins: readonly PluginDeclaration[];

  /**
   * The folder handler paths are relative to (the repository), as for `baton dev`.
   *
   * @default process.cwd()
   * @example "/home/me/baton"
   */
  readonly root?: string;

  /**
   * The dead-letter queue of each user plugin with subscriptions, by plugin name
   * (`PluginDeadLetterQueues.queues`): where an event goes that its function failed on, after
   * Lambda's two retries of the asynchronous invocation EventBridge made.
   *
   * @default none: functions without a dead-letter queue
   */
  readonly deadLetterQueues?: ReadonlyMap<string, DeadLetterQueue>;

  /**
   * How long the functions' logs are kept.
   *
   * @default RetentionDays.ONE_MONTH
   */
  readonly logRetention?: RetentionDays;

  /**
   * The secret holding the installation's callback key: each function may read it, and gets
   * its ARN in `BATON_CALLBACK_KEY_SECRET_ARN`.
   *
   * @default no callback key (plugins of `sync` tasks only)
   */
  readonly callbackKey?: ISecret;

  /**
   * One invocation's limit, as the embedded engine's runner's default.
   *
   * @default Duration.seconds(30)
   */
  readonly timeout?: Duration;

  /**
   * Each function's memory.
   *
   * @default 256 (MB)
   */
  readonly memorySize?: number;
}

/**
 * The user plugins of `plugins.yaml` as Lambda functions, built from the repository's own
 * handler files (`plugins/…`), arm64, X-Ray tracing on, a log group each:
 *
 * - a `node` plugin is a `NodejsFunction` bundled by the local esbuild with the handlers'
 *   options (`handlerBundling`): the Node SDK (`layers/node/baton-sdk/`) comes in through its
 *   relative import, so it needs no layer;
 * - a `python` plugin is a `python3.12` function whose code is the handler's folder, with the
 *   Python SDK as a layer (`layers/python`, whose `python/` folder Lambda puts on `sys.path`).
 *
 * The functions serve the task nodes that name them (the plugins handler invokes them through
 * `PLUGIN_FUNCTIONS`, fed from {@link functionNames}) and are the targets of their
 * subscriptions (`PluginSubscriptions`). Throws {@link PluginDeploymentError} at synth for a
 * handler file that is missing or has the wrong extension, or a Python handler directly in the
 * root (whose whole folder would become its code).
 *
 * @example
 * const userPlugins = new UserPluginFunctions(this, "UserPlugins", { names, plugins: definitions.plugins });
 * userPlugins.grantInvoke(pluginsHandler);
 */
export class UserPluginFunctions extends Construct {
  /** Each user plugin's function, by plugin name. */
  readonly functions: ReadonlyMap<string, LambdaFunction>;
  /** The Python SDK layer (`layers/python`); present when a `python` plugin is declared. */
  readonly pythonSdkLayer?: LayerVersion;

  constructor(scope: Construct, id: string, props: UserPluginFunctionsProps) {
    super(scope, id);
    const root = props.root ?? process.cwd();
    const pluginNames = new PluginResourceNames(props.names);
    const declared = props.plugins.filter(
      (plugin): plugin is UserPluginDeclaration =>
        plugin.kind === "node" || plugin.kind === "python",
    );
    if (declared.some((plugin) => plugin.kind === "python")) {
      this.pythonSdkLayer = new LayerVersion(this, "PythonSdk", {
        description: "Baton's plugin SDK for Python (baton_sdk)",
        code: Code.fromAsset(PYTHON_SDK_LAYER, { exclude: PYTHON_ASSET_EXCLUDES }),
        compatibleRuntimes: [Runtime.PYTHON_3_12],
        compatibleArchitectures: [Architecture.ARM_64],
      });
    }
    const functions = new Map<string, LambdaFunction>();
    for (const plugin of declared) {
      const entry = handlerFile(plugin, root);
      const deadLetters = props.deadLetterQueues?.get(plugin.name);
      const environment: Record<string, string> = props.callbackKey
        ? { BATON_CALLBACK_KEY_SECRET_ARN: props.callbackKey.secretArn }
        : {};
      const common = {
        functionName: pluginNames.function(plugin.name),
        description: `Baton user plugin "${plugin.name}" (${plugin.handler})`,
        architecture: Architecture.ARM_64,
        tracing: Tracing.ACTIVE,
        timeout: props.timeout ?? Duration.seconds(30),
        memorySize: props.memorySize ?? 256,
        logGroup: new LogGroup(this, `${plugin.name}Logs`, {
          retention: props.logRetention ?? RetentionDays.ONE_MONTH,
        }),
        environment,
        ...(deadLetters ? { deadLetterQueue: deadLetters.queue } : {}),
      };
      const fn =
        plugin.kind === "node"
          ? new NodejsFunction(this, plugin.name, {
              ...common,
              entry,
              runtime: Runtime.NODEJS_22_X,
              bundling: handlerBundling(),
            })
          : new LambdaFunction(this, plugin.name, {
              ...common,
              runtime: Runtime.PYTHON_3_12,
              code: Code.fromAsset(dirname(entry), { exclude: PYTHON_ASSET_EXCLUDES }),
              handler: `${basename(entry, ".py")}.handler`,
              layers: this.pythonSdkLayer ? [this.pythonSdkLayer] : [],
            });
      props.callbackKey?.grantRead(fn);
      acknowledgeFindings(fn, plugin, deadLetters !== undefined);
      functions.set(plugin.name, fn);
    }
    this.functions = functions;
  }

  /**
   * The function name of each user plugin, by plugin name: the `PLUGIN_FUNCTIONS` of the
   * handlers.
   *
   * @example
   * environment: { PLUGIN_FUNCTIONS: JSON.stringify(userPlugins.functionNames()) }
   */
  functionNames(): Record<string, string> {
    return Object.fromEntries(
      [...this.functions].map(([name, fn]) => [name, fn.functionName] as const),
    );
  }

  /**
   * Lets a grantee (the plugins handler) invoke every user plugin's function: `lambda:InvokeFunction`
   * on each function's own ARN and nothing else. The handler calls the functions by name, never a
   * version or alias, so it is not given the `<arn>:*` that `IFunction.grantInvoke` adds (a
   * wildcard cdk-nag's AwsSolutions-IAM5 reports). Declaring no user plugin grants nothing.
   *
   * @example
   * userPlugins.grantInvoke(pluginsHandler);
   */
  grantInvoke(grantee: IGrantable): void {
    if (this.functions.size === 0) return;
    Grant.addToPrincipal({
      grantee,
      actions: ["lambda:InvokeFunction"],
      resourceArns: [...this.functions.values()].map((fn) => fn.functionArn),
    });
  }
}

/**
 * The findings of cdk-nag that do not apply to a user plugin's function, each with its reason:
 * the runtimes are the ones the project builds and tests plugins on, and a function without
 * subscriptions is only ever invoked synchronously.
 */
function acknowledgeFindings(
  fn: LambdaFunction,
  plugin: UserPluginDeclaration,
  dlq: boolean,
): void {
  const validations = Validations.of(fn);
  validations.acknowledge({
    id: "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]",
    reason:
      "Lambda's managed policy for a function's own logs: CreateLogGroup, CreateLogStream, PutLogEvents.",
  });
  validations.acknowledge({
    id: "AwsSolutions-IAM5[Resource::*]",
    reason:
      "X-Ray's PutTraceSegments and PutTelemetryRecords take no resource: active tracing needs Resource '*'.",
  });
  const runtime =
    plugin.kind === "node"
      ? "Node.js 22 is the runtime the project builds, tests and bundles for (package.json engines, handlerBundling's target)."
      : "Python 3.12 is the version the plugin SDK and the example plugins are written and tested for.";
  validations.acknowledge({ id: "AwsSolutions-L1", reason: runtime });
  validations.acknowledge({ id: "Serverless-LambdaLatestVersion", reason: runtime });
  if (!dlq) {
    validations.acknowledge({
      id: "Serverless-LambdaDLQ",
      reason:
        "A user plugin without subscriptions is only invoked synchronously, by the plugins handler for a task node: its errors go back to the caller, which retries under the task's retry and then fails the node.",
    });
  }
}

/** The absolute path of a user plugin's handler file, checked to exist with a fitting extension. */
function handlerFile(plugin: UserPluginDeclaration, root: string): string {
  const file = resolve(root, plugin.handler);
  const extensions: readonly string[] = HANDLER_EXTENSIONS[plugin.kind];
  if (!extensions.includes(extname(file))) {
    throw new PluginDeploymentError(
      plugin.name,
      `a ${plugin.kind} handler is a ${extensions.join(", ")} file, not ${plugin.handler}`,
    );
  }
  if (!existsSync(file) || !statSync(file).isFile()) {
    throw new PluginDeploymentError(plugin.name, `handler ${plugin.handler} does not exist`);
  }
  if (plugin.kind === "python" && dirname(file) === resolve(root)) {
    throw new PluginDeploymentError(
      plugin.name,
      `a python handler's folder becomes the function's code, so ${plugin.handler} needs a folder of its own (plugins/<name>/), not the repository's root`,
    );
  }
  return file;
}
