import { mkdtemp, rm } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { HANDLER_ESBUILD_OPTIONS } from "../../cdk/handler-bundling.ts";
import { loadTemplate } from "../../lambdas/core/template/load-template.ts";
import { templateArbitrary } from "../support/arbitraries.ts";

// The Lambda bundles take yaml from its ES module build (HANDLER_ESBUILD_OPTIONS.alias) while
// the code, run by Node, imports its CommonJS build: the api's playground writes a template as
// YAML and loads what is typed, and both builds must answer every text alike.
interface Bundled {
  loadTemplate: typeof loadTemplate;
  stringify: typeof stringify;
}

let folder: string;
let bundled: Bundled;
let inputs: string[];

beforeAll(async () => {
  folder = await mkdtemp(join("node_modules", ".cache", "baton-yaml-es-"));
  const outfile = join(folder, "playground-yaml.mjs");
  const { metafile } = await build({
    ...HANDLER_ESBUILD_OPTIONS,
    mainFields: [...HANDLER_ESBUILD_OPTIONS.mainFields],
    external: [...HANDLER_ESBUILD_OPTIONS.external],
    bundle: true,
    stdin: {
      contents: [
        'export { loadTemplate } from "./lambdas/core/template/load-template.ts";',
        'export { stringify } from "yaml";',
      ].join("\n"),
      resolveDir: process.cwd(),
      loader: "ts",
    },
    outfile,
    metafile: true,
    logLevel: "error",
  });
  inputs = Object.keys(metafile.inputs).filter((input) => input.includes("node_modules/yaml/"));
  bundled = (await import(pathToFileURL(join(process.cwd(), outfile)).href)) as Bundled;
});

afterAll(() => rm(folder, { recursive: true, force: true }));

/** A template written as YAML, then cut at a point and something typed there. */
const editedTextArbitrary = fc
  .tuple(
    templateArbitrary(),
    fc.nat(),
    fc.string({ unit: fc.constantFrom(..." :-[]{}#'\"\n\tab1") }),
  )
  .map(([template, at, typed]) => {
    const text = stringify(template);
    const cut = at % (text.length + 1);
    return `${text.slice(0, cut)}${typed}${text.slice(cut)}`;
  });

describe("yaml's ES module build in the Lambda bundles", () => {
  it("is the build bundled, not the CommonJS one the code imports", () => {
    expect(inputs.length).toBeGreaterThan(0);
    expect(inputs.filter((input) => !input.startsWith("node_modules/yaml/browser/"))).toEqual([]);
  });

  it("writes every template as the CommonJS build does, and loads it back alike", () => {
    fc.assert(
      fc.property(templateArbitrary(), (template) => {
        const text = bundled.stringify(template);
        expect(text).toBe(stringify(template));
        expect(bundled.loadTemplate(text, "playground.yaml")).toEqual(
          loadTemplate(text, "playground.yaml"),
        );
      }),
      { numRuns: 50 },
    );
  });

  it("loads every edited text as the CommonJS build does: the template or the same problems on the same lines", () => {
    fc.assert(
      fc.property(editedTextArbitrary, (text) => {
        expect(bundled.loadTemplate(text, "playground.yaml")).toEqual(
          loadTemplate(text, "playground.yaml"),
        );
      }),
      { numRuns: 100 },
    );
  });
});
