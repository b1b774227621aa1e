import { TABLE_KEYS } from "../../core/contract/table-layout.ts";
import type { WriteCondition } from "./flow-table.ts";

/**
 * Write only where no item is: creates, never replaces.
 *
 * @example
 * await table.put(item, ITEM_ABSENT);
 */
export const ITEM_ABSENT: WriteCondition = {
  expression: "attribute_not_exists(#pk)",
  names: { "#pk": TABLE_KEYS.partition },
};

/**
 * Write only over the item stored at `version` (a missing item has none, so this fails).
 *
 * @example
 * await table.put(item, atVersion(record.version));
 */
export function atVersion(version: number): WriteCondition {
  return {
    expression: "#version = :expected",
    names: { "#version": "version" },
    values: { ":expected": version },
  };
}

/**
 * Creates when `expectedVersion` is undefined, else replaces the item stored at that version:
 * the rule of every versioned store port.
 *
 * @example
 * await table.put(item, versionCondition(expectedVersion));
 */
export function versionCondition(expectedVersion: number | undefined): WriteCondition {
  return expectedVersion === undefined ? ITEM_ABSENT : atVersion(expectedVersion);
}
