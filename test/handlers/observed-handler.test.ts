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
});
