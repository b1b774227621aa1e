/**
 * The actor of the `node.completed` entry a callback's report records: how the history tells
 * which callback settled a node, and so that the callback is settled.
 *
 * @example
 * callbackActor("cb-1"); // "callback:cb-1"
 */
export function callbackActor(callbackId: string): string {
  return `callback:${callbackId}`;
}

/**
 * Whether a history entry's actor is a callback's report (made by {@link callbackActor}).
 *
 * @example
 * isCallbackActor("callback:cb-1"); // true
 */
export function isCallbackActor(actor: string): boolean {
  return actor.startsWith("callback:");
}
