import type { LinkRecord } from "../records/link-record.ts";

/**
 * Approval links by the hash of their id. A link is stored when it is used, with its
 * `usedAt`: `create` writes only a hash not stored yet, so a second use throws
 * {@link WriteConflictError} carrying the used link.
 *
 * @example
 * await store.create({ ...link, usedAt: now });
 * const used = await store.get(link.tenant, link.linkHash);
 */
export interface LinkStore {
  create(link: LinkRecord): Promise<void>;
  get(tenant: string, linkHash: string): Promise<LinkRecord | undefined>;
}
