import type { LinkRecord } from "../records/link-record.ts";

/**
 * Approval links by the hash of their id. `markUsed` succeeds once: a second use throws
 * {@link WriteConflictError} carrying the used record.
 *
 * @example
 * await store.create(link);
 * await store.markUsed(link.tenant, link.linkHash, now);
 */
export interface LinkStore {
  create(link: LinkRecord): Promise<void>;
  get(tenant: string, linkHash: string): Promise<LinkRecord | undefined>;
  markUsed(tenant: string, linkHash: string, at: string): Promise<void>;
}
