import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { BusEvent } from "../../lambdas/core/records/bus-event.ts";
import { FlowMetrics } from "../../lambdas/embedded/flow-metrics.ts";

/** Each sample line of an exposition (`name{labels} value`), by its name and labels. */
function samples(text: string): Map<string, number> {
  const lines = text.split("\n").filter((line) => line !== "" && !line.startsWith("#"));
  return new Map(
    lines.map((line) => {
      const cut = line.lastIndexOf(" ");
      return [line.slice(0, cut), Number(line.slice(cut + 1))];
    }),
  );
}

const TEMPLATES: Record<string, string> = { i1: "expense", i2: "expense", i3: "leave" };

/** A flow event of instance `instance` (template by {@link TEMPLATES}) at second `second`. */
function event(
  type: BusEvent["type"],
  instance: string,
  second: number,
  more: { nodeId?: string; detail?: Record<string, unknown> } = {},
): BusEvent {
  return {
    type,
    tenant: "default",
    templateId: TEMPLATES[instance] ?? "expense",
    templateVersion: 1,
    instanceId: instance,
    at: new Date(Date.UTC(2026, 11, 2) + second * 1000).toISOString(),
    ...(more.nodeId === undefined ? {} : { nodeId: more.nodeId }),
    detail: more.detail ?? {},
  };
}

const requested = (instance: string, node: string, second: number) =>
  event("approval.requested", instance, second, {
    nodeId: node,
    detail: { approvalId: `${instance}.${node}.1`, approvers: ["al"] },
  });

const decided = (instance: string, node: string, second: number, verdict?: string) =>
  event("approval.decided", instance, second, {
    nodeId: node,
    detail: {
      approvalId: `${instance}.${node}.1`,
      action: "approve",
      actor: "al",
      ...(verdict ? { verdict } : {}),
    },
  });

async function figures(events: readonly BusEvent[], metrics = new FlowMetrics()) {
  for (const each of events) metrics.observe(each);
  return samples(await metrics.metrics());
}

