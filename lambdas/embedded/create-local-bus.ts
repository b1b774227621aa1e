import type { PluginDeclaration } from "../core/plugins/plugin-declaration.ts";
import { type PluginRuleContext, pluginRules } from "./event-plugins/plugin-rules.ts";
import { LocalEventBus, type LocalEventBusOptions } from "./local-event-bus.ts";

/** How declared plugins are set up and the local bus delivers to them. */
export interface EventDeliveryOptions
  extends Pick<PluginRuleContext, "print" | "fetch" | "queues" | "userTarget" | "now">,
    Pick<LocalEventBusOptions, "deadLetters" | "deliveries" | "retry" | "wait" | "report"> {
  /** Where webhook secrets are read. @default process.env */
  env?: PluginRuleContext["env"];
}

/** What the notifier needs of the installation: its link key and public URL. */
export interface InstallationLinks {
  linkKey: string;
  /** Read at each delivery: `baton dev` learns its port once it listens. */
  publicUrl: () => string;
}

/**
 * The local bus of the embedded engine with the rules of the declared plugins (one per
 * subscription) and their targets: the built-in `log`, `webhook`, `notifier` and `queue`, and user
 * plugins through `userTarget`. `baton dev` and `baton dlq redrive` both build it here.
 *
 * @throws {PluginSetupError} for a webhook whose secret variable is not set, or a user plugin
 * with subscriptions and no `userTarget`
 * @throws {QueueArnError} for a queue plugin whose ARN is not an SQS standard queue's
 * @example
 * const bus = createLocalBus(loaded.plugins, { linkKey: secrets.linkKey, publicUrl: () => url }, { deadLetters });
 */
export function createLocalBus(
  plugins: readonly PluginDeclaration[],
  installation: InstallationLinks,
  options: EventDeliveryOptions = {},
): LocalEventBus {
  const rules = pluginRules(plugins, {
    env: options.env ?? process.env,
    linkKey: installation.linkKey,
    publicUrl: installation.publicUrl,
    ...(options.now ? { now: options.now } : {}),
    ...(options.print ? { print: options.print } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.queues ? { queues: options.queues } : {}),
    ...(options.userTarget ? { userTarget: options.userTarget } : {}),
  });
  return new LocalEventBus({
    rules,
    ...(options.deadLetters ? { deadLetters: options.deadLetters } : {}),
    ...(options.deliveries ? { deliveries: options.deliveries } : {}),
    ...(options.retry ? { retry: options.retry } : {}),
    ...(options.wait ? { wait: options.wait } : {}),
    ...(options.report ? { report: options.report } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
}
