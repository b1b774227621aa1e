import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Stack } from "aws-cdk-lib";
import type { IConstruct } from "constructs";
import type { Template } from "../lambdas/core/model/template.ts";

/**
 * Writes the deployed template versions as JSON into a fresh staging folder, for the handler
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
  if (!Stack.of(scope).bundlingRequired) return undefined;
  const file = join(mkdtempSync(join(tmpdir(), "baton-templates-")), "templates.json");
  writeFileSync(file, JSON.stringify(templates));
  return file;
}
