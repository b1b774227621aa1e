import type { Problem } from "./problem.ts";

/**
 * One check a template must pass (cdk-nag style). A rule reads the raw, untrusted document,
 * so it must skip malformed entries and never throw; it leaves `line` to the caller.
 *
 * @example
 * const noEmptyName: ValidationRule = {
 *   id: "no-empty-name",
 *   description: "A template name is not empty.",
 *   check: (document) => [],
 * };
 */
export interface ValidationRule {
  /** Stable, kebab-case; printed with every problem and documented in docs/validation.md. */
  readonly id: string;
  /** One sentence: what the rule refuses. */
  readonly description: string;
  check(document: unknown): Problem[];
}
