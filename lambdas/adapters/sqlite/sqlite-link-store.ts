import type { DatabaseSync } from "node:sqlite";
import type { LinkStore } from "../../core/ports/link-store.ts";
import { WriteConflictError } from "../../core/ports/write-conflict-error.ts";
import type { LinkRecord } from "../../core/records/link-record.ts";
import { groupCommit } from "./group-commit.ts";
import { storedRecord } from "./stored-record.ts";

/**
 * Approval links in table `links`, keyed by tenant and link hash: `create` inserts only a new
 * hash, so a link stored when used is used once however many uses arrive.
 *
 * @example
 * const links = sqliteLinkStore(database);
 * await links.create({ ...link, usedAt: new Date().toISOString() });
 */
export function sqliteLinkStore(database: DatabaseSync): LinkStore {
  const commit = groupCommit(database);
  const select = database.prepare("SELECT record FROM links WHERE tenant = ? AND link_hash = ?");
  const insert = database.prepare(
    `INSERT INTO links (tenant, link_hash, record) VALUES (?, ?, ?)
     ON CONFLICT DO NOTHING`,
  );
  const get = (tenant: string, linkHash: string) =>
    storedRecord<LinkRecord>(select.get(tenant, linkHash));
  return {
    create: (link) =>
      commit.write(() => {
        const { changes } = insert.run(link.tenant, link.linkHash, JSON.stringify(link));
        if (changes === 0) throw new WriteConflictError("link", get(link.tenant, link.linkHash));
      }),
    get: (tenant, linkHash) => commit.read(() => get(tenant, linkHash)),
  };
}
