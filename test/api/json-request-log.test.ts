import fc from "fast-check";
import { afterEach, describe, expect, it, vi } from "vitest";
import { jsonRequestLog } from "../../lambdas/api/json-request-log.ts";
import type { RequestLogEntry } from "../../lambdas/api/request-log.ts";
import { embeddedLogger } from "../../lambdas/embedded/embedded-logger.ts";

const entries: fc.Arbitrary<RequestLogEntry> = fc.record(
  {
    method: fc.constantFrom("GET", "POST"),
    route: fc.constantFrom("/v1/instances/:id", "/a/:linkId", "/v1/approvals"),
    status: fc.integer({ min: 200, max: 599 }),
    durationMs: fc.double({ min: 0, max: 1e5, noNaN: true }),
    user: fc.string(),
  },
  { requiredKeys: ["method", "route", "status", "durationMs"] },
);

/** What the Powertools logger of `baton dev` writes for `entry`, parsed. */
function powertoolsLine(entry: RequestLogEntry): Record<string, unknown> {
  const written: string[] = [];
  const spy = vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
    written.push(String(chunk));
    return true;
  });
  try {
    embeddedLogger("INFO").info("request", { ...entry });
  } finally {
    spy.mockRestore();
  }
  expect(written).toHaveLength(1);
  return JSON.parse(written[0] ?? "") as Record<string, unknown>;
}

describe("jsonRequestLog", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("writes one line per entry with the keys, order and redaction of the Powertools line, without its sampling_rate", () => {
    const at = new Date("2026-12-02T06:15:47.255Z");
    fc.assert(
      fc.property(entries, (entry) => {
        const lines: string[] = [];
        const log = jsonRequestLog({
          service: "baton",
          write: (line) => lines.push(line),
          now: () => at,
        });

        log(entry);

        expect(lines).toHaveLength(1);
        const line = lines[0] ?? "";
        expect(line.endsWith("\n")).toBe(true);
        expect(line.indexOf("\n")).toBe(line.length - 1);
        const { sampling_rate: _, ...expected } = powertoolsLine(entry);
        const written = JSON.parse(line) as Record<string, unknown>;
        expect(Object.keys(written)).toEqual(Object.keys(expected));
        expect(written).toEqual({ ...expected, timestamp: "2026-12-02T06:15:47.255Z" });
      }),
      { numRuns: 50 },
    );
  });

  it("never writes an approval link's id, in the route or anywhere else", () => {
    const lines: string[] = [];
    const log = jsonRequestLog({ service: "baton", write: (line) => lines.push(line) });

    log({ method: "GET", route: "/a/:linkId", status: 200, durationMs: 1, user: "x/a/7QK2secret" });

    expect(lines.join("")).not.toContain("7QK2secret");
    expect(JSON.parse(lines[0] ?? "")).toMatchObject({
      route: "/a/[redacted]",
      user: "x/a/[redacted]",
    });
  });
});
