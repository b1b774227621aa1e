import { fileURLToPath } from "node:url";
import standaloneCodeModule from "ajv/dist/standalone/index.js";
import type { Plugin } from "esbuild";
import templateSchema from "../../../schema/baton-template.schema.json" with { type: "json" };
import { batonSchemaAjv } from "../../core/schema/baton-schema-validator.ts";
import { createAjv, META_SCHEMA_2020_12 } from "../../core/schema/create-ajv.ts";

/** Ajv's options for code that is kept as a module instead of evaluated. */
const STANDALONE = { code: { source: true, esm: true } };

/** Where the generated code's `require("ajv/dist/runtime/…")` calls resolve from. */
const REPOSITORY = fileURLToPath(new URL("../../../", import.meta.url));

/**
 * The validators a browser bundle imports as `baton-schema:{name}`, each made by the same Ajv
 * set-up the server compiles it with, as standalone code: `template` validates
 * `schema/baton-template.schema.json` (`batonSchemaAjv`), `meta-2020-12` validates a user schema
 * against the 2020-12 meta-schema (`createAjv`).
 */
const PRECOMPILED: Record<string, () => string> = {
  template: () => {
    const ajv = batonSchemaAjv(STANDALONE);
    return standaloneCodeModule.default(ajv, ajv.compile(templateSchema));
  },
  "meta-2020-12": () => {
    const ajv = createAjv(STANDALONE);
    const validate = ajv.getSchema(META_SCHEMA_2020_12);
    if (!validate) throw new TypeError(`Ajv has no meta-schema ${META_SCHEMA_2020_12}`);
    return standaloneCodeModule.default(ajv, validate);
  },
};

/**
 * An esbuild plugin answering `import validate from "baton-schema:{name}"` with Ajv's
 * standalone code for that validator, generated at build time. A page's Content-Security-Policy
 * refuses the evaluation (`new Function`) Ajv compiles with, so a browser gets the validators
 * the server compiles, already compiled: the same code, the same errors.
 *
 * @example
 * await build({ entryPoints, bundle: true, plugins: [precompiledSchemas] });
 */
export const precompiledSchemas: Plugin = {
  name: "baton-precompiled-schemas",
  setup(bundler) {
    bundler.onResolve({ filter: /^baton-schema:/ }, (args) => ({
      path: args.path.slice("baton-schema:".length),
      namespace: "baton-schema",
    }));
    bundler.onLoad({ filter: /.*/, namespace: "baton-schema" }, (args) => {
      const generate = PRECOMPILED[args.path];
      return generate === undefined
        ? { errors: [{ text: `no precompiled schema ${args.path}` }] }
        : { contents: generate(), loader: "js", resolveDir: REPOSITORY };
    });
  },
};
