import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Stack } from "aws-cdk-lib";
import type { IConstruct } from "constructs";
import type { Template } from "../lambdas/core/model/template.ts";

/** The files staged so far, by stack and by their text: every function of a stack shares one. */
const STAGED = new WeakMap<Stack, Map<string, string>>();

/**
 * Writes the deployed template versions as JSON into a fresh staging folder (once per stack
 * for the same versions), for the handler
 * bundles' `templates.json` (what `buildBackendFromEnv` reads from `TEMPLATES_FILE`, by
 * default `$LAMBDA_TASK_ROOT/templates.json`). Nothing is written when the scope's stack is
 * not bundled (`aws:cdk:bundling-stacks` leaves it out, as in tests), and `undefined` comes
 * back.
 *
 * @example
 * const templatesFile = stageTemplatesFile(this, (await loadDeployedDefinitions()).templates);
 */
export function stageTemplatesFile(
  scope: IConstruct,
  templates: readonly Template[],
): string | undefined {
  const stack = Stack.of(scope);
  if (!stack.bundlingRequired) return undefined;
  const text = JSON.stringify(templates);
  const staged = STAGED.get(stack) ?? new Map<string, string>();
  STAGED.set(stack, staged);
  let file = staged.get(text);
  if (file === undefined) {
    file = join(mkdtempSync(join(tmpdir(), "baton-templates-")), "templates.json");
    writeFileSync(file, text);
    staged.set(text, file);
  }
  return file;
}
