import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";
import { FLOW_METRIC_DIMENSIONS, FLOW_METRICS } from "../../lambdas/handlers/flow-metric-names.ts";
import { InvocationUsage } from "../../lambdas/handlers/invocation-usage.ts";
import { captureEmf, type Figure } from "../support/emf-figures.ts";

/** The EMF figures `publish` prints, the capture ended before they are read. */
function publishedBy(usage: InvocationUsage, memoryLimitInMB: string | number): Figure[] {
  const figures = captureEmf();
  try {
    usage.publish(memoryLimitInMB);
  } finally {
    vi.restoreAllMocks();
  }
  return figures();
}

const total = (figures: Figure[], name: string) =>
  figures.filter((figure) => figure.name === name).reduce((sum, figure) => sum + figure.value, 0);

describe("InvocationUsage", () => {
  it("shares one invocation's request and writes between the templates it served, whatever they are", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/), {
          minLength: 1,
          maxLength: 6,
        }),
        fc.nat(200),
        (templates, writes) => {
          const usage = new InvocationUsage();
          const began = performance.now();
          usage.begin();
          for (const template of [...templates, ...templates]) usage.noteTemplate(template);
          for (let write = 0; write < writes; write += 1) usage.noteWrite();

          const figures = publishedBy(usage, "1024");
          const seconds = (performance.now() - began) / 1000;

          expect(
            new Set(figures.map((figure) => figure.dimensions[FLOW_METRIC_DIMENSIONS.template])),
          ).toEqual(new Set(templates));
          expect(total(figures, FLOW_METRICS.lambdaRequests)).toBeCloseTo(1, 9);
          expect(total(figures, FLOW_METRICS.dynamoDbWrites)).toBeCloseTo(writes, 9);
          expect(
            figures
              .filter((figure) => figure.name === FLOW_METRICS.lambdaGbSeconds)
              .map((figure) => figure.dimensions[FLOW_METRIC_DIMENSIONS.template])
              .sort(),
          ).toEqual([...templates].sort());
          expect(total(figures, FLOW_METRICS.lambdaGbSeconds)).toBeGreaterThanOrEqual(0);
          // 1024 MB: the GB-seconds shared are the seconds since begin, no more than measured here
          expect(total(figures, FLOW_METRICS.lambdaGbSeconds)).toBeLessThanOrEqual(seconds + 1e-9);
        },
      ),
      { numRuns: 50 },
    );
  });

  it("publishes nothing for an invocation that served no template, and forgets the last one's", () => {
    const usage = new InvocationUsage();
    usage.begin();
    usage.noteTemplate("cache-change");
    usage.noteEnded("01J", "cache-change");
    usage.noteWrite();
    usage.begin();

    expect(publishedBy(usage, 512)).toEqual([]);
    expect(usage.endedTemplate("01J")).toBeUndefined();
  });
});
