import { build } from "esbuild";
import { beforeAll, describe, expect, it } from "vitest";
import { BUNDLE_TARGETS } from "../../bench/handler-bundles.ts";
import {
  HANDLER_NAMES,
  type HandlerName,
  handlerBuildOptions,
} from "../../cdk/handler-bundling.ts";

const KB = 1024;

/**
 * The bundles still over issue 10's target, each held to about its size today so that it does
 * not grow while it waits for a cut: the api, whose pages, playground and user schemas keep it
 * far over (576.3 KB once yaml came from its ES module build and changes were announced by the
 * table's stream; docs/benchmarks.md, "What the api's bundle is made of"). The reconciler and
 * the sweeper, held here until then, are under the target since the stream announces changes
 * (35.1 and 36.2 KB).
 */
const OVER_TARGET: Partial<Record<HandlerName, number>> = {
  api: 577.3 * KB,
};

/** A bundle as a deployment bundles it: its bytes, and its four largest inputs for the message. */
interface Bundle {
  bytes: number;
  largest: string[];
}

const bundles = new Map<HandlerName, Bundle>();

beforeAll(async () => {
  for (const name of HANDLER_NAMES) {
    const { outputFiles, metafile } = await build({
      ...handlerBuildOptions(name),
      outfile: `${name}.mjs`,
      write: false,
      metafile: true,
      logLevel: "error",
    });
    const inputs = Object.values(metafile.outputs).flatMap((output) =>
      Object.entries(output.inputs),
    );
    const largest = inputs
      .sort(([, a], [, b]) => b.bytesInOutput - a.bytesInOutput)
      .slice(0, 4)
      .map(([input, { bytesInOutput }]) => `${input} ${bytesInOutput} B`);
    bundles.set(name, { bytes: outputFiles[0]?.contents.length ?? 0, largest });
  }
});

describe("each handler's bundle stays within issue 10's 50 KB, or its size today (AWS SDK and Powertools external)", () => {
  it.each(HANDLER_NAMES)("the %s bundle", (name) => {
    // Act
    const bundle = bundles.get(name);
    // Assess
    expect(bundle?.bytes).toBeGreaterThan(0);
    expect(
      bundle?.bytes,
      `largest inputs: ${bundle?.largest.join(", ")}; what to look for: docs/benchmarks.md`,
    ).toBeLessThanOrEqual(OVER_TARGET[name] ?? BUNDLE_TARGETS.bytes);
  });

  it("a bundle held to its size today is over the target, else it joins the others", () => {
    for (const [name, ceiling] of Object.entries(OVER_TARGET)) {
      expect(ceiling, name).toBeGreaterThan(BUNDLE_TARGETS.bytes);
      expect(bundles.get(name as HandlerName)?.bytes, name).toBeGreaterThan(BUNDLE_TARGETS.bytes);
    }
  });
});
