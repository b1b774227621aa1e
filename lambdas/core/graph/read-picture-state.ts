import { EDGE_STATUSES, INSTANCE_STATUSES, NODE_STATUSES } from "../engine/instance-state.ts";
import type { Template } from "../model/template.ts";
import { SIMULATED_NODE_STATUSES, type SimulationReport } from "../simulation/simulation-report.ts";
import { isRecord } from "../validation/template-view.ts";
import { pictureOfReport } from "./picture-of-report.ts";
import { PictureRefusedError } from "./picture-refused-error.ts";
import type { PictureState } from "./picture-state.ts";

type Fail = (message: string) => never;

function isOneOf(value: unknown, allowed: readonly string[]): boolean {
  return typeof value === "string" && allowed.includes(value);
}

/** An engine's instance state: `{ nodes: { id: { status } }, edges: [{ status }] }`. */
function instanceState(value: Record<string, unknown>, template: Template, fail: Fail) {
  if (value.templateId !== undefined && value.templateId !== template.id) {
    fail(`the state is of template ${JSON.stringify(value.templateId)}, not "${template.id}"`);
  }
  const { nodes, edges } = value;
  if (!isRecord(nodes)) return fail("`nodes` must be an object of { status } by node id");
  for (const [id, node] of Object.entries(nodes)) {
    if (!isRecord(node) || !isOneOf(node.status, NODE_STATUSES)) {
      fail(`nodes.${id}.status must be one of ${NODE_STATUSES.join(", ")}`);
    }
  }
  if (!Array.isArray(edges)) return fail("`edges` must be an array of { status }");
  if (edges.length !== template.edges.length) {
    fail(`\`edges\` has ${edges.length} entries; the template has ${template.edges.length} edges`);
  }
  edges.forEach((edge: unknown, index) => {
    if (!isRecord(edge) || !isOneOf(edge.status, EDGE_STATUSES)) {
      fail(`edges[${index}].status must be one of ${EDGE_STATUSES.join(", ")}`);
    }
  });
  return value as unknown as PictureState;
}

/** A `baton simulate --json` report: `{ status, nodes: { id: status }, ignored }`. */
function simulationReport(value: Record<string, unknown>, template: Template, fail: Fail) {
  const { status, nodes, ignored } = value;
  if (!isOneOf(status, INSTANCE_STATUSES)) {
    fail(`\`status\` must be one of ${INSTANCE_STATUSES.join(", ")}`);
  }
  if (!isRecord(nodes)) return fail("`nodes` must be an object of statuses by node id");
  const ids = new Set(
    template.nodes
      .filter((node) => node.type === "approval" || node.type === "task")
      .map((node) => node.id),
  );
  for (const [id, nodeStatus] of Object.entries(nodes)) {
    if (!ids.has(id)) fail(`nodes.${id}: the template has no approval or task "${id}"`);
    if (!isOneOf(nodeStatus, SIMULATED_NODE_STATUSES)) {
      fail(`nodes.${id} must be one of ${SIMULATED_NODE_STATUSES.join(", ")}`);
    }
  }
  if (ignored !== undefined && !(Array.isArray(ignored) && ignored.every(Number.isInteger))) {
    fail("`ignored` must be an array of step indexes");
  }
  return pictureOfReport(template, value as unknown as SimulationReport);
}

/** An instance as `GET /v1/instances/{id}` reads it, as the report it amounts to. */
function instanceRead(value: Record<string, unknown>, nodes: Record<string, unknown>, fail: Fail) {
  const statuses: Record<string, unknown> = {};
  for (const [id, node] of Object.entries(nodes)) {
    if (!isRecord(node)) fail(`nodes.${id} must be an object with a status`);
    statuses[id] = (node as Record<string, unknown>).status;
  }
  return { status: value.status, nodes: statuses };
}

/**
 * What a picture is coloured with (docs/graph.md), from the JSON given: either an
 * engine's instance state (`{ nodes: { id: { status } }, edges: [{ status }] }`, edges aligned
 * with the template's), the report `baton simulate --json` prints (`{ status, nodes: { id:
 * status }, ignored }`, docs/semantics.md §8), or an instance as the API reads it
 * (`{ instanceId, status, nodes: { id: { status, output } } }`). `baton graph --instance-state`
 * reads its argument with it, and pages their instance. Refuses anything else with a
 * {@link PictureRefusedError} naming the first thing amiss.
 *
 * @example
 * readPictureState({ status: "running", nodes: { lead: "active" }, ignored: [] }, template);
 * // lead drawn active, start succeeded, end waiting
 */
export function readPictureState(value: unknown, template: Template): PictureState {
  const fail: Fail = (message) => {
    throw new PictureRefusedError(message);
  };
  if (isRecord(value) && "edges" in value) return instanceState(value, template, fail);
  if (isRecord(value) && "instanceId" in value && isRecord(value.nodes)) {
    return simulationReport(instanceRead(value, value.nodes, fail), template, fail);
  }
  if (isRecord(value) && "status" in value) return simulationReport(value, template, fail);
  return fail(
    "expected an instance state { nodes, edges }, a simulation report { status, nodes, ignored } or an instance read { instanceId, status, nodes }",
  );
}
