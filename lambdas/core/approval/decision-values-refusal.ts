import type { ApprovalNode, JsonSchema } from "../model/template.ts";
import { RESERVED_VALUE_KEYS } from "./reserved-value-keys.ts";

/**
 * Checks form values against a node's `form` schema: one line per problem, empty when they fit
 * (`formProblems`, which needs Ajv).
 */
export type FormCheck = (form: JsonSchema, values: unknown) => string[];

/** Why a decision's form values may not be taken: one line, and the schema's lines when they do not fit it. */
export interface DecisionValuesRefusal {
  reason: string;
  /** What the `form` schema found wrong, one line each; absent for the other refusals. */
  problems?: string[];
}

/**
 * Why the form values of an approve or reject may not be taken on `node` (docs/semantics.md §5), or
 * `undefined` when they may: a key in {@link RESERVED_VALUE_KEYS}, values at all on a node
 * without a `form` schema, or — given `check` — values (none counting as `{}`) that do not fit
 * the node's `form`. The API refuses such a decision `invalid`; in a simulation it changes
 * nothing, on every engine.
 *
 * @param node - the approval node, when the template is known; without it only the keys are checked.
 * @param check - the schema check; without it (the start page's path preview, which has no
 * validator under its CSP) the values are not held to the schema. @default undefined
 * @example
 * decisionValuesRefusal(lead, { level: 2 }); // { reason: "form given but node lead has no form" }
 * decisionValuesRefusal(review, { risk: "medium" }, formProblems);
 * // { reason: "form values do not fit the node's form", problems: ["form.risk must be equal to one of the allowed values"] }
 */
export function decisionValuesRefusal(
  node: Pick<ApprovalNode, "id" | "form"> | undefined,
  form: Record<string, unknown> | undefined,
  check?: FormCheck,
): DecisionValuesRefusal | undefined {
  if (form !== undefined) {
    const reserved = Object.keys(form).find((key) => RESERVED_VALUE_KEYS.has(key));
    if (reserved !== undefined) return { reason: `form value ${reserved} is not accepted` };
    if (node && node.form === undefined) {
      return { reason: `form given but node ${node.id} has no form` };
    }
  }
  if (!node?.form || !check) return undefined;
  const problems = check(node.form, form ?? {});
  return problems.length > 0
    ? { reason: "form values do not fit the node's form", problems }
    : undefined;
}
