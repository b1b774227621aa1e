import { ITEM_KEYS, TABLE_KEYS } from "../../core/contract/table-layout.ts";
import type { LinkStore } from "../../core/ports/link-store.ts";
import type { LinkRecord } from "../../core/records/link-record.ts";
import { epochSeconds } from "./epoch-seconds.ts";
import type { FlowTable } from "./flow-table.ts";
import { recordCodec } from "./record-codec.ts";
import { ITEM_ABSENT } from "./write-conditions.ts";
import { writeOrConflict } from "./write-or-conflict.ts";

const codec = recordCodec<LinkRecord>([]);

/**
 * Approval links on the table (`{tenant}#L#{hash}`), created only where no item is and
 * deleted by TTL once they expire.
 *
 * @example
 * const links = dynamoDbLinkStore(new FlowTable(client, "baton"));
 * await links.create({ ...link, usedAt: new Date().toISOString() });
 */
export function dynamoDbLinkStore(table: FlowTable): LinkStore {
  const get = async (tenant: string, linkHash: string) => {
    const item = await table.get(ITEM_KEYS.link(tenant, linkHash));
    return item && codec.fromItem(item);
  };
  return {
    create: (link) =>
      writeOrConflict(
        "link",
        table.put(
          codec.toItem(link, ITEM_KEYS.link(link.tenant, link.linkHash), {
            [TABLE_KEYS.expiresAt]: epochSeconds(link.expiresAt),
          }),
          ITEM_ABSENT,
        ),
        () => get(link.tenant, link.linkHash),
      ),
    get,
  };
}
