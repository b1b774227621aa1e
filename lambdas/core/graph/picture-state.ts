import type { EdgeStatus, NodeStatus } from "../engine/instance-state.ts";

/**
 * What a picture reads from an instance to colour it: a status per node id and a status per
 * edge, index-aligned with the template's `edges`. Nodes without a status and pending or missing
 * edges are drawn plain. An engine's `InstanceState` is one; {@link pictureOfReport} makes one
 * from a simulation report.
 *
 * @example
 * const state: PictureState = { nodes: { lead: { status: "active" } }, edges: [{ status: "fired" }] };
 */
export interface PictureState {
  nodes: Readonly<Record<string, { status: NodeStatus } | undefined>>;
  edges: readonly ({ status: EdgeStatus } | undefined)[];
}
