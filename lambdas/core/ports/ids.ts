/**
 * Fresh ids: instances (sortable by time), callbacks and approval links (≥128 random bits).
 *
 * @example
 * ids.instanceId(); // "01JF3Q…"
 */
export interface Ids {
  instanceId(): string;
  callbackId(): string;
  linkId(): string;
}
