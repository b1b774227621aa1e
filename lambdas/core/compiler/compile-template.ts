import { BATON_ERRORS } from "../contract/baton-errors.ts";
import { PLACEHOLDERS, RESOURCES } from "../contract/resources.ts";
import {
  branchPath,
  CONTEXT_PATHS,
  carried,
  invokeResultPath,
  statePath,
} from "../contract/state-paths.ts";
import { EXECUTION_KEY_IN_ASL } from "../contract/table-layout.ts";
import {
  edgeOutcome,
  isFailureOutcome,
  possibleOutcomes,
  successOutcome,
} from "../model/outcomes.ts";
import type {
  ApprovalNode,
  Edge,
  FailureOutcome,
  FlowNode,
  Outcome,
  TaskNode,
  Template,
} from "../model/template.ts";
import type { Catcher, ChoiceRule, ChoiceState, JsonValue, State, StateMachine } from "./asl.ts";
import { choiceRuleFor } from "./choice-rules.ts";
import { compileLoop } from "./compile-loop.ts";
import { type GuardExpression, not, or } from "./guard-expression.ts";
import { endInstance, endInstancePassingOn, isEnding, SERVICE_RETRY } from "./instance-end.ts";
import { assertIntrinsicLimit } from "./intrinsic-limit.ts";
import { Measures } from "./measures.ts";
import { mergeLevels } from "./merge-nodes.ts";
import {
  approvalTask,
  closeEntry,
  failureCatch,
  failureRoutes,
  fireTask,
  LAMBDA_RETRY,
  pluginTask,
} from "./node-tasks.ts";
import { pruneUnreachable } from "./prune-unreachable.ts";
import { type Component, decompose, innerNodes } from "./series-parallel.ts";
import { StateNames } from "./state-names.ts";

/** Where a component hands over: the states that take each kind of arrival at its far end. */
interface Exits {
  fired(): string;
  dead(): string;
  poisoned(reason: FailureOutcome): string;
  /** The state that takes a poisoning passed on from a join, its reason in `$.why.Cause`. */
  passedOn(): string;
  /**
   * Where a poisoning is a constant written into the context before going on (a `join: all`
   * branch puts `{ Cause: reason }` in `$.why`): a state whose own result is of no use, such as
   * the close of a timed-out approval, writes it itself and goes on, in place of the Pass.
   */
  poisonedAs?(reason: FailureOutcome): {
    at: string;
    value: Record<string, JsonValue>;
    next: string;
  };
}

/** The states of one branch (or of the top level) being written. */
type Scope = Record<string, State>;

const FAILURES: readonly FailureOutcome[] = ["failed", "timedOut", "rejected"];

/** A function that makes its value once, when first asked. */
function once<V>(make: () => V): () => V {
  let made: { value: V } | undefined;
  return () => {
    made ??= { value: make() };
    return made.value;
  };
}

/** A function that makes each value once per key. */
function memo<K, V>(make: (key: K) => V): (key: K) => V {
  const made = new Map<K, V>();
  return (key) => {
    let value = made.get(key);
    if (value === undefined) {
      value = make(key);
      made.set(key, value);
    }
    return value;
  };
}

/** The edges a component starts with, from its source node. */
function firstEdges(component: Component): number[] {
  if (component.kind === "edges") return component.edges;
  if (component.kind === "series") return firstEdges(component.parts[0] as Component);
  return component.parts.flatMap(firstEdges);
}

class AslCompiler {
  private readonly template: Template;
  private readonly nodes: Map<string, FlowNode>;
  private readonly outgoing = new Map<string, [Edge, number][]>();
  private readonly names = new StateNames();
  /**
   * What each scope already holds: a node's states or a Parallel are written once per scope
   * (a part that is the only live one on some outcome path is written outside the Parallel
   * it belongs to on others).
   */
  private readonly memos = new WeakMap<
    Scope,
    { ran: Map<string, string>; parallels: Map<string, string> }
  >();
  private readonly subsets = new Map<string, Extract<Component, { kind: "parallel" }>>();
  private readonly componentIds = new Map<Component, number>();
  /** Each `when` edge's native Choice rule, or undefined where sift must decide. */
  private readonly rules = new Map<number, ChoiceRule | undefined>();
  private readonly measures = new Map<string, Measures>();
  /** Edges known to fire where the states being written are entered (see `splitOrFallBack`). */
  private firing = new Set<number>();

