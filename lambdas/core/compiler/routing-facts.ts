import { statePath } from "../contract/state-paths.ts";
import { edgeOutcome, isFailureOutcome, possibleOutcomes } from "../model/outcomes.ts";
import type { Edge, FailureOutcome, FlowNode, Outcome, Template } from "../model/template.ts";
import type { ChoiceRule } from "./asl.ts";
import { choiceRuleFor } from "./choice-rules.ts";
import { type GuardExpression, not, or } from "./guard-expression.ts";
import { Measures } from "./measures.ts";
import type { Component } from "./series-parallel.ts";

/**
 * The edges a component starts with, from its source node.
 *
 * @example
 * firstEdges({ kind: "edges", from: "start", to: "lead", edges: [0] }); // [0]
 */
export function firstEdges(component: Component): number[] {
  if (component.kind === "edges") return component.edges;
  if (component.kind === "series") return firstEdges(component.parts[0] as Component);
  return component.parts.flatMap(firstEdges);
}

/**
 * What the compiler knows about routing a template, whatever states it writes: which edges fire
 * on a node's outcome (as constants where they can be folded, else as Choice rules), which
 * outcomes poison, and which parts of a parallel composition can fire, arrive or die. It also
 * holds each edge's native Choice rule and each node's measures, made once, and the edges a
 * Choice already tested where the states being written are entered ({@link assumingFired}).
 *
 * @example
 * const facts = new RoutingFacts(template);
 * facts.fires(facts.node("lead"), 1, "approved"); // true, false, or a Choice rule
 */
export class RoutingFacts {
  readonly template: Template;
  private readonly nodes: Map<string, FlowNode>;
  private readonly outgoing = new Map<string, [Edge, number][]>();
  /** Each `when` edge's native Choice rule, or undefined where sift must decide. */
  private readonly rules = new Map<number, ChoiceRule | undefined>();
  private readonly measures = new Map<string, Measures>();
  /** Edges known to fire where the states being written are entered (see `assumingFired`). */
  private firing = new Set<number>();

  constructor(template: Template) {
    this.template = template;
    this.nodes = new Map(template.nodes.map((node) => [node.id, node]));
    template.edges.forEach((edge, index) => {
      this.outgoing.set(edge.from, [...(this.outgoing.get(edge.from) ?? []), [edge, index]]);
    });
  }

  /** The node with an id; throws a `TypeError` for an id the template does not have. */
  node(id: string): FlowNode {
    const node = this.nodes.get(id);
    if (!node) throw new TypeError(`no node ${id}`);
    return node;
  }

  /** The edges leaving a node, each with its index in the template. */
  edgesFrom(nodeId: string): [Edge, number][] {
    return this.outgoing.get(nodeId) ?? [];
  }

  /** Whether a failure outcome of a node has no edge to follow, so that it poisons them all. */
  poisons(node: FlowNode, outcome: Outcome): outcome is FailureOutcome {
    return (
      isFailureOutcome(outcome) &&
      !this.edgesFrom(node.id).some(([edge]) => edgeOutcome(edge, node) === outcome)
    );
  }

  /** Whether an edge fires when its source completed with `outcome` (SEMANTICS §4.2). */
  fires(source: FlowNode, edgeIndex: number, outcome: Outcome): GuardExpression {
    const edge = this.template.edges[edgeIndex];
    if (!edge || edgeOutcome(edge, source) !== outcome) return false;
    if (this.firing.has(edgeIndex)) return true;
    if (edge.when) return this.condition(edgeIndex);
    if (!edge.default) return true;
    const siblings = this.edgesFrom(source.id).filter(
      ([e, i]) => i !== edgeIndex && !e.default && edgeOutcome(e, source) === outcome,
    );
    return not(or(siblings.map(([e, i]) => (e.when ? this.condition(i) : true))));
  }

  /**
   * An edge's `when` as a Choice rule: native where it provably means what sift means for
   * every input the schema allows, else the verdict of the conditions function.
   */
  private condition(edgeIndex: number): ChoiceRule {
    return (
      this.nativeRule(edgeIndex) ?? {
        Variable: statePath("when", "r", `e${edgeIndex}`),
        BooleanEquals: true,
      }
    );
  }

  /** An edge's `when` as a native Choice rule, or undefined where the conditions function decides. */
  nativeRule(edgeIndex: number): ChoiceRule | undefined {
    if (this.rules.has(edgeIndex)) return this.rules.get(edgeIndex);
    const edge = this.template.edges[edgeIndex];
    const rule = edge?.when
      ? choiceRuleFor(edge.when, this.template.input, this.measuresAfter(edge.from))
      : undefined;
    this.rules.set(edgeIndex, rule);
    return rule;
  }

