import { statePath } from "../contract/state-paths.ts";
import { successOutcome } from "../model/outcomes.ts";
import type { ApprovalNode, FlowNode, Outcome, TaskNode, Template } from "../model/template.ts";
import type { Catcher, ChoiceRule, JsonValue, StateMachine } from "./asl.ts";
import { compileLoop } from "./compile-loop.ts";
import { evaluateTask, measurePass } from "./condition-states.ts";
import type { Exits, Scope } from "./exits.ts";
import { or } from "./guard-expression.ts";
import { endInstance, endInstancePassingOn } from "./instance-end.ts";
import { assertIntrinsicLimit } from "./intrinsic-limit.ts";
import { branchExits, joinParallel } from "./join-states.ts";
import { memo } from "./lazy.ts";
import {
  approvalTask,
  closeEntry,
  failureCatch,
  failureRoutes,
  fireTask,
  pluginTask,
} from "./node-tasks.ts";
import { pruneUnreachable } from "./prune-unreachable.ts";
import { firstEdges, RoutingFacts } from "./routing-facts.ts";
import { type Component, decompose, innerNodes } from "./series-parallel.ts";
import { StateNames } from "./state-names.ts";
import { WrittenStates } from "./written-states.ts";

type ParallelComponent = Extract<Component, { kind: "parallel" }>;

/**
 * Walks the component tree of a series-parallel template from `start` and decides, from the
 * routing facts, which states each component needs; the states themselves are written by
 * their own builders (`node-tasks.ts`, `condition-states.ts`, `join-states.ts`,
 * `instance-end.ts`).
 */
class AslCompiler {
  private readonly facts: RoutingFacts;
  private readonly names = new StateNames();
  private readonly written = new WrittenStates();

  constructor(template: Template) {
    this.facts = new RoutingFacts(template);
  }

  compile(root: Component): StateMachine {
    const scope: Scope = {};
    const exits: Exits = {
      fired: () => endInstance(scope, this.names, "completed"),
      dead: () => endInstance(scope, this.names, "no-route"),
      poisoned: (reason) => endInstance(scope, this.names, reason),
      passedOn: () => endInstancePassingOn(scope, this.names),
      passedOnEnds: true,
    };
    const startId = root.from;
    const entry = this.withEvaluation(
      startId,
      this.component(root, exits, scope, "succeeded"),
      scope,
    );
    const { template } = this.facts;
    return pruneUnreachable({
      Comment: `${template.id} v${template.version}, compiled by Baton`,
      StartAt: entry,
      States: scope,
    });
  }

  /**
   * The entry of a component, given the outcome of the node it starts from. The compiler always
   * knows it: each outcome of a Task leaves by its own `Next` or `Catch`, and start and gateways
   * only succeed; so routing on outcomes is decided here, and Choice states test conditions only.
   */
  private component(component: Component, exits: Exits, scope: Scope, known: Outcome): string {
    const facts = this.facts;
    const source = facts.node(component.from);
    if (facts.poisons(source, known)) return exits.poisoned(known);
    switch (component.kind) {
      case "edges":
        return this.guard(source, component.edges, exits, scope, known);
      case "series": {
        // From the last node back, so that a long chain never recurses deeply.
        let fired = exits.fired;
        for (let i = component.vias.length - 1; i >= 0; i -= 1) {
          const entry = this.run(
            component.vias[i] as string,
            component.parts[i + 1] as Component,
            { ...exits, fired },
            scope,
          );
          fired = () => entry;
        }
        return this.component(component.parts[0] as Component, { ...exits, fired }, scope, known);
      }
      case "parallel": {
        const live = component.parts.filter((part) => !facts.deadAfter(part, source, known));
        if (live.length === 0) return exits.dead();
        if (live.length === 1) return this.component(live[0] as Component, exits, scope, known);
        if (facts.exclusive(live, known)) return this.choose(live, source, exits, scope, known);
        const fallback = facts.fallback(live, source, known);
        if (fallback) {
          const others = live.filter((part) => part !== fallback);
          return this.splitOrFallBack(component, others, fallback, source, exits, scope, known);
        }
        const assured = live.some(
          (part) => facts.firesAlways(part, source, known) && facts.arrives(part),
        );
        return this.parallel(this.written.subset(component, live), exits, scope, known, assured);
      }
    }
  }

