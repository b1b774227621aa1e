import { createHash } from "node:crypto";
import {
  callbackClient,
  type PluginEvent,
  PluginFailed,
} from "../../layers/node/baton-sdk/index.ts";

/** The cache-change template's request (`definitions/cache-change.yaml`). */
interface CacheRequest {
  app: string;
  cluster: string;
  memoryGb: number;
}

/** What the control plane makes: shards of this many gigabytes, at most this many in all. */
const SHARD_GB = 32;
const LARGEST_GB = 512;

/**
 * The cache the control plane would create for a request: one id per instance and node (so a
 * retried call makes the same cache), enough shards for the memory asked for, or why it cannot.
 *
 * @example
 * plan({ app: "feed", cluster: "payment", memoryGb: 128 }, "01J#provision");
 * // { cacheId: "rc-…", endpoint: "rc-….payment.cache.internal:6379", shards: 4, memoryGb: 128 }
 */
export function plan(request: CacheRequest, key: string): Record<string, unknown> {
  if (request.memoryGb > LARGEST_GB) {
    return { reason: `${request.memoryGb} GB is over the largest cache (${LARGEST_GB} GB)` };
  }
  const cacheId = `rc-${createHash("sha256").update(key).digest("hex").slice(0, 8)}`;
  return {
    cacheId,
    endpoint: `${cacheId}.${request.cluster}.cache.internal:6379`,
    shards: Math.ceil(request.memoryGb / SHARD_GB),
    memoryGb: request.memoryGb,
  };
}

/**
 * `cache.provision`, the plugin of cache-change's `provision` task: an ordinary Lambda
 * handler. In `callback` mode it reports through the SDK — `succeeded` with the cache, or
 * `failed` with the reason — and answers that it took the work; called `sync`, it answers the
 * cache itself or fails the task with {@link PluginFailed}.
 *
 * @example
 * await handler({ ...event, input: { app: "feed", cluster: "general", memoryGb: 16 } });
 */
export const handler = async (event: PluginEvent): Promise<Record<string, unknown>> => {
  const cache = plan(event.input as CacheRequest, `${event.instance.id}#${event.node}`);
  if (!event.callback) {
    if ("reason" in cache) throw new PluginFailed(cache);
    return cache;
  }
  const client = callbackClient(event);
  if ("reason" in cache) await client.failed(cache.reason);
  else await client.succeeded(cache);
  return { accepted: true };
};
