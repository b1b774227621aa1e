import type { FlowStores } from "../../lambdas/core/ports/flow-stores.ts";
import type { Plugins } from "../../lambdas/core/ports/plugins.ts";
import type { PluginTarget } from "../../lambdas/embedded/event-plugins/plugin-target.ts";
import { STORE_WRITE_METHODS } from "../../lambdas/local/counting-flow-stores.ts";
import { InjectedFault } from "./inject-fault.ts";
import type { SeededFaults } from "./seeded-faults.ts";

/** The tenant a store call names: its first argument, or the record it writes. */
function tenantOf(args: readonly unknown[]): string {
  const [first] = args;
  if (typeof first === "string") return first;
  const tenant = (first as { tenant?: unknown } | undefined)?.tenant;
  return typeof tenant === "string" ? tenant : "?";
}

/** Runs `call` under the fault drawn for it: thrown before it runs, or after it ran. */
async function underFault<T>(
  faults: SeededFaults,
  tenant: string,
  port: string,
  call: () => Promise<T>,
): Promise<T> {
  const timing = faults.draw(tenant, port);
  if (timing === "before") throw new InjectedFault(`injected fault: ${port} failed`);
  const result = await call();
  if (timing === "after") throw new InjectedFault(`injected fault: ${port} ran, its answer lost`);
  return result;
}

/**
 * The stores with their writes failing as `faults` draws (reads are left alone): a fault before
 * a write leaves the store as it was, one after it leaves the write done, as a DynamoDB request
 * whose answer was lost does. The faults are injected at the ports because neither DynamoDB's
 * emulators nor SQLite can be made to fail a given write on demand.
 *
 * @example
 * const stores = faultyStores(sqliteFlowStores(database), faults);
 */
export function faultyStores(stores: FlowStores, faults: SeededFaults): FlowStores {
  const wrap = <T extends object>(name: string, store: T): T =>
    new Proxy(store, {
      get(target, key, receiver) {
        const value = Reflect.get(target, key, receiver);
        if (typeof value !== "function") return value;
        const method = value as (...args: unknown[]) => Promise<unknown>;
        if (typeof key !== "string" || !STORE_WRITE_METHODS.has(key)) return method.bind(target);
        return (...args: unknown[]) =>
          underFault(faults, tenantOf(args), `${name}.${key}`, () => method.apply(target, args));
      },
    });
  return Object.fromEntries(
    Object.entries(stores).map(([name, store]) => [name, wrap(name, store as object)]),
  ) as unknown as FlowStores;
}

/**
 * The plugins port with its calls failing as `faults` draws: before (the plugin could not be
 * reached) or after (it did the work, its answer was lost). Either is an ordinary error, which
 * the task's `retry` policy retries.
 *
 * @example
 * backend.plugins = faultyPlugins(backend.plugins, faults);
 */
export function faultyPlugins(plugins: Plugins, faults: SeededFaults): Plugins {
  return {
    call: (call) =>
      underFault(faults, call.instance.tenant, "plugins.call", () => plugins.call(call)),
  };
}

/**
 * A bus target whose deliveries fail as `faults` draws: before the plugin got the event, or
 * after it acted on it (its answer lost), so the bus retries and, past its attempts,
 * dead-letters it.
 *
 * @example
 * const target = faultyTarget(worker, faults);
 */
export function faultyTarget(target: PluginTarget, faults: SeededFaults): PluginTarget {
  return (envelope) =>
    underFault(faults, envelope.detail.tenant, "bus.delivery", () => target(envelope));
}
