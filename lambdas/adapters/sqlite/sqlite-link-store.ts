import type { DatabaseSync } from "node:sqlite";
import type { LinkStore } from "../../core/ports/link-store.ts";
import { WriteConflictError } from "../../core/ports/write-conflict-error.ts";
import type { LinkRecord } from "../../core/records/link-record.ts";
import { storedRecord } from "./stored-record.ts";

/**
 * Approval links in table `links`, keyed by tenant and link hash, with `used_at` beside the
 * record: `create` inserts only a new hash, `markUsed` updates only a row whose `used_at` is
 * still null, so a link is used once however many uses arrive.
 *
 * @example
 * const links = sqliteLinkStore(database);
 * await links.markUsed("default", link.linkHash, new Date().toISOString());
 */
export function sqliteLinkStore(database: DatabaseSync): LinkStore {
  const select = database.prepare("SELECT record FROM links WHERE tenant = ? AND link_hash = ?");
  const insert = database.prepare(
    `INSERT INTO links (tenant, link_hash, used_at, record) VALUES (?, ?, ?, ?)
     ON CONFLICT DO NOTHING`,
  );
  const use = database.prepare(
    `UPDATE links SET used_at = ?, record = json_set(record, '$.usedAt', ?)
     WHERE tenant = ? AND link_hash = ? AND used_at IS NULL`,
  );
  const get = (tenant: string, linkHash: string) =>
    storedRecord<LinkRecord>(select.get(tenant, linkHash));
  return {
    create: async (link) => {
      const { changes } = insert.run(
        link.tenant,
        link.linkHash,
        link.usedAt ?? null,
        JSON.stringify(link),
      );
      if (changes === 0) throw new WriteConflictError("link", get(link.tenant, link.linkHash));
    },
    get: async (tenant, linkHash) => get(tenant, linkHash),
    markUsed: async (tenant, linkHash, at) => {
      const { changes } = use.run(at, at, tenant, linkHash);
      if (changes === 0) throw new WriteConflictError("link", get(tenant, linkHash));
    },
  };
}
