import { MetricUnit } from "@aws-lambda-powertools/metrics";
import { afterEach, describe, expect, it, vi } from "vitest";
import { metrics } from "../../lambdas/handlers/observability.ts";
import { observedHandler } from "../../lambdas/handlers/observed-handler.ts";
import { lambdaContext } from "../support/lambda-context.ts";

describe("observedHandler", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("publishes nothing after an invocation that stored no metric (Powertools would warn)", async () => {
    const publish = vi.spyOn(metrics, "publishStoredMetrics");

    await observedHandler("quiet", async () => "done")({}, lambdaContext("baton-quiet"));

    expect(publish).not.toHaveBeenCalled();
  });

  it("publishes the metrics an invocation stored", async () => {
    const publish = vi.spyOn(metrics, "publishStoredMetrics").mockImplementation(() => {
      metrics.clearMetrics();
      return metrics;
    });

    await observedHandler("counting", async () => {
      metrics.addMetric("Counted", MetricUnit.Count, 1);
    })({}, lambdaContext("baton-counting"));

    expect(publish).toHaveBeenCalledOnce();
  });
  it("throws an error on with its name and message but no file path, logging the stack", async () => {
    const logged: string[] = [];
    for (const stream of [process.stdout, process.stderr]) {
      vi.spyOn(stream, "write").mockImplementation((chunk) => {
        logged.push(String(chunk));
        return true;
      });
    }
    class ProvisionError extends Error {
      override readonly name = "ProvisionError";
    }

    const thrown = await observedHandler("failing", async () => {
      throw new ProvisionError("cluster payment is full");
    })({}, lambdaContext("baton-failing")).catch((error: unknown) => error as Error);

    expect(thrown.name).toBe("ProvisionError");
    expect(thrown.message).toBe("cluster payment is full");
    expect(thrown.stack).toBe("ProvisionError: cluster payment is full");
    expect(logged.join("")).toContain("observed-handler.test.ts");
  });
});
