import { fileURLToPath } from "node:url";
import { Duration } from "aws-cdk-lib";
import type { NodejsFunction } from "aws-cdk-lib/aws-lambda-nodejs";
import type { RetentionDays } from "aws-cdk-lib/aws-logs";
import type { ISecret } from "aws-cdk-lib/aws-secretsmanager";
import { Construct } from "constructs";
import type {
  NotifierPluginDeclaration,
  PluginDeclaration,
} from "../lambdas/core/plugins/plugin-declaration.ts";
import { NOTIFIER_VARIABLES } from "../lambdas/plugins/notifier-variables.ts";
import type { DeadLetterQueue } from "./dead-letter-queue.ts";
import { engineFunction } from "./engine-function.ts";
import type { FlowResourceNames } from "./flow-resource-names.ts";
import { SIGNING_KEY_SECRET_VARIABLES } from "./flow-signing-keys.ts";
import { PluginDeploymentError } from "./plugin-deployment-error.ts";
import { PluginResourceNames } from "./plugin-resource-names.ts";
import { powertoolsEnvironment } from "./powertools-environment.ts";

/**
 * The entry file of every notifier function, as an absolute path:
 * `lambdas/plugins/notifier-function.ts` of this repository.
 */
export const NOTIFIER_ENTRY = fileURLToPath(
  new URL("../lambdas/plugins/notifier-function.ts", import.meta.url),
);

/** A `notifier` plugin that posts to a url: the ones that get a function. */
export type PostingNotifier = NotifierPluginDeclaration & { url: string };

/**
 * The notifiers of a plugins file that post to a url, with subscriptions: the plugins
 * {@link NotifierFunctions} makes a function for.
 *
 * @example
 * postingNotifiers(definitions.plugins).map((plugin) => plugin.name); // ["chat"]
 */
export function postingNotifiers(plugins: readonly PluginDeclaration[]): PostingNotifier[] {
  return plugins.filter(
    (plugin): plugin is PostingNotifier =>
      plugin.kind === "notifier" && plugin.url !== undefined && plugin.subscriptions.length > 0,
  );
}

/** Properties of {@link NotifierFunctions}. */
export interface NotifierFunctionsProps {
  /** The environment's names; each function is `baton-<env>-plugin-<name>`, as a user plugin's. */
  readonly names: FlowResourceNames;

  /** The declarations of `plugins.yaml`; the `notifier` ones with a `url` get a function. */
  readonly plugins: readonly PluginDeclaration[];

  /**
   * The secret of the installation's link key (`FlowSigningKeys.linkKey`, the one the handlers
   * read): each function may read it, and gets its ARN in `BATON_LINK_KEY_SECRET_ARN`.
   */
  readonly linkKey: ISecret;

  /**
   * Where the approval links point, the handlers' `PUBLIC_URL` (`FlowApi.url`).
   *
   * @example "https://baton.example.com"
   */
  readonly publicUrl: string;

  /**
   * The dead-letter queue of each plugin with subscriptions, by plugin name
   * (`PluginDeadLetterQueues.queues`): each function's own, where an event goes that it failed
   * on after Lambda's two retries of the asynchronous invocation EventBridge made.
   */
  readonly deadLetterQueues: ReadonlyMap<string, DeadLetterQueue>;

  /**
   * How long the functions' logs are kept.
   *
   * @default RetentionDays.ONE_MONTH
   */
  readonly logRetention?: RetentionDays;

  /**
   * One invocation's limit: the approvers' POSTs, four at a time, 10 s each at most.
   *
   * @default Duration.seconds(60)
   */
  readonly timeout?: Duration;
}

/**
 * The functions that notify approvers on AWS: one per `notifier` plugin with a `url` and
 * subscriptions, the target of that plugin's rules (`PluginSubscriptions`). Each runs
 * `lambdas/plugins/notifier-function.ts`, the embedded engine's `notifierPlugin` (one notifier,
 * not two): for `approval.requested` and `approval.reminded` it POSTs each approver's
 * `{ text, link, approver }` to the url, the link signed at delivery with the link key. Each is
 * deployed as the handlers are (`engineFunction`: bundled by the local esbuild with the
 * handlers' options and AWS's Powertools layer, nodejs22.x on arm64, X-Ray tracing active, JSON
 * logs in a log group of its own), service `baton-<env>` as the handlers' and no X-Ray capture
 * of its POSTs (`powertoolsEnvironment`), 256 MB; its failed asynchronous invocations go to the
 * plugin's dead-letter queue. Its role holds Lambda's basic
 * execution policy, X-Ray's, `SendMessage` to that queue and the read of the link key's secret
 * (`GetSecretValue`, `DescribeSecret` on that secret alone). Its environment names the secret
 * (`BATON_LINK_KEY_SECRET_ARN`), never the key. A notifier without a `url` gets no function
 * (its events are logged). Throws {@link PluginDeploymentError} for a notifier with
 * subscriptions but no dead-letter queue.
 *
 * @example
 * const notifiers = new NotifierFunctions(this, "Notifiers", {
 *   names, plugins: definitions.plugins, linkKey: keys.linkKey, publicUrl: api.url,
 *   deadLetterQueues: pluginDeadLetters.queues,
 * });
 * notifiers.functions.get("chat");
 */
export class NotifierFunctions extends Construct {
  /** Each posting notifier's function, by plugin name. */
  readonly functions: ReadonlyMap<string, NodejsFunction>;

  constructor(scope: Construct, id: string, props: NotifierFunctionsProps) {
    super(scope, id);
    const pluginNames = new PluginResourceNames(props.names);
    const functions = new Map<string, NodejsFunction>();
    for (const plugin of postingNotifiers(props.plugins)) {
      const deadLetters = props.deadLetterQueues.get(plugin.name);
      if (!deadLetters) {
        throw new PluginDeploymentError(plugin.name, "no dead-letter queue was made for it");
      }
      const { function: fn } = engineFunction(this, plugin.name, {
        functionName: pluginNames.function(plugin.name),
        description: `Baton notifier plugin "${plugin.name}": posts each approver their approval link`,
        entry: NOTIFIER_ENTRY,
        memorySize: 256,
        timeout: props.timeout ?? Duration.seconds(60),
        deadLetters: { queue: deadLetters.queue },
        ...(props.logRetention === undefined ? {} : { logRetention: props.logRetention }),
        environment: {
          // X-Ray would record each POST's URL, and a chat hook's URL holds its secret.
          ...powertoolsEnvironment({
            serviceName: props.names.prefix,
            captureHttpsRequests: false,
          }),
          [NOTIFIER_VARIABLES.plugin]: plugin.name,
          [NOTIFIER_VARIABLES.url]: plugin.url,
          [NOTIFIER_VARIABLES.publicUrl]: props.publicUrl,
          [SIGNING_KEY_SECRET_VARIABLES.link]: props.linkKey.secretArn,
        },
      });
      props.linkKey.grantRead(fn);
      functions.set(plugin.name, fn);
    }
    this.functions = functions;
  }
}