  constructor(template: Template) {
    this.template = template;
    this.nodes = new Map(template.nodes.map((node) => [node.id, node]));
    template.edges.forEach((edge, index) => {
      this.outgoing.set(edge.from, [...(this.outgoing.get(edge.from) ?? []), [edge, index]]);
    });
  }

  compile(root: Component): StateMachine {
    const scope: Scope = {};
    const exits: Exits = {
      fired: () => endInstance(scope, this.names, "completed"),
      dead: () => endInstance(scope, this.names, "no-route"),
      poisoned: (reason) => endInstance(scope, this.names, reason),
      passedOn: () => endInstancePassingOn(scope, this.names),
    };
    const startId = root.from;
    const entry = this.withEvaluation(
      startId,
      this.component(root, exits, scope, "succeeded"),
      scope,
    );
    return pruneUnreachable({
      Comment: `${this.template.id} v${this.template.version}, compiled by Baton`,
      StartAt: entry,
      States: scope,
    });
  }

  private node(id: string): FlowNode {
    const node = this.nodes.get(id);
    if (!node) throw new TypeError(`no node ${id}`);
    return node;
  }

  private memoOf(scope: Scope): { ran: Map<string, string>; parallels: Map<string, string> } {
    let memo = this.memos.get(scope);
    if (!memo) {
      memo = { ran: new Map(), parallels: new Map() };
      this.memos.set(scope, memo);
    }
    return memo;
  }

  /** Whether a failure outcome of a node has no edge to follow, so that it poisons them all. */
  private poisons(node: FlowNode, outcome: Outcome): outcome is FailureOutcome {
    return (
      isFailureOutcome(outcome) &&
      !this.edgesFrom(node.id).some(([edge]) => edgeOutcome(edge, node) === outcome)
    );
  }

  private edgesFrom(nodeId: string): [Edge, number][] {
    return this.outgoing.get(nodeId) ?? [];
  }

