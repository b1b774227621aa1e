import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { build } from "esbuild";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import type { TemplateCheck } from "../../lambdas/api/pages/client/lib/check-template-text.ts";
import { precompiledSchemas } from "../../lambdas/api/pages/precompiled-schemas.ts";
import { loadTemplate } from "../../lambdas/core/template/load-template.ts";
import { isTemplateFileName } from "../../lambdas/core/template/template-file-name.ts";

const CHECKER = "lambdas/api/pages/client/lib/check-template-text.ts";

/** The module the playground's script imports, bundled for browsers as the pages' assets are. */
async function bundleChecker(folder: string): Promise<string> {
  const result = await build({
    entryPoints: [CHECKER],
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    minify: true,
    write: false,
    metafile: true,
    logLevel: "silent",
    plugins: [precompiledSchemas],
  });
  const nodeInputs = Object.keys(result.metafile.inputs).filter((input) =>
    input.startsWith("node:"),
  );
  expect(nodeInputs).toEqual([]);
  const file = join(folder, "check-template-text.mjs");
  await writeFile(file, result.outputFiles[0]?.contents ?? "");
  return file;
}

/** What the server says of a text: the same shape as the browser's answer. */
function serverCheck(text: string): TemplateCheck {
  const loaded = loadTemplate(text, "playground.yaml");
  return loaded.template
    ? { template: loaded.template, problems: [] }
    : { problems: loaded.problems };
}

async function texts(folder: string, keep: (name: string) => boolean): Promise<string[]> {
  const names = (await readdir(folder)).filter(keep).sort();
  return Promise.all(names.map((name) => readFile(join(folder, name), "utf8")));
}

/** User schemas refused in different ways (meta-schema, `$ref`, `pattern`, `$schema`). */
const REFUSED_SCHEMAS = [
  { type: "nope" },
  { type: "object", properties: { a: { $ref: "#/$defs/missing" } } },
  { type: "string", pattern: "(" },
  { type: "object", patternProperties: { "[": { type: "string" } } },
  { $schema: "http://json-schema.org/draft-07/schema#", type: "object" },
  { $schema: 7 },
  { type: "object", properties: { n: { type: "integer", minimum: "x" } } },
  { type: "object", required: ["a", "a"] },
];

/** User schemas that compile, through references the compiler follows into other schemas. */
const ACCEPTED_SCHEMAS = [
  { $defs: { a: { $ref: "#/$defs/b" }, b: { type: "string" } }, $ref: "#/$defs/a" },
  {
    $defs: { tree: { type: "object", properties: { kids: { items: { $ref: "#/$defs/tree" } } } } },
    $ref: "#/$defs/tree",
  },
  {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    type: "object",
    properties: { when: { type: "string", format: "date-time", pattern: "^2" } },
  },
];

/** Paths into a parsed template, from the whole document down to one field of one node. */
function pathsOf(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const here = [prefix];
  if (Array.isArray(value)) {
    return [...here, ...value.flatMap((item, index) => pathsOf(item, [...prefix, index]))];
  }
  if (value !== null && typeof value === "object") {
    return [
      ...here,
      ...Object.entries(value).flatMap(([key, item]) => pathsOf(item, [...prefix, key])),
    ];
  }
  return here;
}

type Mutation = { path: number; change: "delete" | "set"; to: unknown };

function mutate(document: unknown, mutation: Mutation): unknown {
  const copy = structuredClone(document);
  const paths = pathsOf(copy).filter((path) => path.length > 0);
  const path = paths[mutation.path % paths.length] ?? [];
  let parent: unknown = copy;
  for (const segment of path.slice(0, -1)) {
    parent = (parent as Record<string | number, unknown>)[segment];
  }
  const last = path.at(-1) as string | number;
  const holder = parent as Record<string | number, unknown>;
  if (mutation.change === "delete" && Array.isArray(holder)) holder.splice(Number(last), 1);
  else if (mutation.change === "delete") delete holder[last];
  else holder[last] = mutation.to;
  return copy;
}

const replacement = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom(...REFUSED_SCHEMAS, ...ACCEPTED_SCHEMAS),
  fc.constantFrom("start", "end", "approval", "task", "gateway", "PT0S", "P1D", "input.owner"),
  fc.constantFrom({ $where: "1" }, { "input.x": { $gt: 1 } }, { "nodes.ghost.output.a": 1 }),
);

