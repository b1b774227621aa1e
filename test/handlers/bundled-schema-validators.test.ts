import { execFile } from "node:child_process";
import { mkdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { build } from "esbuild";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadDeployedDefinitions } from "../../cdk/deployed-definitions.ts";
import { HANDLER_ESBUILD_OPTIONS, handlerInject } from "../../cdk/handler-bundling.ts";
import { REQUEST_SCHEMAS } from "../../lambdas/api/request-schemas.ts";
import { requestValidator } from "../../lambdas/api/request-validator.ts";
import type { JsonSchema } from "../../lambdas/core/model/template.ts";
import { ajvSchemaValidators } from "../../lambdas/core/schema/ajv-schema-validators.ts";
import { templateSchemas } from "../../lambdas/core/schema/template-schemas.ts";
import type { bundledSchemaValidators } from "../../lambdas/handlers/bundled-schema-validators.ts";
import { FORMED_TEMPLATE } from "../support/formed-template.ts";

// The api and pages functions' bundles take the validators of the request schemas and of the
// deployed templates' input and form schemas compiled at build time (Ajv's standalone code,
// injected by handlerInject), while the code run from source compiles the same schemas with
// Ajv: both must answer every value alike, and the bundle must compile nothing as it validates.

const run = promisify(execFile);

/** What the bundled module exports: the request validator factory, the schemas, the bundle's validators. */
interface Bundled {
  requestValidator: typeof requestValidator;
  REQUEST_SCHEMAS: typeof REQUEST_SCHEMAS;
  bundledSchemaValidators: typeof bundledSchemaValidators;
}

const ENTRY = [
  'export { requestValidator } from "./lambdas/api/request-validator.ts";',
  'export { REQUEST_SCHEMAS } from "./lambdas/api/request-schemas.ts";',
  'export { bundledSchemaValidators } from "./lambdas/handlers/bundled-schema-validators.ts";',
].join("\n");

const folder = join("node_modules", ".cache", `baton-bundled-schemas-${process.pid}`);
let bundled: Bundled;
/** The example templates' input and form schemas, as `templates.json` hands them to a function. */
let deployedSchemas: JsonSchema[];

/** The modules bundled as the api's bundle has them, with or without the injection. */
async function bundle(name: string, inject: string[]): Promise<string> {
  const outfile = join(process.cwd(), folder, name);
  await build({
    ...HANDLER_ESBUILD_OPTIONS,
    mainFields: [...HANDLER_ESBUILD_OPTIONS.mainFields],
    external: [...HANDLER_ESBUILD_OPTIONS.external],
    inject,
    bundle: true,
    stdin: { contents: ENTRY, resolveDir: process.cwd(), loader: "ts" },
    outfile,
    logLevel: "error",
  });
  return outfile;
}

/** The answer of a validator: the value it let through, or the refusal's code, message and details. */
function answer(check: (value: unknown) => unknown, value: unknown): unknown {
  try {
    return { passed: check(value) };
  } catch (error) {
    const { name, code, message, details } = error as Record<string, unknown>;
    return { refused: { name, code, message, details } };
  }
}

/** Values near a schema: its own fields and one unknown, with values that fit or do not. */
function valuesNear(schema: JsonSchema): fc.Arbitrary<unknown> {
  const properties = (schema.properties ?? {}) as Record<string, unknown>;
  const fields = [...Object.keys(properties), "extra"];
  const fieldValue = fc.oneof(
    fc.constantFrom("pending", "done", "cc", "started", "todo", "10", "0", "abc_-", "en", ""),
    fc.constantFrom("al@example.com", "not an email", "2026-12-03T10:00:00Z", "2026-13-03"),
    fc.constantFrom(0, 1, 3, 32, -1, 2.5, true, false, null),
    fc.string({ maxLength: 20 }),
    fc.jsonValue({ maxDepth: 2 }),
  );
  return fc.oneof(
    fc.dictionary(fc.constantFrom(...fields), fieldValue),
    fc.jsonValue({ maxDepth: 2 }),
  );
}

