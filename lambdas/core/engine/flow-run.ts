import type { Directory } from "../approval/directory.ts";
import { resolveSeats } from "../approval/resolve-seats.ts";
import { edgeOutcome, isFailureOutcome } from "../model/outcomes.ts";
import type { ApprovalNode, FailureOutcome, FlowNode, Outcome } from "../model/template.ts";
import type { ActionEffect } from "./flow-action.ts";
import { blockedIn, isFutile } from "./futility.ts";
import type { FlowEvent, InstanceState, InstanceStatus } from "./instance-state.ts";
import { type JoinDecision, joinDecision } from "./join-decision.ts";
import type { TemplateIndex } from "./template-index.ts";

/**
 * One instance being moved by the reference engine: the rules of SEMANTICS §4–§6 applied, in
 * place, to an {@link InstanceState} — starting, completing nodes with outcomes decided
 * elsewhere, cancelling. Acting on its nodes (decisions, a task's result, a timer) is
 * `ActingFlowRun`'s, which the backend's engine never runs. Internal to the engine; callers use
 * `reference-engine.ts`.
 */
export class FlowRun {
  protected readonly index: TemplateIndex;
  private readonly directory: Directory;
  readonly state: InstanceState;
  /** How the instance ends, once `end` has been decided in the current instant. */
  private endStatus: Exclude<InstanceStatus, "running"> | undefined;
  /** Approval and task nodes whose turn has come in this phase, to activate at its barrier. */
  private readonly ready = new Set<string>();

  constructor(index: TemplateIndex, state: InstanceState, directory: Directory) {
    this.index = index;
    this.state = state;
    this.directory = directory;
  }

  /** Completes `start` and runs until nothing can move without a decision. */
  begin(): void {
    this.emit("flow.started");
    const start = this.node(this.index.startId);
    this.activate(start);
    this.complete(start, "succeeded", {});
    this.settle();
  }

  /**
   * Completes a pending node with an outcome decided outside the engine (by the approvals
   * function, a plugin or a timer), then runs until nothing can move without a decision.
   */
  completeFromOutside(
    nodeId: string,
    outcome: Outcome,
    output: Record<string, unknown>,
  ): ActionEffect {
    const node = this.index.nodes.get(nodeId);
    if (
      this.state.status !== "running" ||
      !node ||
      this.state.nodes[node.id]?.status !== "active"
    ) {
      return "not-pending";
    }
    this.complete(node, outcome, output);
    this.settle();
    return "applied";
  }

  /** Ends a running instance as `cancelled` (SEMANTICS §4.7). */
  cancel(): boolean {
    if (this.state.status !== "running") return false;
    this.end("cancelled");
    return true;
  }

  /**
   * Runs the instant that follows an event until nothing can move without a decision
   * (SEMANTICS §4; docs/reference-engine.md, "Instants"). An instant is a series of phases.
   * In a phase, waves of join decisions route the flow: gateways pass at once, poison and dead
   * paths spread, and approval and task nodes whose turn comes become *ready*. Then every
   * ready or active node that is futile — counting ready nodes as activated — is cancelled;
   * the instance ends if `end` was decided; else, at the barrier, the ready nodes activate.
   * Nodes that complete as they activate (`fire` tasks, approvals without approvers) start the
   * next phase. The result does not depend on the order of nodes in the template.
   */
  protected settle(): void {
    while (this.state.status === "running") {
      for (let wave = this.wave(); wave.length > 0; wave = this.wave()) {
        for (const [node, decision] of wave) this.applyDecision(node, decision);
      }
      if (this.endStatus) {
        this.end(this.endStatus);
        return;
      }
      if (this.cancelFutile()) continue;
      if (this.ready.size === 0) return;
      const batch = [...this.index.nodes.values()].filter((node) => this.ready.has(node.id));
      this.ready.clear();
      for (const node of batch) {
        this.activate(node);
        this.run(node);
      }
    }
  }

  /** Cancels the ready and active nodes that are futile; true if there were any. */
  private cancelFutile(): boolean {
    const blocked = new Set([...blockedIn(this.state), ...this.ready]);
    const futile = [...this.index.nodes.values()].filter(
      (node) =>
        (this.ready.has(node.id) || this.state.nodes[node.id]?.status === "active") &&
        isFutile(this.index, this.state, node.id, blocked),
    );
    for (const node of futile) {
      this.ready.delete(node.id);
      this.cancelNode(node);
    }
    return futile.length > 0;
  }

  /**
   * The waiting nodes whose join rule decides on the edges as they stand, each with its
   * decision. A wave is decided as a whole before any of it is applied, so a poison that
   * reaches a join by a shorter path arrives first, whatever the order of the template.
   */
  private wave(): [FlowNode, Exclude<JoinDecision, { kind: "wait" }>][] {
    const decided: [FlowNode, Exclude<JoinDecision, { kind: "wait" }>][] = [];
    for (const node of this.index.nodes.values()) {
      if (this.state.nodes[node.id]?.status !== "waiting" || this.ready.has(node.id)) continue;
      const incoming = (this.index.incoming.get(node.id) ?? []).map(
        (i) => this.state.edges[i] ?? { status: "pending" as const },
      );
      const decision = joinDecision(node.join, incoming);
      if (decision.kind !== "wait") decided.push([node, decision]);
    }
    return decided;
  }