  /** What the conditions of a node's edges need measured before its routing (arrays). */
  measuresAfter(nodeId: string): Measures {
    let measures = this.measures.get(nodeId);
    if (!measures) {
      measures = new Measures();
      this.measures.set(nodeId, measures);
    }
    return measures;
  }

  /**
   * Whether at most one of the parts can fire: all but one of them start with nothing but
   * `default` edges, which fire only when no other edge of the same outcome does.
   */
  exclusive(parts: readonly Component[], known: Outcome): boolean {
    const conditional = parts.filter((part) =>
      firstEdges(part).some((index) => {
        const edge = this.template.edges[index];
        return (
          edge !== undefined && !edge.default && edgeOutcome(edge, this.node(edge.from)) === known
        );
      }),
    );
    return conditional.length <= 1;
  }

  /**
   * The part that starts with the source's `default` edge for `known`, when every other edge
   * of that outcome starts one of the other parts: it fires exactly when none of them does.
   */
  fallback(parts: readonly Component[], source: FlowNode, known: Outcome): Component | undefined {
    const ofOutcome = (indexes: readonly number[]): number[] =>
      indexes.filter((index) => {
        const edge = this.template.edges[index];
        return edge !== undefined && edgeOutcome(edge, source) === known;
      });
    const fallback = parts.find((part) => {
      const first = ofOutcome(firstEdges(part));
      return first.length > 0 && first.every((index) => this.template.edges[index]?.default);
    });
    if (!fallback) return undefined;
    const starting = new Set(parts.filter((part) => part !== fallback).flatMap(firstEdges));
    const siblings = this.edgesFrom(source.id).filter(
      ([edge]) => !edge.default && edgeOutcome(edge, source) === known,
    );
    return siblings.every(([, index]) => starting.has(index)) ? fallback : undefined;
  }

  /**
   * Writes a part entered only once the edges it starts with fired (a Choice tested them), so
   * that it does not test them again. Only a part that starts with one bundle of edges: if the
   * bundle fires, the part arrives there whichever of its edges did.
   */
  assumingFired(part: Component, write: () => string): string {
    const head = part.kind === "series" ? part.parts[0] : part;
    if (head?.kind !== "edges") return write();
    // Parts nested inside make assumptions of their own, about their own first edges.
    const outer = this.firing;
    this.firing = new Set([...outer, ...head.edges]);
    try {
      return write();
    } finally {
      this.firing = outer;
    }
  }

  /** Whether the edges a part starts with fire whatever the context, once its source did `known`. */
  firesAlways(part: Component, source: FlowNode, known: Outcome): boolean {
    return or(firstEdges(part).map((index) => this.fires(source, index, known))) === true;
  }

  /**
   * Whether a component, once one of the edges it starts with fired, arrives at its far node or
   * is poisoned — never dead, whatever the context: after each node it passes through, every
   * outcome the node can complete with either poisons or goes on along edges that always fire
   * (or fall back on a `default` edge when the others do not).
   */
  arrives(component: Component): boolean {
    switch (component.kind) {
      case "edges":
        return true;
      case "parallel":
        return component.parts.every((part) => this.arrives(part));
      case "series":
        return (
          this.arrives(component.parts[0] as Component) &&
          component.vias.every((via, i) => {
            const node = this.node(via);
            const next = component.parts[i + 1] as Component;
            return possibleOutcomes(node).every(
              (outcome) => this.poisons(node, outcome) || this.arrivesAfter(next, node, outcome),
            );
          })
        );
    }
  }

  /** Whether a component arrives (or is poisoned) once its source completed with `known`. */
  private arrivesAfter(component: Component, source: FlowNode, known: Outcome): boolean {
    if (component.kind !== "parallel") {
      return this.firesAlways(component, source, known) && this.arrives(component);
    }
    const live = component.parts.filter((part) => !this.deadAfter(part, source, known));
    if (live.some((part) => this.firesAlways(part, source, known) && this.arrives(part))) {
      return true;
    }
    return (
      this.fallback(live, source, known) !== undefined && live.every((part) => this.arrives(part))
    );
  }

  /**
   * Whether a part of a parallel composition is dead once its source completed with `known`:
   * none of the edges it starts with can fire. Dead parts need no branch: with the others dead,
   * the join's arrival is the one live part's.
   */
  deadAfter(part: Component, source: FlowNode, known: Outcome): boolean {
    return firstEdges(part).every((index) => this.fires(source, index, known) === false);
  }
}
