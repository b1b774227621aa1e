import { createHash } from "node:crypto";
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import standaloneCodeModule from "ajv/dist/standalone/index.js";
import { REQUEST_SCHEMAS, type RequestSchemaName } from "../lambdas/api/request-schemas.ts";
import { createAjv } from "../lambdas/core/schema/create-ajv.ts";

/** The global the api's code reads the injected validators from (`precompiledRequestValidators`). */
export const REQUEST_VALIDATORS_GLOBAL = "BATON_REQUEST_VALIDATORS";

const require = createRequire(import.meta.url);

/**
 * Ajv's standalone code of every `REQUEST_SCHEMAS` validator, as an ES module exporting each
 * under its schema's name: compiled by the same Ajv set-up the API compiles them with at run
 * time (`createAjv`), so the verdicts and errors are the same. The code's `require`s of Ajv's
 * run-time helpers name the installed files by absolute path, so the module bundles from
 * any folder.
 *
 * @example
 * const code = requestValidatorsCode(); // "…export const startRequest = validate20;…"
 */
export function requestValidatorsCode(): string {
  const ajv = createAjv({ code: { source: true, esm: true } });
  const names = Object.keys(REQUEST_SCHEMAS) as RequestSchemaName[];
  for (const name of names) ajv.addSchema(REQUEST_SCHEMAS[name], name);
  const code = standaloneCodeModule.default(
    ajv,
    Object.fromEntries(names.map((name) => [name, name])),
  );
  return code.replaceAll(
    /require\("(ajv\/dist\/runtime\/[a-z0-9_]+)"\)/g,
    (_call, module: string) => `require(${JSON.stringify(require.resolve(module))})`,
  );
}

let injection: string | undefined;

/**
 * Where the injected files are written: this package's own `node_modules/.cache`, which the
 * user running the synthesis owns — not the shared temporary directory, where another user of
 * the machine could make the predictably named folder first, or change its files before
 * esbuild reads them into the api's bundle.
 */
const CACHE = fileURLToPath(new URL("../node_modules/.cache/", import.meta.url));

/** Writes `text` to `file` whole: another process reading it never sees half of it. */
function writeWhole(file: string, text: string): void {
  const partial = `${file}.${process.pid}.partial`;
  writeFileSync(partial, text);
  renameSync(partial, file);
}

/**
 * The file esbuild injects into the api function's bundle (its `inject` option): it binds
 * {@link REQUEST_VALIDATORS_GLOBAL} to the module of {@link requestValidatorsCode}, so the
 * bundled API takes its request validators compiled instead of compiling them with Ajv as it
 * starts. Written once per process (synthesis is synchronous, and the CDK's esbuild command
 * line takes no plugins) into a folder of this package's `node_modules/.cache` named by the
 * code's hash, so the same code is one folder however many processes write it. The folder's `package.json`
 * says the files have no side effects: a bundle that does not read the global (another handler
 * built in the same esbuild run) leaves them out.
 *
 * @example
 * await build({ ...HANDLER_ESBUILD_OPTIONS, inject: [requestValidatorsInjection()], … });
 */
export function requestValidatorsInjection(): string {
  if (injection === undefined) {
    const code = requestValidatorsCode();
    const hash = createHash("sha256").update(code).digest("hex").slice(0, 16);
    const folder = join(CACHE, `baton-request-validators-${hash}`);
    mkdirSync(folder, { recursive: true });
    writeWhole(join(folder, "package.json"), '{ "type": "module", "sideEffects": false }\n');
    writeWhole(join(folder, "request-validators.js"), code);
    const file = join(folder, "inject.js");
    writeWhole(
      file,
      `import * as validators from "./request-validators.js";\nexport { validators as ${REQUEST_VALIDATORS_GLOBAL} };\n`,
    );
    injection = file;
  }
  return injection;
}
