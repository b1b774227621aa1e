import fc from "fast-check";
import { afterEach, describe, expect, it, vi } from "vitest";
import { FLOW_METRICS } from "../../lambdas/handlers/flow-metric-names.ts";
import { InvocationUsage } from "../../lambdas/handlers/invocation-usage.ts";

/** The EMF lines printed while `act` runs, as { template, metric, value }. */
function printedBy(act: () => void): { template: string; name: string; value: number }[] {
  const printed: string[] = [];
  const write = vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
    printed.push(String(chunk));
    return true;
  });
  try {
    act();
  } finally {
    write.mockRestore();
  }
  return printed
    .join("")
    .split("\n")
    .filter((line) => line.includes('"_aws"'))
    .flatMap((line) => {
      const emf = JSON.parse(line) as Record<string, unknown> & {
        _aws: { CloudWatchMetrics: { Metrics: { Name: string }[] }[] };
      };
      return emf._aws.CloudWatchMetrics.flatMap((directive) =>
        directive.Metrics.map((metric) => ({
          template: String(emf.template),
          name: metric.Name,
          value: Number(emf[metric.Name]),
        })),
      );
    });
}

const total = (lines: { name: string; value: number }[], name: string) =>
  lines.filter((line) => line.name === name).reduce((sum, line) => sum + line.value, 0);

describe("InvocationUsage", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

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
          usage.begin();
          for (const template of [...templates, ...templates]) usage.noteTemplate(template);
          for (let write = 0; write < writes; write += 1) usage.noteWrite();

          const lines = printedBy(() => usage.publish("1024"));

          expect(new Set(lines.map((line) => line.template))).toEqual(new Set(templates));
          expect(total(lines, FLOW_METRICS.lambdaRequests)).toBeCloseTo(1, 9);
          expect(total(lines, FLOW_METRICS.dynamoDbWrites)).toBeCloseTo(writes, 9);
          expect(total(lines, FLOW_METRICS.lambdaGbSeconds)).toBeGreaterThanOrEqual(0);
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

    expect(printedBy(() => usage.publish(512))).toEqual([]);
    expect(usage.endedTemplate("01J")).toBeUndefined();
  });
});