describe("the playground's validator, bundled for the browser", () => {
  let folder: string;
  let browserCheck: (text: string) => TemplateCheck;
  let definitions: string[];
  let invalid: string[];

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), "baton-playground-"));
    const file = await bundleChecker(folder);
    ({ checkTemplateText: browserCheck } = await import(pathToFileURL(file).href));
    definitions = await texts("definitions", isTemplateFileName);
    invalid = await texts("test/fixtures/invalid", (name) => name.endsWith(".yaml"));
  }, 60_000);

  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it("accepts every template of definitions/ as the server does", () => {
    expect(definitions.length).toBeGreaterThanOrEqual(4);
    for (const text of definitions) {
      const answer = browserCheck(text);
      expect(answer.problems).toEqual([]);
      expect(answer).toEqual(serverCheck(text));
    }
  });

  it("reports exactly the server's problems, with lines, for every invalid fixture", () => {
    for (const text of invalid) {
      const answer = browserCheck(text);
      expect(answer.problems.length).toBeGreaterThan(0);
      expect(answer.problems.every((problem) => typeof problem.line === "number")).toBe(true);
      expect(answer).toEqual(serverCheck(text));
    }
  });

  it("refuses a user schema as the server does, however it is broken", () => {
    const base = parse(definitions[0] ?? "") as Record<string, unknown>;
    for (const input of REFUSED_SCHEMAS) {
      const text = stringify({ ...base, input });
      const answer = browserCheck(text);
      expect(answer.problems.map((problem) => problem.rule)).toContain("embedded-schema");
      expect(answer).toEqual(serverCheck(text));
    }
  });

  it("accepts a user schema that compiles, references and formats included", () => {
    const base = parse(definitions[0] ?? "") as Record<string, unknown>;
    for (const input of ACCEPTED_SCHEMAS) {
      const text = stringify({ ...base, input });
      const answer = browserCheck(text);
      expect(answer.problems.map((problem) => problem.rule)).not.toContain("embedded-schema");
      expect(answer).toEqual(serverCheck(text));
    }
  });

  it("property: any mutation of a definition gets the server's verdict", () => {
    const documents = definitions.map((text) => parse(text) as unknown);
    fc.assert(
      fc.property(
        fc.nat({ max: documents.length - 1 }),
        fc.array(
          fc.record({
            path: fc.nat(),
            change: fc.constantFrom("delete", "set"),
            to: replacement,
          }) as fc.Arbitrary<Mutation>,
          { minLength: 1, maxLength: 3 },
        ),
        (which, mutations) => {
          const document = mutations.reduce(mutate, documents[which]);
          const text = stringify(document);
          expect(browserCheck(text)).toEqual(serverCheck(text));
        },
      ),
      { numRuns: 100 },
    );
  });

  it("property: a text cut or garbled anywhere gets the server's verdict (syntax errors too)", () => {
    fc.assert(
      fc.property(
        fc.nat({ max: definitions.length - 1 }),
        fc.nat(),
        fc.nat({ max: 40 }),
        fc.constantFrom("", ":", "- ", "  ", "{", "]", "\t", "&a", "*b", "\n  x: 1"),
        (which, at, cut, insert) => {
          const text = definitions[which] ?? "";
          const start = at % (text.length + 1);
          const garbled = text.slice(0, start) + insert + text.slice(start + cut);
          expect(browserCheck(garbled)).toEqual(serverCheck(garbled));
        },
      ),
      { numRuns: 100 },
    );
  });

  it("validates where code may not be generated from strings, as under the page's CSP", async () => {
    const script = join(folder, "under-csp.mjs");
    await writeFile(
      script,
      `import { checkTemplateText } from "./check-template-text.mjs";
const texts = JSON.parse(process.argv[2]);
process.stdout.write(JSON.stringify(texts.map((text) => checkTemplateText(text))));`,
    );
    const base = parse(definitions[0] ?? "") as Record<string, unknown>;
    const schemas = [...REFUSED_SCHEMAS, ...ACCEPTED_SCHEMAS].map((input) =>
      stringify({ ...base, input }),
    );
    const all = [...definitions, ...invalid, ...schemas];
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ["--disallow-code-generation-from-strings", script, JSON.stringify(all)],
      { maxBuffer: 16 * 1024 * 1024 },
    );
    expect(JSON.parse(stdout)).toEqual(JSON.parse(JSON.stringify(all.map(serverCheck))));
  });
});