beforeAll(async () => {
  await mkdir(folder, { recursive: true });
  const templates = [...(await loadDeployedDefinitions("definitions")).templates, FORMED_TEMPLATE];
  deployedSchemas = JSON.parse(JSON.stringify(templates.flatMap(templateSchemas)));
  const file = await bundle("injected.mjs", handlerInject("api", templates));
  bundled = (await import(pathToFileURL(file).href)) as Bundled;
}, 60_000);

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe("the schema validators compiled at build time", () => {
  it("answer every request as the validators Ajv compiles from source do", () => {
    const fromSource = ajvSchemaValidators();
    const fromBundle = bundled.bundledSchemaValidators();
    for (const name of Object.keys(REQUEST_SCHEMAS) as (keyof typeof REQUEST_SCHEMAS)[]) {
      const source = requestValidator(REQUEST_SCHEMAS[name], "body");
      const built = bundled.requestValidator(bundled.REQUEST_SCHEMAS[name], "body");
      fc.assert(
        fc.property(valuesNear(REQUEST_SCHEMAS[name]), (value) => {
          expect(answer((v) => built(v, fromBundle), value)).toEqual(
            answer((v) => source(v, fromSource), value),
          );
        }),
        { numRuns: 200 },
      );
    }
  });

  it("find each deployed input and form schema by its content, and answer every value with Ajv's verdict and errors", () => {
    const fromSource = ajvSchemaValidators();
    const fromBundle = bundled.bundledSchemaValidators();
    expect(deployedSchemas.length).toBeGreaterThan(3);
    for (const schema of deployedSchemas) {
      const source = fromSource.validator(schema);
      // A copy with its keys in another order: found by content, not by object
      const built = fromBundle.validator(Object.fromEntries(Object.entries(schema).reverse()));
      fc.assert(
        fc.property(valuesNear(schema), (value) => {
          const verdict = built(value);
          expect({ verdict, errors: built.errors ?? null }).toEqual({
            verdict: source(value),
            errors: source.errors ?? null,
          });
        }),
        { numRuns: 200 },
      );
    }
  });

  it("refuse a schema the bundle was not built with, naming it", () => {
    const unknown = { type: "object", required: ["never-deployed"] };

    const refused = answer(() => bundled.bundledSchemaValidators().validator(unknown), undefined);

    expect(refused).toMatchObject({
      refused: {
        name: "SchemaNotCompiledError",
        message: expect.stringMatching(
          /no validator was compiled into this bundle for schema s[0-9a-f]{24}/,
        ),
      },
    });
  });

  it("validate in a process that refuses to compile code; a bundle without them refuses every schema", async () => {
    // Prepare: the module bundled with and without the injection, and a script checking a body
    // with an unknown field against each request schema in a Node that refuses new Function
    // (Ajv's compiler)
    const without = await bundle("plain.mjs", []);
    const script = (file: string) =>
      [
        `const m = await import(${JSON.stringify(pathToFileURL(file).href)});`,
        "const schemas = m.bundledSchemaValidators();",
        "const answers = {};",
        "for (const [name, schema] of Object.entries(m.REQUEST_SCHEMAS)) {",
        '  const check = m.requestValidator(schema, "body");',
        "  try { check({ unknownField: 1 }, schemas); answers[name] = 'passed'; } catch (e) { answers[name] = e.message; }",
        "}",
        "process.stdout.write(JSON.stringify(answers));",
      ].join("\n");
    const inNode = (file: string) =>
      run(
        process.execPath,
        ["--disallow-code-generation-from-strings", "--input-type=module", "--eval", script(file)],
        { encoding: "utf8" },
      );

    // Act
    const injected = await inNode(join(process.cwd(), folder, "injected.mjs"));
    const plain = await inNode(without);

    // Assess: every schema refused the unknown field without compiling; the plain module has
    // no validator to take and no compiler to make one
    const answers = JSON.parse(injected.stdout) as Record<string, string>;
    expect(Object.keys(answers).sort()).toEqual(Object.keys(REQUEST_SCHEMAS).sort());
    for (const message of Object.values(answers)) {
      expect(message).toMatch(/unknown fields: body\.unknownField|is not valid/);
    }
    for (const message of Object.values(JSON.parse(plain.stdout) as Record<string, string>)) {
      expect(message).toMatch(/no validator was compiled into this bundle/);
    }
  });
});