  /**
   * Parts of which at most one can fire need no Parallel: a Choice takes the one whose edges
   * fire, and the join's arrival is that part's (the others are dead).
   */
  private choose(
    parts: readonly Component[],
    source: FlowNode,
    exits: Exits,
    scope: Scope,
    known: Outcome,
  ): string {
    const facts = this.facts;
    // A fallback (the `default` edge's part) is what is left when no other part fires.
    const fallback = facts.fallback(parts, source, known);
    const choices: (ChoiceRule & { Next: string })[] = [];
    for (const part of parts) {
      if (part === fallback) continue;
      const fires = or(firstEdges(part).map((index) => facts.fires(source, index, known)));
      if (fires === false) continue;
      if (fires === true) return this.component(part, exits, scope, known);
      choices.push({
        ...fires,
        Next: facts.assumingFired(part, () => this.component(part, exits, scope, known)),
      });
    }
    const otherwise = fallback
      ? facts.assumingFired(fallback, () => this.component(fallback, exits, scope, known))
      : exits.dead();
    if (choices.length === 0) return otherwise;
    const target = facts.node(parts[0]?.to ?? "");
    const name = this.names.take(`Choose ${source.id} to ${target.id}`);
    scope[name] = { Type: "Choice", Choices: choices, Default: otherwise };
    return name;
  }

  /**
   * Parts that may fire together, beside a fallback that fires when none of them does: a
   * Choice goes to a Parallel of those parts if any of them fires, and to the fallback alone
   * (the others dead) if none does, so the Parallel never carries the fallback's branch.
   */
  private splitOrFallBack(
    component: ParallelComponent,
    parts: Component[],
    fallback: Component,
    source: FlowNode,
    exits: Exits,
    scope: Scope,
    known: Outcome,
  ): string {
    const facts = this.facts;
    const fires = or(
      parts.flatMap((part) => firstEdges(part).map((index) => facts.fires(source, index, known))),
    );
    // Entered only when one of the parts fires: if each of them arrives once it fires, so does
    // the join.
    const assured = parts.every((part) => facts.arrives(part));
    const split = (): string =>
      this.parallel(this.written.subset(component, parts), exits, scope, known, assured);
    // The fallback's default edge fires wherever it is entered: none of the others fired.
    const fallbackEntry = (): string =>
      facts.assumingFired(fallback, () => this.component(fallback, exits, scope, known));
    // Not constant while the fallback is live, but folding may make it so.
    if (typeof fires === "boolean") return fires ? split() : fallbackEntry();
    const otherwise = fallbackEntry();
    const name = this.names.take(`Choose ${source.id} to ${component.to}`);
    scope[name] = { Type: "Choice", Choices: [{ ...fires, Next: split() }], Default: otherwise };
    return name;
  }

  /** The arrival of a bundle of edges from one source at their common target. */
  private guard(
    source: FlowNode,
    edges: number[],
    exits: Exits,
    scope: Scope,
    known: Outcome,
  ): string {
    const facts = this.facts;
    const fires = or(edges.map((index) => facts.fires(source, index, known)));
    if (typeof fires === "boolean") return fires ? exits.fired() : exits.dead();
    const target = facts.node(facts.template.edges[edges[0] ?? 0]?.to ?? "");
    const name = this.names.take(`Route ${source.id} to ${target.id}`);
    scope[name] = {
      Type: "Choice",
      Choices: [{ ...fires, Next: exits.fired() }],
      Default: exits.dead(),
    };
    return name;
  }

  /** Runs a node, then routes its outcome into the component that follows it. */
  private run(nodeId: string, next: Component, exits: Exits, scope: Scope): string {
    const ran = this.written.ran(scope);
    const done = ran.get(nodeId);
    if (done) return done;
    const node = this.facts.node(nodeId);
    const after = memo((outcome: Outcome): string =>
      this.facts.poisons(node, outcome)
        ? exits.poisoned(outcome)
        : this.withEvaluation(nodeId, this.component(next, exits, scope, outcome), scope),
    );
    let entry: string;
    if (node.type === "gateway" || node.type === "start" || node.type === "end") {
      entry = after("succeeded");
    } else if (node.type === "task" && node.mode === "fire") {
      entry = this.names.take(`Notify ${node.id}`);
      scope[entry] = fireTask(node, after("succeeded"), this.facts.template);
    } else {
      entry = this.names.take(node.type === "approval" ? `Approve ${node.id}` : `Run ${node.id}`);
      const state = node.type === "approval" ? approvalTask(node) : pluginTask(node);
      state.Next = after(successOutcome(node.type));
      state.Catch = this.catchers(node, scope, after, exits);
      scope[entry] = state;
    }
    ran.set(nodeId, entry);
    return entry;
  }

