import { createHash } from "node:crypto";
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import standaloneCodeModule from "ajv/dist/standalone/index.js";
import { REQUEST_SCHEMAS } from "../lambdas/api/request-schemas.ts";
import type { JsonSchema, Template } from "../lambdas/core/model/template.ts";
import { createAjv } from "../lambdas/core/schema/create-ajv.ts";
import { schemaKey } from "../lambdas/core/schema/schema-key.ts";
import { templateSchemas } from "../lambdas/core/schema/template-schemas.ts";

/** The global the bundled code reads the injected validators from (`bundledSchemaValidators`). */
export const SCHEMA_VALIDATORS_GLOBAL = "BATON_SCHEMA_VALIDATORS";

const require = createRequire(import.meta.url);

/**
 * The schemas a bundle checks with: every request schema (`REQUEST_SCHEMAS`) and the `input`
 * and `form` schemas of the templates it is deployed with, each once, by {@link schemaKey}.
 *
 * @example
 * deployedSchemas(definitions.templates).size; // 8 request schemas and the templates'
 */
export function deployedSchemas(templates: readonly Template[]): Map<string, JsonSchema> {
  const schemas = [...Object.values(REQUEST_SCHEMAS), ...templates.flatMap(templateSchemas)];
  return new Map(schemas.map((schema) => [schemaKey(schema as JsonSchema), schema as JsonSchema]));
}

/**
 * Ajv's standalone code of one schema's validator, as an ES module exporting it under `key`:
 * compiled by the same Ajv set-up the code compiles schemas with at run time (`createAjv`), one
 * Ajv a schema (templates may reuse `$id`s), so the verdicts and errors are the same. Its
 * `require`s of Ajv's run-time helpers name the installed files by absolute path, so the
 * module bundles from any folder.
 */
function validatorCode(key: string, schema: JsonSchema): string {
  const ajv = createAjv({ code: { source: true, esm: true } });
  ajv.addSchema(schema, key);
  return standaloneCodeModule
    .default(ajv, { [key]: key })
    .replaceAll(
      /require\("(ajv\/dist\/runtime\/[a-z0-9_]+)"\)/g,
      (_call, module: string) => `require(${JSON.stringify(require.resolve(module))})`,
    );
}

/**
 * Where the injected files are written: this package's own `node_modules/.cache`, which the
 * user running the synthesis owns — not the shared temporary directory, where another user of
 * the machine could make the predictably named folder first, or change its files before
 * esbuild reads them into a bundle.
 */
const CACHE = fileURLToPath(new URL("../node_modules/.cache/", import.meta.url));

/** Writes `text` to `file` whole: another process reading it never sees half of it. */
function writeWhole(file: string, text: string): void {
  const partial = `${file}.${process.pid}.partial`;
  writeFileSync(partial, text);
  renameSync(partial, file);
}

/**
 * The injection written so far in this process, by the keys of its schemas: the same schemas
 * (named by their content) make the same code, so a second bundle of them generates nothing.
 */
const written = new Map<string, string>();

/**
 * The file esbuild injects into a bundle that checks schemas (its `inject` option): it binds
 * {@link SCHEMA_VALIDATORS_GLOBAL} to a module exporting the validator of each of
 * {@link deployedSchemas}, Ajv's standalone code, named by its {@link schemaKey} — so the
 * bundled code takes them compiled (`bundledSchemaValidators`) and needs no Ajv compiler.
 * Written into a folder of this package's `node_modules/.cache` named by the code's hash, so the
 * same schemas are one folder however many processes write them. The folder's `package.json`
 * says the files have no side effects: a bundle that does not read the global (another handler
 * built in the same esbuild run) leaves them out.
 *
 * @example
 * await build({ ...HANDLER_ESBUILD_OPTIONS, inject: [schemaValidatorsInjection(templates)], … });
 */
export function schemaValidatorsInjection(templates: readonly Template[]): string {
  const schemas = [...deployedSchemas(templates)].sort(([a], [b]) => (a < b ? -1 : 1));
  const names = schemas.map(([key]) => key).join(",");
  const known = written.get(names);
  if (known !== undefined) return known;
  const modules = schemas.map(([key, schema]) => ({ key, code: validatorCode(key, schema) }));
  const hash = createHash("sha256")
    .update(modules.map((module) => module.code).join("\n"))
    .digest("hex")
    .slice(0, 16);
  const folder = join(CACHE, `baton-schema-validators-${hash}`);
  mkdirSync(folder, { recursive: true });
  writeWhole(join(folder, "package.json"), '{ "type": "module", "sideEffects": false }\n');
  for (const { key, code } of modules) writeWhole(join(folder, `${key}.js`), code);
  writeWhole(
    join(folder, "schema-validators.js"),
    modules.map(({ key }) => `export { ${key} } from "./${key}.js";\n`).join(""),
  );
  const file = join(folder, "inject.js");
  writeWhole(
    file,
    `import * as validators from "./schema-validators.js";\nexport { validators as ${SCHEMA_VALIDATORS_GLOBAL} };\n`,
  );
  written.set(names, file);
  return file;
}
