import type { FlowStores } from "../core/ports/flow-stores.ts";

/** The store methods that write: every call is one DynamoDB write on AWS. */
export const STORE_WRITE_METHODS: ReadonlySet<string> = new Set([
  "create",
  "update",
  "put",
  "putIfAbsent",
  "append",
  "remove",
  "markRead",
  "claim",
  "recordEnd",
  "addWithdrawn",
]);

/**
 * Stores that count their writes, for `baton cost`: each call of a writing method is one
 * write request on AWS (a conditional write that loses counts too, as DynamoDB bills it).
 *
 * @example
 * const { stores, writes } = countingFlowStores(memoryFlowStores());
 * await stores.instances.create(record);
 * writes(); // 1
 */
export function countingFlowStores(inner: FlowStores): {
  stores: FlowStores;
  writes: () => number;
} {
  let count = 0;
  const counted = Object.fromEntries(
    Object.entries(inner).map(([name, store]) => [
      name,
      Object.fromEntries(
        Object.entries(store as Record<string, (...args: unknown[]) => Promise<unknown>>).map(
          ([method, call]) => [
            method,
            (...args: unknown[]) => {
              if (STORE_WRITE_METHODS.has(method)) count += 1;
              return call(...args);
            },
          ],
        ),
      ),
    ]),
  ) as unknown as FlowStores;
  return { stores: counted, writes: () => count };
}
