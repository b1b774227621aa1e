import type { InstanceState, InstanceStatus, NodeState } from "../core/engine/instance-state.ts";
import type { Outcome, Template } from "../core/model/template.ts";

/**
 * What the local integration layer has seen of an instance: each node's state and the
 * instance's status, as the node and instance records in DynamoDB hold them on AWS.
 *
 * @example
 * const ledger = new NodeLedger(template);
 * ledger.activate("lead");
 * ledger.complete("lead", "approved");
 */
export class NodeLedger {
  status: InstanceStatus = "running";
  readonly nodes: Record<string, NodeState>;

  constructor(template: Template) {
    this.nodes = Object.fromEntries(
      template.nodes.map((node) => [node.id, { status: "waiting", activated: false }]),
    );
  }

  isActive(nodeId: string): boolean {
    return this.status === "running" && this.nodes[nodeId]?.status === "active";
  }

  activate(nodeId: string): void {
    this.nodes[nodeId] = { status: "active", activated: true };
  }

  complete(nodeId: string, outcome: Outcome): void {
    this.nodes[nodeId] = { status: outcome, activated: true };
  }

  /** Cancels the nodes that are still active among those given (all, when none are given). */
  cancel(nodeIds: readonly string[] = Object.keys(this.nodes)): string[] {
    const cancelled = nodeIds.filter((id) => this.nodes[id]?.status === "active");
    for (const id of cancelled) this.nodes[id] = { status: "cancelled", activated: true };
    return cancelled;
  }

  /** Records that a node's turn came while it was futile: it is cancelled without running. */
  drop(nodeId: string): void {
    this.nodes[nodeId] = { status: "cancelled", activated: false };
  }

  /** Ends the instance: every node still active is cancelled. */
  end(status: Exclude<InstanceStatus, "running">): string[] {
    const cancelled = this.cancel();
    this.status = status;
    return cancelled;
  }

  /** The part of an instance state a report reads. */
  snapshot(): Pick<InstanceState, "status" | "nodes"> {
    return { status: this.status, nodes: structuredClone(this.nodes) };
  }
}
