import type { ApprovalNode } from "../model/template.ts";
import { RESERVED_VALUE_KEYS } from "./reserved-value-keys.ts";

/**
 * Why a decision's form values may not be taken on `node` (docs/semantics.md §5), or
 * `undefined` when they may: a key in {@link RESERVED_VALUE_KEYS}, or values at all on a node
 * without a `form` schema. Whether they fit the schema is checked apart. The API refuses such a
 * decision `invalid`; in a simulation it changes nothing, on every engine.
 *
 * @param node - the approval node, when the template is known; without it only the keys are checked.
 * @example
 * decisionValuesRefusal(lead, { level: 2 }); // "form given but node lead has no form"
 */
export function decisionValuesRefusal(
  node: Pick<ApprovalNode, "id" | "form"> | undefined,
  form: Record<string, unknown> | undefined,
): string | undefined {
  if (form === undefined) return undefined;
  const reserved = Object.keys(form).find((key) => RESERVED_VALUE_KEYS.has(key));
  if (reserved !== undefined) return `form value ${reserved} is not accepted`;
  if (node && node.form === undefined) return `form given but node ${node.id} has no form`;
  return undefined;
}
