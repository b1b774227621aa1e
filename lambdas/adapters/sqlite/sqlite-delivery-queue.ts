import type { DatabaseSync } from "node:sqlite";
import type { DeliveryQueue } from "../../embedded/delivery-queue.ts";
import type { PendingDelivery } from "../../embedded/pending-delivery.ts";
import { createFlowSchema } from "./create-flow-schema.ts";
import { groupCommit } from "./group-commit.ts";

/**
 * The local bus's deliveries in table `deliveries` of the embedded engine's database, by
 * delivery id (created with the others by `createFlowSchema`). `accept` inserts the deliveries
 * the bus still owes for published events — those whose first attempt failed; one taken at
 * its first attempt is never written — and deletes those events' rows of `outbox`
 * atomically: once an event is off the outbox, every delivery it still owes is kept, and a
 * crash before the commit leaves the event in the outbox for the next start to relay.
 *
 * @example
 * const bus = new LocalEventBus({ rules, deliveries: sqliteDeliveryQueue(database) });
 * await bus.resume();
 */
export function sqliteDeliveryQueue(database: DatabaseSync): DeliveryQueue {
  createFlowSchema(database);
  const commit = groupCommit(database);
  const insert = database.prepare(
    "INSERT INTO deliveries (id, record) VALUES (?, ?) ON CONFLICT (id) DO NOTHING",
  );
  const acknowledge = database.prepare(
    "DELETE FROM outbox WHERE tenant = ? AND instance_id = ? AND seq = ?",
  );
  const replace = database.prepare("UPDATE deliveries SET record = ? WHERE id = ?");
  const remove = database.prepare("DELETE FROM deliveries WHERE id = ?");
  const all = database.prepare("SELECT record FROM deliveries");
  return {
    durable: true,
    accept: (deliveries, published) =>
      commit.atomically(() => {
        const added = deliveries.filter(
          (delivery) => Number(insert.run(delivery.id, JSON.stringify(delivery)).changes) > 0,
        );
        for (const key of published) acknowledge.run(key.tenant, key.instanceId, key.seq);
        return added;
      }),
    put: (delivery) =>
      commit.write(() => {
        replace.run(JSON.stringify(delivery), delivery.id);
      }),
    remove: (id) =>
      commit.write(() => {
        remove.run(id);
      }),
    list: () =>
      commit.read(() =>
        (all.all() as { record: string }[]).map((row) => JSON.parse(row.record) as PendingDelivery),
      ),
  };
}
