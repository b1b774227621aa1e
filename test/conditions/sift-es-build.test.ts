import { mkdtemp, rm } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HANDLER_ESBUILD_OPTIONS } from "../../cdk/handler-bundling.ts";
import { createSafeTester } from "../../lambdas/core/conditions/safe-query.ts";
import { inputArbitrary, queryArbitrary } from "../support/arbitraries.ts";

// The Lambda bundles take sift from its ES module build (HANDLER_ESBUILD_OPTIONS.alias) while
// the code, run by Node, imports its CommonJS build: both must judge every query alike.
let folder: string;
let bundled: typeof createSafeTester;
let inputs: string[];

beforeAll(async () => {
  folder = await mkdtemp(join("node_modules", ".cache", "baton-sift-es-"));
  const outfile = join(folder, "safe-query.mjs");
  const { metafile } = await build({
    ...HANDLER_ESBUILD_OPTIONS,
    mainFields: [...HANDLER_ESBUILD_OPTIONS.mainFields],
    external: [...HANDLER_ESBUILD_OPTIONS.external],
    bundle: true,
    entryPoints: ["lambdas/core/conditions/safe-query.ts"],
    outfile,
    metafile: true,
    logLevel: "error",
  });
  inputs = Object.keys(metafile.inputs).filter((input) => input.includes("node_modules/sift/"));
  ({ createSafeTester: bundled } = (await import(
    pathToFileURL(join(process.cwd(), outfile)).href
  )) as { createSafeTester: typeof createSafeTester });
});

afterAll(() => rm(folder, { recursive: true, force: true }));

describe("sift's ES module build in the Lambda bundles", () => {
  it("is the build bundled, not the CommonJS one the code imports", () => {
    expect(inputs).toEqual(["node_modules/sift/es/index.js"]);
  });

  it("judges every allowlisted query on every input as the CommonJS build does", () => {
    fc.assert(
      fc.property(queryArbitrary, inputArbitrary, (query, input) => {
        const document = { input, nodes: {} };
        expect(bundled(query)(document)).toBe(createSafeTester(query)(document));
      }),
      { numRuns: 500 },
    );
  });

  it("refuses what the allowlist refuses, as the source does", () => {
    const refused = { "input.note": { $where: "true" } };
    expect(() => createSafeTester(refused)).toThrow();
    expect(() => bundled(refused)).toThrow();
  });
});
