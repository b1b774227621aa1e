import { Construct } from "constructs";
import type { PluginDeclaration } from "../lambdas/core/plugins/plugin-declaration.ts";
import { DeadLetterQueue } from "./dead-letter-queue.ts";
import type { FlowResourceNames } from "./flow-resource-names.ts";
import { PluginResourceNames } from "./plugin-resource-names.ts";

/** Properties of {@link PluginDeadLetterQueues}. */
export interface PluginDeadLetterQueuesProps {
  /** The environment's names: each queue is `baton-<env>-plugin-<name>-dlq`. */
  readonly names: FlowResourceNames;
  /** The declarations of `plugins.yaml`. */
  readonly plugins: readonly PluginDeclaration[];
}

/**
 * One dead-letter queue per plugin with subscriptions, where every event that plugin did not
 * take ends up: those EventBridge could not deliver to its target, and, for a user plugin, the
 * events its function failed on after Lambda's retries. Each message's body is the event's
 * envelope, whichever of the two put it there.
 *
 * @example
 * const deadLetters = new PluginDeadLetterQueues(this, "DeadLetters", { names, plugins });
 * deadLetters.queues.get("ci")?.metricDepth();
 */
export class PluginDeadLetterQueues extends Construct {
  /** Each plugin's queue, by plugin name. */
  readonly queues: ReadonlyMap<string, DeadLetterQueue>;

  constructor(scope: Construct, id: string, props: PluginDeadLetterQueuesProps) {
    super(scope, id);
    const names = new PluginResourceNames(props.names);
    this.queues = new Map(
      props.plugins
        .filter((plugin) => plugin.subscriptions.length > 0)
        .map((plugin) => [
          plugin.name,
          new DeadLetterQueue(this, plugin.name, {
            queueName: names.deadLetterQueue(plugin.name),
            purpose: `plugin "${plugin.name}"`,
          }),
        ]),
    );
  }
}
