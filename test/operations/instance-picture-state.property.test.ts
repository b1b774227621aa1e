import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { staticDirectory } from "../../lambdas/core/approval/directory.ts";
import type { InstanceState } from "../../lambdas/core/engine/instance-state.ts";
import { ReferenceEngine } from "../../lambdas/core/engine/reference-engine.ts";
import type { Template } from "../../lambdas/core/model/template.ts";
import { instancePictureState } from "../../lambdas/core/operations/instance-picture-state.ts";
import { nodeViews } from "../../lambdas/core/operations/node-views.ts";
import type { HistoryEntry } from "../../lambdas/core/records/history-entry.ts";
import { scenarioArbitrary } from "../support/arbitraries.ts";
import { approval, flow } from "../support/template-builder.ts";

/** The history an instance run by the engine would have: its events, completions with outputs. */
function historyOf(state: InstanceState): HistoryEntry[] {
  return state.events.map((event, index) => ({
    tenant: "default",
    instanceId: "i-1",
    seq: index + 1,
    at: "2026-12-02T10:00:00.000Z",
    type: event.type,
    ...(event.nodeId === undefined ? {} : { nodeId: event.nodeId }),
    detail:
      event.type === "node.completed" && event.nodeId !== undefined
        ? {
            ...event.detail,
            output: state.context.nodes[event.nodeId]?.output ?? {},
          }
        : (event.detail ?? {}),
    prev: "",
    hash: "",
  }));
}

/** What the page draws for an instance whose history is `history`. */
function drawn(template: Template, input: unknown, state: InstanceState, history: HistoryEntry[]) {
  return instancePictureState(template, staticDirectory(), {
    status: state.status,
    input,
    nodes: nodeViews(template, history),
    history,
  });
}

describe("instancePictureState (how the instance page colours its picture)", () => {
  it("draws every node and edge as the reference engine holds them, from the history alone", () => {
    fc.assert(
      fc.property(scenarioArbitrary(), ({ template, input, script }) => {
        const engine = new ReferenceEngine(template);
        const state = script.reduce(
          (current, step) => engine.apply(current, step).state,
          engine.start(input),
        );
        const picture = drawn(template, input, state, historyOf(state));
        expect(picture.edges.map((edge) => edge?.status)).toEqual(
          state.edges.map((edge) => edge.status),
        );
        expect(
          Object.fromEntries(
            template.nodes.map((node) => [node.id, picture.nodes[node.id]?.status]),
          ),
        ).toEqual(
          Object.fromEntries(template.nodes.map((node) => [node.id, state.nodes[node.id]?.status])),
        );
      }),
      { numRuns: 100 },
    );
  });

  it("draws a node the replay would reach but the history has not activated yet as waiting, and the end waiting while the instance runs", () => {
    const template = flow(
      [approval("lead", ["al"]), approval("cfo", ["cy"])],
      ["start>lead", "lead>cfo", "cfo>end"],
    );
    const state = new ReferenceEngine(template).start({});
    const history = historyOf(state).filter((entry) => entry.type === "flow.started");

    const picture = drawn(template, {}, state, history);

    expect(picture.nodes.lead?.status).toBe("waiting");
    expect(picture.nodes.start?.status).toBe("succeeded");
    expect(picture.nodes.end?.status).toBe("waiting");
    expect(picture.edges[0]?.status).toBe("fired");
  });

  it("falls back to the read's statuses, edges plain, when the input no longer fits the schema", () => {
    const template = flow([approval("lead", ["al"])], ["start>lead", "lead>end"], {
      input: { type: "object", required: ["amount"] },
    });

    const picture = instancePictureState(template, staticDirectory(), {
      status: "running",
      input: {},
      nodes: { lead: { status: "active" } },
      history: [],
    });

    expect(picture).toEqual({
      nodes: {
        start: { status: "succeeded" },
        lead: { status: "active" },
        end: { status: "waiting" },
      },
      edges: [],
    });
  });
});
