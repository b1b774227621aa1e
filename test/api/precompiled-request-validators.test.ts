import { execFile } from "node:child_process";
import { mkdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { build } from "esbuild";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HANDLER_ESBUILD_OPTIONS, handlerInject } from "../../cdk/handler-bundling.ts";
import { precompiledRequestValidators } from "../../lambdas/api/precompiled-request-validators.ts";
import { REQUEST_SCHEMAS, type RequestSchemaName } from "../../lambdas/api/request-schemas.ts";
import { requestValidator } from "../../lambdas/api/request-validator.ts";

// The api function's bundle takes its request validators compiled at build time (Ajv's
// standalone code, injected by handlerInject("api")), while the code run from source compiles
// the same schemas with Ajv: both must answer every value alike, and the bundle must compile
// nothing as it validates.

const run = promisify(execFile);

/** What the bundled module exports: the validator factory and the schemas it knows by name. */
interface BundledValidators {
  requestValidator: typeof requestValidator;
  REQUEST_SCHEMAS: typeof REQUEST_SCHEMAS;
}

const ENTRY = [
  'export { requestValidator } from "./lambdas/api/request-validator.ts";',
  'export { REQUEST_SCHEMAS } from "./lambdas/api/request-schemas.ts";',
].join("\n");

const folder = join("node_modules", ".cache", `baton-request-validators-${process.pid}`);
let bundled: BundledValidators;

/** The request-validator module bundled as the api's bundle has it, with or without injection. */
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

/** Values near each schema: its own fields and one unknown, with values that fit or do not. */
function valuesFor(name: RequestSchemaName): fc.Arbitrary<unknown> {
  const schema = REQUEST_SCHEMAS[name] as { properties: Record<string, unknown> };
  const fields = [...Object.keys(schema.properties), "extra"];
  const fieldValue = fc.oneof(
    fc.constantFrom("pending", "done", "cc", "started", "todo", "10", "0", "abc_-", "en", ""),
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
  const file = await bundle("injected.mjs", handlerInject("api"));
  bundled = (await import(pathToFileURL(file).href)) as BundledValidators;
});

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe("the request validators compiled at build time", () => {
  it("are not there when the code runs from source", () => {
    expect(precompiledRequestValidators()).toBeUndefined();
  });

  it("answer every value as the validators Ajv compiles from source do", () => {
    const names = Object.keys(REQUEST_SCHEMAS) as RequestSchemaName[];
    for (const name of names) {
      const fromSource = requestValidator(REQUEST_SCHEMAS[name], "body");
      const fromBundle = bundled.requestValidator(bundled.REQUEST_SCHEMAS[name], "body");
      fc.assert(
        fc.property(valuesFor(name), (value) => {
          expect(answer(fromBundle, value)).toEqual(answer(fromSource, value));
        }),
        { numRuns: 300 },
      );
    }
  });

  it("validate in a process that refuses to compile code; without them Ajv would have to", async () => {
    // Prepare: the module bundled with and without the injection, and a script validating a
    // good and a bad body with each schema in a Node that refuses new Function (Ajv's compiler)
    const without = await bundle("plain.mjs", []);
    const script = (file: string) =>
      [
        `const m = await import(${JSON.stringify(pathToFileURL(file).href)});`,
        "const answers = {};",
        "for (const [name, schema] of Object.entries(m.REQUEST_SCHEMAS)) {",
        '  const check = m.requestValidator(schema, "body");',
        "  try { check({ unknownField: 1 }); answers[name] = 'passed'; } catch (e) { answers[name] = e.message; }",
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

    // Assess: every schema refused the unknown field without compiling; the plain module could
    // not validate at all there
    const answers = JSON.parse(injected.stdout) as Record<string, string>;
    expect(Object.keys(answers).sort()).toEqual(Object.keys(REQUEST_SCHEMAS).sort());
    for (const message of Object.values(answers)) {
      expect(message).toMatch(/unknown fields: body\.unknownField|is not valid/);
    }
    for (const message of Object.values(JSON.parse(plain.stdout) as Record<string, string>)) {
      expect(message).toMatch(/Code generation from strings disallowed/);
    }
  });
});