describe("FlowMetrics", () => {
  it("counts starts and ends by template and status, in the Prometheus text format", async () => {
    // Prepare
    const metrics = new FlowMetrics();

    // Act
    const read = await figures(
      [
        event("flow.started", "i1", 0),
        event("flow.started", "i3", 1),
        event("flow.ended", "i1", 5, { detail: { status: "rejected" } }),
      ],
      metrics,
    );

    // Assess
    expect(metrics.contentType).toContain("text/plain; version=0.0.4");
    expect(read.get('baton_instances_started_total{template="expense"}')).toBe(1);
    expect(read.get('baton_instances_started_total{template="leave"}')).toBe(1);
    expect(read.get('baton_instances_ended_total{template="expense",status="rejected"}')).toBe(1);
    expect(await metrics.metrics()).toContain("# TYPE baton_instances_started_total counter\n");
  });

  it("measures an approval's wait from its request to the decision that settled it, not to a seat's decision", async () => {
    // Act: a countersign's first seat at 60 s decides nothing; the second at 4,000 s does
    const read = await figures([
      requested("i1", "lead", 0),
      decided("i1", "lead", 60),
      decided("i1", "lead", 4000, "approved"),
    ]);

    // Assess
    const labels = '{template="expense",outcome="approved"}';
    expect(read.get(`baton_approval_wait_seconds_count${labels}`)).toBe(1);
    expect(read.get(`baton_approval_wait_seconds_sum${labels}`)).toBe(4000);
    expect(
      read.get(
        'baton_approval_wait_seconds_bucket{le="3600",template="expense",outcome="approved"}',
      ),
    ).toBe(0);
    expect(
      read.get(
        'baton_approval_wait_seconds_bucket{le="14400",template="expense",outcome="approved"}',
      ),
    ).toBe(1);
    expect(read.get('baton_pending_approvals{template="expense"}')).toBe(0);
  });

  it("starts the pending gauge from the approvals pending at start, counts each once when its request is delivered again, and counts down from there", async () => {
    // Prepare: i1.lead and i2.lead (expense) and i3.lead (leave) were pending when the engine
    // started, requested at second 0
    const stored = (instance: string) => ({
      tenant: "default",
      instanceId: instance,
      nodeId: "lead",
      visit: 1,
      templateId: TEMPLATES[instance] ?? "expense",
      createdAt: new Date(Date.UTC(2026, 11, 2)).toISOString(),
    });
    const metrics = new FlowMetrics({ pending: ["i1", "i2", "i3"].map(stored) });
    const atStart = samples(await metrics.metrics());

    // Act: the request of i1.lead the last run left unpublished is delivered now; i2.lead is
    // decided at 600 s, i3's instance is cancelled
    const read = await figures(
      [
        requested("i1", "lead", 0),
        decided("i2", "lead", 600, "approved"),
        event("flow.ended", "i3", 700, { detail: { status: "cancelled" } }),
      ],
      metrics,
    );

    // Assess
    expect(atStart.get('baton_pending_approvals{template="expense"}')).toBe(2);
    expect(atStart.get('baton_pending_approvals{template="leave"}')).toBe(1);
    expect(read.get('baton_pending_approvals{template="expense"}')).toBe(1);
    expect(read.get('baton_pending_approvals{template="leave"}')).toBe(0);
    const labels = '{template="expense",outcome="approved"}';
    expect(read.get(`baton_approval_wait_seconds_sum${labels}`)).toBe(600);
  });

  it("counts a task's plugin failure, not a success and not a failed approval", async () => {
    // Act
    const read = await figures([
      event("task.requested", "i1", 0, {
        nodeId: "pay",
        detail: { plugin: "erp.pay", attempt: 1 },
      }),
      event("task.requested", "i1", 1, {
        nodeId: "pay",
        detail: { plugin: "erp.pay", attempt: 2 },
      }),
      event("node.completed", "i1", 2, { nodeId: "pay", detail: { outcome: "failed" } }),
      event("task.requested", "i2", 0, {
        nodeId: "pay",
        detail: { plugin: "erp.pay", attempt: 1 },
      }),
      event("node.completed", "i2", 1, { nodeId: "pay", detail: { outcome: "succeeded" } }),
      event("node.completed", "i3", 1, { nodeId: "lead", detail: { outcome: "failed" } }),
    ]);

    // Assess
    expect(read.get('baton_plugin_calls_total{template="expense",plugin="erp.pay"}')).toBe(3);
    expect(read.get('baton_plugin_failures_total{template="expense",plugin="erp.pay"}')).toBe(1);
    expect([...read.keys()].filter((key) => key.includes('template="leave"'))).toEqual([]);
  });

  it("reads the dead letters at each scrape when given a count, and exposes no such gauge otherwise", async () => {
    // Prepare
    let waiting = 2;
    const metrics = new FlowMetrics({ deadLetters: () => waiting });

    // Act
    const first = samples(await metrics.metrics()).get("baton_dead_letters");
    waiting = 5;
    const second = samples(await metrics.metrics()).get("baton_dead_letters");

    // Assess
    expect([first, second]).toEqual([2, 5]);
    expect(await new FlowMetrics().metrics()).not.toContain("baton_dead_letters");
  });

  it("labels figures by template, status and plugin only: no instance, user or approval id", async () => {
    // Act
    const text = await new FlowMetrics().metrics();
    const metrics = new FlowMetrics();
    for (const each of [
      event("flow.started", "i1", 0, { detail: { actor: "secret-user" } }),
      requested("i1", "lead", 1),
      decided("i1", "lead", 2, "rejected"),
    ])
      metrics.observe(each);

    // Assess
    const exposed = await metrics.metrics();
    expect(text).not.toContain("i1");
    expect(exposed).not.toMatch(/i1|secret-user|lead|\.1"/);
  });

  /** One approval's life: requested, then decided, timed out, withdrawn or still open. */
  const lifeArbitrary = fc.record({
    instance: fc.constantFrom("i1", "i2", "i3"),
    node: fc.constantFrom("a", "b", "c"),
    end: fc.constantFrom("decided", "timedOut", "withdrawn", "open"),
    waitSeconds: fc.integer({ min: 0, max: 700_000 }),
  });

  it("holds pending approvals, opened, timed-out and decided counts to the approvals' lives, however often each event is delivered", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(lifeArbitrary, {
          selector: (life) => `${life.instance}.${life.node}`,
          maxLength: 9,
        }),
        fc.subarray(["i1", "i2", "i3"]),
        fc.array(fc.nat(), { maxLength: 30 }),
        async (lives, ending, repeats) => {
          // Prepare: every request, then each life's end, then the instances that end
          const events = [
            ...lives.map((life) => requested(life.instance, life.node, 0)),
            ...lives.flatMap((life) => {
              const at = life.waitSeconds;
              if (life.end === "decided")
                return [decided(life.instance, life.node, at, "approved")];
              if (life.end === "timedOut") {
                return [
                  event("node.completed", life.instance, at, {
                    nodeId: life.node,
                    detail: { outcome: "rejected" },
                  }),
                ];
              }
              if (life.end === "withdrawn") {
                return [event("node.cancelled", life.instance, at, { nodeId: life.node })];
              }
              return [];
            }),
            ...ending.map((instance) =>
              event("flow.ended", instance, 800_000, { detail: { status: "cancelled" } }),
            ),
          ];
          // Each repeat delivers an event again somewhere after its first delivery
          const deliveries = [...events];
          for (const repeat of repeats) {
            const original = repeat % Math.max(events.length, 1);
            const again = events[original];
            if (!again) continue;
            const after = deliveries.indexOf(again) + 1;
            const at = after + (repeat % (deliveries.length - after + 1));
            deliveries.splice(at, 0, { ...again, detail: { ...again.detail } });
          }

          // Act
          const once = await figures(events);
          const repeated = await figures(deliveries);

          // Assess
          expect(repeated).toEqual(once);
          for (const template of ["expense", "leave"]) {
            const of = lives.filter((life) => TEMPLATES[life.instance] === template);
            const count = (end: string) => of.filter((life) => life.end === end).length;
            const stillOpen = of.filter(
              (life) => life.end === "open" && !ending.includes(life.instance),
            ).length;
            const labels = `{template="${template}"}`;
            expect(once.get(`baton_approvals_opened_total${labels}`) ?? 0).toBe(of.length);
            expect(once.get(`baton_pending_approvals${labels}`) ?? 0).toBe(stillOpen);
            expect(once.get(`baton_approvals_timed_out_total${labels}`) ?? 0).toBe(
              count("timedOut"),
            );
            const waited = `{template="${template}",outcome="approved"}`;
            expect(once.get(`baton_approval_wait_seconds_count${waited}`) ?? 0).toBe(
              count("decided"),
            );
            const waitSum = of
              .filter((life) => life.end === "decided")
              .reduce((sum, life) => sum + life.waitSeconds, 0);
            expect(once.get(`baton_approval_wait_seconds_sum${waited}`) ?? 0).toBe(waitSum);
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
