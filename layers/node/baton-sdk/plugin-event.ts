/**
 * What a task node's plugin is invoked with (the engine's `PluginCall`): the instance, the
 * node, the idempotency key of this attempt, the flow context and, for a `callback` task, where
 * and under which id to report.
 *
 * @example
 * export const handler = async (event: PluginEvent) => ({ seen: event.node });
 */
export interface PluginEvent {
  plugin: string;
  instance: { tenant: string; id: string };
  node: string;
  /** `instanceId#nodeId#attempt`: make the side effect happen once per key. */
  idempotencyKey: string;
  /** The instance's start input. */
  input: unknown;
  /** What the nodes decided so far, by node id. */
  nodes: Record<string, unknown>;
  /** For `callback` tasks only: report on `url` with the callback id. */
  callback?: { id: string; url: string };
}
