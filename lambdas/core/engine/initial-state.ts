import type { Template } from "../model/template.ts";
import type { InstanceState } from "./instance-state.ts";

/**
 * The state of an instance before anything ran: every node waiting, every edge pending, the
 * context holding a copy of the input. It checks nothing: `ReferenceEngine.start` checks the
 * input against the template's schema first, and the start page's path preview (which runs in
 * the browser, without the schema validator) runs on what the form holds so far.
 *
 * @example
 * const state = initialState(template, { owner: "al" });
 * state.nodes.start; // { status: "waiting", activated: false }
 */
export function initialState(template: Template, input: unknown): InstanceState {
  return {
    templateId: template.id,
    version: template.version,
    status: "running",
    context: { input: structuredClone(input), nodes: {} },
    nodes: Object.fromEntries(
      template.nodes.map((node) => [node.id, { status: "waiting", activated: false }]),
    ),
    edges: template.edges.map(() => ({ status: "pending" })),
    approvals: {},
    events: [],
  };
}
