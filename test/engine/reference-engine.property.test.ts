import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type InstanceState,
  NODE_STATUSES,
  type NodeStatus,
} from "../../lambdas/core/engine/instance-state.ts";
import { ReferenceEngine } from "../../lambdas/core/engine/reference-engine.ts";
import type { Template } from "../../lambdas/core/model/template.ts";
import { simulateReference } from "../../lambdas/core/simulation/simulate-reference.ts";
import { type Scenario, scenarioArbitrary } from "../support/arbitraries.ts";

const UNSETTLED: readonly NodeStatus[] = ["waiting", "active"];

const scenario = scenarioArbitrary();

/** Every state an instance passes through: after start, then after each step. */
function history({ template, input, script }: Scenario): InstanceState[] {
  const engine = new ReferenceEngine(template);
  const states = [engine.start(input)];
  for (const action of script) {
    const last = states.at(-1) as InstanceState;
    states.push(engine.apply(last, action).state);
  }
  return states;
}

/** True when a chain of edges poisoned with `reason` leads from a node with that outcome to end. */
function poisonedPathToEnd(template: Template, state: InstanceState, reason: string): boolean {
  const origin = new Set(
    template.nodes.filter((node) => state.nodes[node.id]?.status === reason).map((n) => n.id),
  );
  const reach = new Set(origin);
  let grew = true;
  while (grew) {
    grew = false;
    template.edges.forEach((edge, i) => {
      const poisoned = state.edges[i]?.status === "poisoned" && state.edges[i]?.reason === reason;
      if (poisoned && reach.has(edge.from) && !reach.has(edge.to)) {
        reach.add(edge.to);
        grew = true;
      }
    });
  }
  return reach.has("end");
}

describe("reference engine invariants (fast-check)", () => {
  it("every node holds exactly one known status and settled statuses never change", () => {
    fc.assert(
      fc.property(scenario, (run) => {
        const states = history(run);
        for (const state of states) {
          expect(Object.keys(state.nodes).sort()).toEqual(
            run.template.nodes.map((n) => n.id).sort(),
          );
          for (const node of Object.values(state.nodes))
            expect(NODE_STATUSES).toContain(node.status);
        }
        for (const [before, after] of states.slice(1).map((s, i) => [states[i], s] as const)) {
          for (const [id, node] of Object.entries(before?.nodes ?? {})) {
            if (!UNSETTLED.includes(node.status)) expect(after.nodes[id]).toEqual(node);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it("stops when the script is exhausted: nothing could move without a decision", () => {
    fc.assert(
      fc.property(scenario, (run) => {
        const final = history(run).at(-1) as InstanceState;
        if (final.status !== "running") return;
        // Only approval and task nodes may be active, and no waiting node's join is resolvable.
        for (const node of run.template.nodes) {
          const status = final.nodes[node.id]?.status;
          if (status === "active") expect(["approval", "task"]).toContain(node.type);
          if (node.type === "task" && node.mode === "fire") expect(status).not.toBe("active");
          if (status !== "waiting") continue;
          const incoming = run.template.edges
            .map((edge, i) => ({ edge, state: final.edges[i]?.status }))
            .filter(({ edge }) => edge.to === node.id)
            .map(({ state }) => state);
          expect(incoming).toContain("pending");
          if (node.join === "all") expect(incoming).not.toContain("poisoned");
          else expect(incoming).not.toContain("fired");
        }
        const engine = new ReferenceEngine(run.template);
        expect(engine.cancel(final).status).toBe("cancelled");
      }),
      { numRuns: 300 },
    );
  });

  it("completed if and only if end activated", () => {
    fc.assert(
      fc.property(scenario, (run) => {
        for (const state of history(run)) {
          expect(state.status === "completed").toBe(state.nodes.end?.activated === true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("no node activates after the instance ended", () => {
    fc.assert(
      fc.property(scenario, (run) => {
        for (const state of history(run)) {
          const ended = state.events.findIndex((event) => event.type === "flow.ended");
          if (ended < 0) continue;
          const later = state.events.slice(ended + 1);
          expect(later.filter((event) => event.type === "node.activated")).toEqual([]);
          expect(Object.values(state.nodes).filter((node) => node.status === "active")).toEqual([]);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("a rejected, failed or timed-out instance has a poisoned path to end", () => {
    fc.assert(
      fc.property(scenario, (run) => {
        const final = history(run).at(-1) as InstanceState;
        if (
          final.status === "rejected" ||
          final.status === "failed" ||
          final.status === "timedOut"
        ) {
          expect(final.nodes.end).toMatchObject({ status: "poisoned", reason: final.status });
          expect(poisonedPathToEnd(run.template, final, final.status)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("means the same whatever the order of nodes and edges in the template", () => {
    fc.assert(
      fc.property(scenario, ({ template, input, script }) => {
        const reordered: Template = {
          ...template,
          nodes: [...template.nodes].reverse(),
          edges: [...template.edges].reverse(),
        };
        const original = simulateReference(template, input, script).report;
        expect(simulateReference(reordered, input, script).report).toEqual(original);
      }),
      { numRuns: 300 },
    );
  });

  it("never changes the state it was given", () => {
    fc.assert(
      fc.property(scenario, ({ template, input, script }) => {
        const engine = new ReferenceEngine(template);
        let state = engine.start(input);
        for (const action of script) {
          const frozen = structuredClone(state);
          const next = engine.apply(state, action).state;
          expect(state).toEqual(frozen);
          state = next;
        }
      }),
      { numRuns: 100 },
    );
  });
});
