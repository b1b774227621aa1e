import { SqsQueueSender } from "../../adapters/aws/sqs-queue-sender.ts";
import { subscriptionPattern } from "../../core/events/subscription-pattern.ts";
import type {
  PluginDeclaration,
  UserPluginDeclaration,
} from "../../core/plugins/plugin-declaration.ts";
import type { QueueSender } from "../../core/ports/queue-sender.ts";
import type { EventRule } from "../local-event-bus.ts";
import { logPlugin } from "./log-plugin.ts";
import { notifierPlugin } from "./notifier-plugin.ts";
import { PluginSetupError } from "./plugin-setup-error.ts";
import type { PluginTarget } from "./plugin-target.ts";
import { queuePlugin } from "./queue-plugin.ts";
import { webhookPlugin } from "./webhook-plugin.ts";

/** What the built-in plugins are set up with. */
export interface PluginRuleContext {
  /** Where webhook secrets are read (`secret: env:NAME`). */
  env: Readonly<Record<string, string | undefined>>;
  /** The installation's link key, for the notifier's links. */
  linkKey: string;
  /** The engine's public URL, read at each delivery. */
  publicUrl: () => string;
  /** @default () => new Date() */
  now?: () => Date;
  /**
   * Where `log` lines and the notifier's printed notices go; a promise it returns is awaited
   * before the event counts as taken.
   *
   * @default the engine's stdout, a turn's lines written at once (`stdoutLines`)
   */
  print?: (line: string) => unknown;
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
  /**
   * Where `queue` plugins send their events.
   *
   * @default an `SqsQueueSender`, made when a queue plugin is declared: the SDK's credentials
   * chain, and its endpoint (`AWS_ENDPOINT_URL_SQS`, else `AWS_ENDPOINT_URL`, else the queue's
   * region's)
   */
  queues?: QueueSender;
  /**
   * The target of a user plugin's subscriptions: its runner (`userPluginTargets`). Without
   * it, a user plugin with subscriptions cannot be set up.
   *
   * @default undefined
   */
  userTarget?: (declaration: UserPluginDeclaration) => PluginTarget;
}

/** The target of one declared plugin. */
function targetOf(
  declaration: PluginDeclaration,
  context: PluginRuleContext,
  queues: () => QueueSender,
): PluginTarget {
  const common = {
    ...(context.now ? { now: context.now } : {}),
    ...(context.fetch ? { fetch: context.fetch } : {}),
  };
  switch (declaration.kind) {
    case "log":
      return logPlugin(declaration.name, context.print);
    case "webhook": {
      const secret = context.env[declaration.secretEnv];
      if (!secret) {
        throw new PluginSetupError(
          declaration.name,
          `the environment variable ${declaration.secretEnv} (its secret) is not set`,
        );
      }
      return webhookPlugin({ name: declaration.name, url: declaration.url, secret, ...common });
    }
    case "notifier":
      return notifierPlugin({
        name: declaration.name,
        ...(declaration.url === undefined ? {} : { url: declaration.url }),
        linkKey: context.linkKey,
        publicUrl: context.publicUrl,
        ...(context.print ? { print: context.print } : {}),
        ...common,
      });
    case "queue":
      return queuePlugin(declaration, queues());
    default:
      if (!context.userTarget) {
        throw new PluginSetupError(declaration.name, `no runner for ${declaration.kind} plugins`);
      }
      return context.userTarget(declaration);
  }
}

/**
 * The local bus's rules for declared plugins: one per subscription, named
 * `<plugin>#<index>`, with the pattern `subscriptionPattern` makes (the rule the deployment
 * creates on EventBridge) and the plugin's target. Throws {@link PluginSetupError} for a
 * webhook whose secret variable is not set, or a user plugin with subscriptions and no
 * `userTarget`, and `QueueArnError` for a queue plugin whose ARN is not an SQS standard
 * queue's.
 *
 * @example
 * const rules = pluginRules(loaded.plugins, { env: process.env, linkKey, publicUrl: () => url });
 * const bus = new LocalEventBus({ rules });
 */
export function pluginRules(
  declarations: readonly PluginDeclaration[],
  context: PluginRuleContext,
): EventRule[] {
  const rules: EventRule[] = [];
  let sqs = context.queues;
  const queues = () => {
    sqs ??= new SqsQueueSender();
    return sqs;
  };
  for (const declaration of declarations) {
    if (declaration.subscriptions.length === 0) continue;
    const target = targetOf(declaration, context, queues);
    declaration.subscriptions.forEach((subscription, index) => {
      rules.push({
        name: `${declaration.name}#${index}`,
        plugin: declaration.name,
        pattern: subscriptionPattern(subscription),
        target,
      });
    });
  }
  return rules;
}
