/**
 * The key of a row of the outbox: the history entry, hence the change, whose event the bus
 * has not taken yet.
 *
 * @example
 * const key: OutboxKey = { tenant: "default", instanceId: "06H3ATQ9P3HZWRE808XGQ74SZW", seq: 3 };
 */
export interface OutboxKey {
  tenant: string;
  instanceId: string;
  seq: number;
}