  /** Carries out a join decision: routing nodes run at once, approvals and tasks get ready. */
  private applyDecision(node: FlowNode, decision: Exclude<JoinDecision, { kind: "wait" }>): void {
    if (decision.kind === "poison") this.poison(node, decision.reason);
    else if (decision.kind === "skip") this.skip(node);
    else if (node.type === "approval" || node.type === "task") this.ready.add(node.id);
    else {
      this.activate(node);
      this.run(node);
    }
  }

  private activate(node: FlowNode): void {
    this.state.nodes[node.id] = { status: "active", activated: true };
    this.emit("node.activated", node.id);
  }

  /** Starts the work of a node that just activated (SEMANTICS §4.4). */
  private run(node: FlowNode): void {
    switch (node.type) {
      case "end":
        this.state.nodes[node.id] = { status: "succeeded", activated: true };
        this.endStatus = "completed";
        return;
      case "gateway":
      case "start":
        this.complete(node, "succeeded", {});
        return;
      case "task":
        this.emit("task.requested", node.id, { plugin: node.plugin, mode: node.mode });
        if (node.mode === "fire") this.complete(node, "succeeded", {});
        return;
      case "approval":
        this.openApproval(node);
        return;
    }
  }

  private openApproval(node: ApprovalNode): void {
    const resolution = resolveSeats(node.approvers, this.state.context, this.directory);
    if ("error" in resolution) {
      this.complete(node, "failed", { error: resolution.error });
      return;
    }
    this.state.approvals[node.id] = { seats: resolution.seats, open: true, log: [] };
    const approvers = resolution.seats.map((seat) => seat.holders);
    this.emit("approval.requested", node.id, { approvers });
  }

  /** Writes the node's context entry, then resolves its outgoing edges (SEMANTICS §4.2). */
  protected complete(node: FlowNode, outcome: Outcome, output: Record<string, unknown>): void {
    this.state.nodes[node.id] = { status: outcome, activated: true };
    this.state.context.nodes[node.id] = { outcome, output };
    this.withdrawApproval(node.id);
    this.emit("node.completed", node.id, { outcome });
    const outgoing = this.index.outgoing.get(node.id) ?? [];
    const follows = (i: number) => {
      const edge = this.index.template.edges[i];
      return edge !== undefined && edgeOutcome(edge, node) === outcome;
    };
    const chosen = outgoing.filter(follows);
    if (chosen.length === 0 && isFailureOutcome(outcome)) {
      for (const i of outgoing) this.state.edges[i] = { status: "poisoned", reason: outcome };
      return;
    }
    for (const i of outgoing) if (!follows(i)) this.state.edges[i] = { status: "dead" };
    const conditional = chosen.filter((i) => !this.index.template.edges[i]?.default);
    let anyFired = false;
    for (const i of conditional) {
      const fires = this.index.holds[i]?.(this.state.context) ?? false;
      this.state.edges[i] = { status: fires ? "fired" : "dead" };
      anyFired ||= fires;
    }
    for (const i of chosen.filter((i) => this.index.template.edges[i]?.default)) {
      this.state.edges[i] = { status: anyFired ? "dead" : "fired" };
    }
  }

  private poison(node: FlowNode, reason: FailureOutcome): void {
    this.state.nodes[node.id] = { status: "poisoned", activated: false, reason };
    this.emit("node.skipped", node.id, { poisoned: reason });
    for (const i of this.index.outgoing.get(node.id) ?? []) {
      this.state.edges[i] = { status: "poisoned", reason };
    }
    if (node.id === this.index.endId) this.endStatus = reason;
  }

  private skip(node: FlowNode): void {
    this.state.nodes[node.id] = { status: "skipped", activated: false };
    this.emit("node.skipped", node.id);
    this.killOutgoing(node.id);
    if (node.id === this.index.endId) this.endStatus = "no-route";
  }

  /** Cancels an active node, or a futile one whose turn came (SEMANTICS §4.5). */
  private cancelNode(node: FlowNode): void {
    const activated = this.state.nodes[node.id]?.activated ?? false;
    this.state.nodes[node.id] = { status: "cancelled", activated };
    this.withdrawApproval(node.id);
    this.emit("node.cancelled", node.id);
    this.killOutgoing(node.id);
  }

  private killOutgoing(nodeId: string): void {
    for (const i of this.index.outgoing.get(nodeId) ?? []) this.state.edges[i] = { status: "dead" };
  }

  private withdrawApproval(nodeId: string): void {
    const approval = this.state.approvals[nodeId];
    if (approval) approval.open = false;
  }

  /** Ends the instance: every node still active is cancelled (SEMANTICS §4.6). */
  private end(status: Exclude<InstanceStatus, "running">): void {
    this.state.status = status;
    for (const node of this.index.nodes.values()) {
      if (this.state.nodes[node.id]?.status === "active" || this.ready.has(node.id)) {
        this.cancelNode(node);
      }
    }
    this.ready.clear();
    this.emit("flow.ended", undefined, { status });
  }

  private node(id: string): FlowNode {
    const node = this.index.nodes.get(id);
    if (!node) throw new TypeError(`no node ${id}`);
    return node;
  }

  protected emit(type: FlowEvent["type"], nodeId?: string, detail?: Record<string, unknown>): void {
    this.state.events.push({
      type,
      seq: this.state.events.length,
      ...(nodeId === undefined ? {} : { nodeId }),
      ...(detail === undefined ? {} : { detail }),
    });
  }
}