  /**
   * Before routing on conditions, measures what native rules on arrays test (a Pass, no
   * Lambda), and asks the conditions handler for the verdicts of the rest.
   */
  private withEvaluation(nodeId: string, entry: string, scope: Scope): string {
    const queries: Record<string, JsonValue> = {};
    for (const [edge, index] of this.facts.edgesFrom(nodeId)) {
      if (edge.when && !this.facts.nativeRule(index)) queries[`e${index}`] = edge.when as JsonValue;
    }
    const measures = this.facts.measuresAfter(nodeId);
    let next = entry;
    if (measures.size > 0) {
      next = this.names.take(`Measure after ${nodeId}`);
      scope[next] = measurePass(measures, entry);
    }
    if (Object.keys(queries).length === 0) return next;
    const name = this.names.take(`Evaluate after ${nodeId}`);
    scope[name] = evaluateTask(queries, next);
    return name;
  }

  /**
   * Catch clauses that turn a node's failures into outcomes, recording each in the context. A
   * timed-out approval is closed first; where its timeout poisons a `join: all` branch, the
   * close writes the poisoning itself.
   */
  private catchers(
    node: ApprovalNode | TaskNode,
    scope: Scope,
    after: (o: Outcome) => string,
    exits: Exits,
  ): Catcher[] {
    const caught = statePath("nodes", node.id);
    return failureRoutes(node, caught).flatMap((route): Catcher[] => {
      const { errors, outcome } = route;
      if (!this.facts.poisons(node, outcome)) {
        return [
          failureCatch(node, route, { caught, at: caught }, after(outcome), this.names, scope),
        ];
      }
      // Nothing is recorded: the envelope needs no parsing, `States.TaskFailed` catches it.
      if (route.first === "envelope") return [];
      if (route.first !== "close" || node.type !== "approval") {
        // The error replaces the state unless what follows reads the state.
        const keep = exits.poisonedReadsNothing ? {} : { ResultPath: null };
        return [{ ErrorEquals: errors, ...keep, Next: after(outcome) }];
      }
      const constant = exits.poisonedAs?.(outcome);
      const next = constant ? constant.next : after(outcome);
      const close = closeEntry(node, next, constant, this.names, scope);
      return [{ ErrorEquals: errors, ResultPath: null, Next: close }];
    });
  }

  /**
   * A Parallel state for components side by side between two nodes, implementing the join of
   * the far node (`join-states.ts`): one branch per part, each written with the exits of a
   * branch of that join.
   */
  private parallel(
    component: ParallelComponent,
    exits: Exits,
    scope: Scope,
    known: Outcome,
    assured: boolean,
  ): string {
    const written = this.written.parallels(scope);
    const key = this.written.parallelKey(component, known, assured);
    const existing = written.get(key);
    if (existing) return existing;
    const source = this.facts.node(component.from);
    const target = this.facts.node(component.to);
    const kind = { race: target.join === "any", assured };
    const name = this.names.take(`Split ${source.id} to ${target.id}`);
    written.set(key, name);
    const branches = component.parts.map((part, index) => {
      const branch: Scope = {};
      const first = part.kind === "series" ? part.vias[0] : undefined;
      const label = first ?? `${source.id} to ${target.id} (${index + 1})`;
      const entry = this.component(
        part,
        branchExits(kind, label, branch, this.names, exits),
        branch,
        known,
      );
      return { StartAt: entry, States: branch };
    });
    const inner = component.parts.flatMap(innerNodes).filter((id) => {
      const node = this.facts.node(id);
      return node.type === "approval" || node.type === "task";
    });
    const between = { source: source.id, target: target.id };
    scope[name] = joinParallel(kind, between, branches, inner, exits, scope, this.names);
    return name;
  }
}

/**
 * Compiles a validated template into an Amazon States Language state machine (JSONPath).
 * Deterministic: the same template gives the same definition, byte for byte.
 *
 * Series-parallel graphs compile to native states; any other graph to a scheduler loop
 * around the reference engine ({@link compileLoop}). Throws `IntrinsicLimitError` should
 * a field call more intrinsic functions than Step Functions allows.
 *
 * @example
 * const definition = compileTemplate(template);
 * JSON.stringify(definition).length; // bytes of the definition
 */
export function compileTemplate(template: Template): StateMachine {
  const root = decompose(template);
  const definition = root ? new AslCompiler(template).compile(root) : compileLoop(template);
  assertIntrinsicLimit(definition);
  return definition;
}
