import { vi } from "vitest";

/** One metric of one EMF line the handlers printed: its name, dimensions and value. */
export interface Figure {
  name: string;
  namespace: string;
  dimensions: Record<string, string>;
  unit: string;
  /** Its value; the sum of its values when the line carries several (one per `addMetric`). */
  value: number;
}

/**
 * Captures what the handlers print to stdout (where Powertools writes its EMF lines) and answers
 * a function that reads the EMF lines printed so far as {@link Figure}s. The spy stays until
 * `vi.restoreAllMocks()`.
 *
 * @example
 * const figures = captureEmf();
 * await handler(event, context);
 * expect(figures().filter((f) => f.name === "ChangesAnnounced")).toMatchObject([{ value: 1 }]);
 */
export function captureEmf(): () => Figure[] {
  const printed: string[] = [];
  vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
    printed.push(String(chunk));
    return true;
  });
  return () =>
    printed
      .join("")
      .split("\n")
      .filter((line) => line.includes('"_aws"'))
      .flatMap((line) => {
        const emf = JSON.parse(line) as Record<string, unknown> & {
          _aws: {
            CloudWatchMetrics: {
              Namespace: string;
              Dimensions: string[][];
              Metrics: { Name: string; Unit: string }[];
            }[];
          };
        };
        return emf._aws.CloudWatchMetrics.flatMap((directive) =>
          directive.Metrics.map((metric) => ({
            name: metric.Name,
            namespace: directive.Namespace,
            unit: metric.Unit,
            dimensions: Object.fromEntries(
              (directive.Dimensions[0] ?? []).map((key) => [key, String(emf[key])]),
            ),
            value: [emf[metric.Name]].flat().reduce((sum: number, one) => sum + Number(one), 0),
          })),
        );
      });
}