  /**
   * The entry of a component, given the outcome of the node it starts from. The compiler always
   * knows it: each outcome of a Task leaves by its own `Next` or `Catch`, and start and gateways
   * only succeed; so routing on outcomes is decided here, and Choice states test conditions only.
   */
  private component(component: Component, exits: Exits, scope: Scope, known: Outcome): string {
    const source = this.node(component.from);
    if (this.poisons(source, known)) return exits.poisoned(known);
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
        const live = component.parts.filter((part) => !this.deadAfter(part, source, known));
        if (live.length === 0) return exits.dead();
        if (live.length === 1) return this.component(live[0] as Component, exits, scope, known);
        if (this.exclusive(live, known)) return this.choose(live, source, exits, scope, known);
        const fallback = this.fallback(live, source, known);
        if (fallback) {
          const others = live.filter((part) => part !== fallback);
          return this.splitOrFallBack(component, others, fallback, source, exits, scope, known);
        }
        const assured = live.some(
          (part) => this.firesAlways(part, source, known) && this.arrives(part),
        );
        return this.parallel(this.subset(component, live), exits, scope, known, assured);
      }
    }
  }

  /**
   * Whether at most one of the parts can fire: all but one of them start with nothing but
   * `default` edges, which fire only when no other edge of the same outcome does.
   */
  private exclusive(parts: readonly Component[], known: Outcome): boolean {
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
    // A fallback (the `default` edge's part) is what is left when no other part fires.
    const fallback = this.fallback(parts, source, known);
    const choices: (ChoiceRule & { Next: string })[] = [];
    for (const part of parts) {
      if (part === fallback) continue;
      const fires = or(firstEdges(part).map((index) => this.fires(source, index, known)));
      if (fires === false) continue;
      if (fires === true) return this.component(part, exits, scope, known);
      choices.push({
        ...fires,
        Next: this.assumingFired(part, () => this.component(part, exits, scope, known)),
      });
    }
    const otherwise = fallback
      ? this.assumingFired(fallback, () => this.component(fallback, exits, scope, known))
      : exits.dead();
    if (choices.length === 0) return otherwise;
    const target = this.node(parts[0]?.to ?? "");
    const name = this.names.take(`Choose ${source.id} to ${target.id}`);
    scope[name] = { Type: "Choice", Choices: choices, Default: otherwise };
    return name;
  }

  /**
   * The part that starts with the source's `default` edge for `known`, when every other edge
   * of that outcome starts one of the other parts: it fires exactly when none of them does.
   */
  private fallback(
    parts: readonly Component[],
    source: FlowNode,
    known: Outcome,
  ): Component | undefined {
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
   * Parts that may fire together, beside a fallback that fires when none of them does: a
   * Choice goes to a Parallel of those parts if any of them fires, and to the fallback alone
   * (the others dead) if none does, so the Parallel never carries the fallback's branch.
   */
  private splitOrFallBack(
    component: Extract<Component, { kind: "parallel" }>,
    parts: Component[],
    fallback: Component,
    source: FlowNode,
    exits: Exits,
    scope: Scope,
    known: Outcome,
  ): string {
    const fires = or(
      parts.flatMap((part) => firstEdges(part).map((index) => this.fires(source, index, known))),
    );
    // Entered only when one of the parts fires: if each of them arrives once it fires, so does
    // the join.
    const assured = parts.every((part) => this.arrives(part));
    const split = (): string =>
      this.parallel(this.subset(component, parts), exits, scope, known, assured);
    // The fallback's default edge fires wherever it is entered: none of the others fired.
    const fallbackEntry = (): string =>
      this.assumingFired(fallback, () => this.component(fallback, exits, scope, known));
    // Not constant while the fallback is live, but folding may make it so.
    if (typeof fires === "boolean") return fires ? split() : fallbackEntry();
    const otherwise = fallbackEntry();
    const name = this.names.take(`Choose ${source.id} to ${component.to}`);
    scope[name] = { Type: "Choice", Choices: [{ ...fires, Next: split() }], Default: otherwise };
    return name;
  }

  /**
   * Writes a part entered only once the edges it starts with fired (a Choice tested them), so
   * that it does not test them again. Only a part that starts with one bundle of edges: if the
   * bundle fires, the part arrives there whichever of its edges did.
   */
  private assumingFired(part: Component, write: () => string): string {
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
  private firesAlways(part: Component, source: FlowNode, known: Outcome): boolean {
    return or(firstEdges(part).map((index) => this.fires(source, index, known))) === true;
  }

  /**
   * Whether a component, once one of the edges it starts with fired, arrives at its far node or
   * is poisoned — never dead, whatever the context: after each node it passes through, every
   * outcome the node can complete with either poisons or goes on along edges that always fire
   * (or fall back on a `default` edge when the others do not).
   */
  private arrives(component: Component): boolean {
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
  private deadAfter(part: Component, source: FlowNode, known: Outcome): boolean {
    return firstEdges(part).every((index) => this.fires(source, index, known) === false);
  }

  /** The same parallel composition over fewer parts, one object per subset (for the memo). */
  private subset(
    component: Extract<Component, { kind: "parallel" }>,
    parts: Component[],
  ): Extract<Component, { kind: "parallel" }> {
    const key = `${component.from}\u0000${component.to}\u0000${parts.map((part) => component.parts.indexOf(part)).join(",")}`;
    let made = this.subsets.get(key);
    if (!made) {
      made = { ...component, parts };
      this.subsets.set(key, made);
    }
    return made;
  }

  /** Whether an edge fires when its source completed with `outcome` (SEMANTICS §4.2). */
  private fires(source: FlowNode, edgeIndex: number, outcome: Outcome): GuardExpression {
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

  private nativeRule(edgeIndex: number): ChoiceRule | undefined {
    if (this.rules.has(edgeIndex)) return this.rules.get(edgeIndex);
    const edge = this.template.edges[edgeIndex];
    const rule = edge?.when
      ? choiceRuleFor(edge.when, this.template.input, this.measuresAfter(edge.from))
      : undefined;
    this.rules.set(edgeIndex, rule);
    return rule;
  }

  /** What the conditions of a node's edges need measured before its routing (arrays). */
  private measuresAfter(nodeId: string): Measures {
    let measures = this.measures.get(nodeId);
    if (!measures) {
      measures = new Measures();
      this.measures.set(nodeId, measures);
    }
    return measures;
  }

  /** The arrival of a bundle of edges from one source at their common target. */
  private guard(
    source: FlowNode,
    edges: number[],
    exits: Exits,
    scope: Scope,
    known: Outcome,
  ): string {
    const fires = or(edges.map((index) => this.fires(source, index, known)));
    if (typeof fires === "boolean") return fires ? exits.fired() : exits.dead();
    const target = this.node(this.template.edges[edges[0] ?? 0]?.to ?? "");
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
    const done = this.memoOf(scope).ran.get(nodeId);
    if (done) return done;
    const node = this.node(nodeId);
    const after = memo((outcome: Outcome): string =>
      this.poisons(node, outcome)
        ? exits.poisoned(outcome)
        : this.withEvaluation(nodeId, this.component(next, exits, scope, outcome), scope),
    );
    let entry: string;
    if (node.type === "gateway" || node.type === "start" || node.type === "end") {
      entry = after("succeeded");
    } else if (node.type === "task" && node.mode === "fire") {
      entry = this.names.take(`Notify ${node.id}`);
      scope[entry] = fireTask(node, after("succeeded"));
    } else {
      entry = this.names.take(node.type === "approval" ? `Approve ${node.id}` : `Run ${node.id}`);
      const state = node.type === "approval" ? approvalTask(node) : pluginTask(node);
      state.Next = after(successOutcome(node.type));
      state.Catch = this.catchers(node, scope, after, exits);
      scope[entry] = state;
    }
    this.memoOf(scope).ran.set(nodeId, entry);
    return entry;
  }

  /**
   * Before routing on conditions, measures what native rules on arrays test (a Pass, no
   * Lambda), and asks the conditions handler for the verdicts of the rest.
   */
  private withEvaluation(nodeId: string, entry: string, scope: Scope): string {
    const queries: Record<string, JsonValue> = {};
    for (const [edge, index] of this.edgesFrom(nodeId)) {
      if (edge.when && !this.nativeRule(index)) queries[`e${index}`] = edge.when as JsonValue;
    }
    const measures = this.measuresAfter(nodeId);
    let next = entry;
    if (measures.size > 0) {
      next = this.names.take(`Measure after ${nodeId}`);
      scope[next] = {
        Type: "Pass",
        Parameters: measures.parameters(),
        ResultPath: Measures.PATH,
        Next: entry,
      };
    }
    if (Object.keys(queries).length === 0) return next;
    const name = this.names.take(`Evaluate after ${nodeId}`);
    scope[name] = {
      Type: "Task",
      Resource: RESOURCES.lambdaInvoke,
      Parameters: {
        FunctionName: PLACEHOLDERS.conditionsFunction,
        Payload: { queries, ...carried("input", "nodes") },
      },
      ResultSelector: { "r.$": invokeResultPath() },
      ResultPath: statePath("when"),
      Retry: [LAMBDA_RETRY],
      Next: next,
    };
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
      if (!this.poisons(node, outcome)) {
        return [
          failureCatch(node, route, { caught, at: caught }, after(outcome), this.names, scope),
        ];
      }
      // Nothing is recorded: the envelope needs no parsing, `States.TaskFailed` catches it.
      if (route.first === "envelope") return [];
      if (route.first !== "close" || node.type !== "approval") {
        return [{ ErrorEquals: errors, ResultPath: null, Next: after(outcome) }];
      }
      const constant = exits.poisonedAs?.(outcome);
      const next = constant ? constant.next : after(outcome);
      const close = closeEntry(node, next, constant, this.names, scope);
      return [{ ErrorEquals: errors, ResultPath: null, Next: close }];
    });
  }

  /**
   * A Parallel state for components side by side between two nodes, implementing the join of
   * the far node: `all` stops the branches as soon as one is poisoned, `any` as soon as one
   * arrives. A branch stops the others only after a `Wait` of 0 seconds, so that everything
   * that happens in the same instant (SEMANTICS §4, docs/reference-engine.md) happens first.
   */
  private parallel(
    component: Extract<Component, { kind: "parallel" }>,
    exits: Exits,
    scope: Scope,
    known: Outcome,
    assured: boolean,
  ): string {
    if (!this.componentIds.has(component)) this.componentIds.set(component, this.componentIds.size);
    const key = `${this.componentIds.get(component)}:${known}:${assured}`;
    const existing = this.memoOf(scope).parallels.get(key);
    if (existing) return existing;
    const source = this.node(component.from);
    const target = this.node(component.to);
    const race = (target.join ?? "all") === "any";
    const name = this.names.take(`Split ${source.id} to ${target.id}`);
    this.memoOf(scope).parallels.set(key, name);
    const branches = component.parts.map((part, index) => {
      const branch: Scope = {};
      const first = part.kind === "series" ? part.vias[0] : undefined;
      const label = first ?? `${source.id} to ${target.id} (${index + 1})`;
      // A branch of a join `all` reports whether it arrived (`a`), unless the join is assured
      // (some branch arrives); one of a race, which stops the others when it arrives, reports
      // why it did not (`r`: a poison reason, or null).
      const result = (kind: string, report: Record<string, JsonValue>, suffix = ""): string => {
        const pass = this.names.take(`${kind}: ${label}${suffix}`);
        branch[pass] = { Type: "Pass", Parameters: { ...report, ...carried("nodes") }, End: true };
        return pass;
      };
      const stop = (error: string, cause: { Cause: string } | { CausePath: string }): string => {
        const wait = this.names.take(`Instant over: ${label}`);
        const fail = this.names.take(`Stop siblings: ${label}`);
        branch[wait] = { Type: "Wait", Seconds: 0, Next: fail };
        branch[fail] = { Type: "Fail", Error: error, ...cause };
        return wait;
      };
      const passedOn = once(() =>
        race
          ? result("Poisoned", { "r.$": statePath("why", "Cause") })
          : stop(BATON_ERRORS.poisoned, { CausePath: statePath("why", "Cause") }),
      );
      const branchOver = once(() => result("Branch over", {}));
      const branchExits: Exits = race
        ? {
            fired: once(() => stop(BATON_ERRORS.arrived, { Cause: "arrived" })),
            dead: once(() => result("Dead", { r: null })),
            poisoned: memo((reason) => result("Poisoned", { r: reason }, ` (${reason})`)),
            passedOn,
          }
        : {
            ...(assured
              ? { fired: branchOver, dead: branchOver }
              : {
                  fired: once(() => result("Arrived", { a: "fired" })),
                  dead: once(() => result("Dead", { a: "dead" })),
                }),
            poisoned: memo((reason) => {
              const why = this.names.take(`Poisoned: ${label} (${reason})`);
              branch[why] = {
                Type: "Pass",
                Result: { Cause: reason },
                ResultPath: statePath("why"),
                Next: passedOn(),
              };
              return why;
            }),
            passedOn,
            poisonedAs: (reason) => ({
              at: statePath("why"),
              value: { Cause: reason },
              next: passedOn(),
            }),
          };
      const entry = this.component(part, branchExits, branch, known);
      return { StartAt: entry, States: branch };
    });
    const inner = component.parts.flatMap(innerNodes).filter((id) => {
      const node = this.node(id);
      return node.type === "approval" || node.type === "task";
    });
    const withdrawn = (next: string): string => {
      // Ending the instance withdraws everything still pending anyway.
      if (inner.length === 0 || isEnding(scope, next)) return next;
      const withdraw = this.names.take(`Withdraw after ${source.id} to ${target.id}`);
      scope[withdraw] = {
        Type: "Task",
        Resource: RESOURCES.updateItem,
        Parameters: {
          TableName: PLACEHOLDERS.table,
          Key: EXECUTION_KEY_IN_ASL,
          UpdateExpression: "ADD withdrawn :nodes",
          ExpressionAttributeValues: { ":nodes": { SS: [...inner].sort() } },
        },
        ResultPath: null,
        Retry: [SERVICE_RETRY],
        Next: next,
      };
      return withdraw;
    };
    const [merged, ...later] = mergeLevels(
      component.parts.map((_, index) => branchPath(index, "nodes")),
    );
    const selected = {
      "instance.$": CONTEXT_PATHS.executionInput("instance"),
      "input.$": CONTEXT_PATHS.executionInput("input"),
      ...merged,
    };
    // Beyond 11 branches, Passes merge the rest (at most 10 intrinsic calls in a field).
    const mergedThen = (next: string, join: boolean): string =>
      later.reduceRight((after, level) => {
        const pass = this.names.take(`Merge after ${source.id} to ${target.id}`);
        scope[pass] = {
          Type: "Pass",
          Parameters: {
            ...carried("instance", "input"),
            ...(join ? carried("join") : {}),
            ...level,
          },
          Next: after,
        };
        return pass;
      }, next);
    const joined = (choices: ChoiceState["Choices"]): string => {
      const join = this.names.take(`Join ${target.id}`);
      scope[join] = { Type: "Choice", Choices: choices, Default: exits.dead() };
      return join;
    };
    // No ResultPath: the default replaces the state's input with the selected result
    // (aws-local-stepfunctions would write an explicit "$" as a key named "$").
    if (race) {
      // The winner's entries are not carried through the error's cause: no later condition may
      // read them (rule condition-node-reference), and aws-local-stepfunctions strips the
      // backslashes from intrinsic string results, which breaks a JsonToString round trip.
      scope[name] = {
        Type: "Parallel",
        Branches: branches,
        ResultSelector: {
          ...selected,
          join: Object.fromEntries(
            FAILURES.map((reason) => [
              `${reason}.$`,
              `States.ArrayContains(${branchPath("*", "r")}, '${reason}')`,
            ]),
          ),
        },
        Catch: [
          { ErrorEquals: [BATON_ERRORS.arrived], ResultPath: null, Next: withdrawn(exits.fired()) },
        ],
        Next: mergedThen(
          joined(
            FAILURES.map((reason) => ({
              Variable: statePath("join", reason),
              BooleanEquals: true,
              Next: exits.poisoned(reason),
            })),
          ),
          true,
        ),
      };
    } else {
      scope[name] = {
        Type: "Parallel",
        Branches: branches,
        ResultSelector: assured
          ? selected
          : {
              ...selected,
              join: { "fired.$": `States.ArrayContains(${branchPath("*", "a")}, 'fired')` },
            },
        Catch: [
          {
            ErrorEquals: [BATON_ERRORS.poisoned],
            ResultPath: statePath("why"),
            Next: withdrawn(exits.passedOn()),
          },
        ],
        Next: mergedThen(
          assured
            ? exits.fired()
            : joined([
                { Variable: statePath("join", "fired"), BooleanEquals: true, Next: exits.fired() },
              ]),
          !assured,
        ),
      };
    }
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
