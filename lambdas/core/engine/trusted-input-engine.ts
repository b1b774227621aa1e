import { type Directory, staticDirectory } from "../approval/directory.ts";
import type { Outcome, Template } from "../model/template.ts";
import type { EngineOptions } from "./engine-options.ts";
import type { ActionEffect } from "./flow-action.ts";
import { FlowRun } from "./flow-run.ts";
import { initialState } from "./initial-state.ts";
import type { InstanceState } from "./instance-state.ts";
import type { OutsideCompletion } from "./outside-completion.ts";
import { indexTemplate, type TemplateIndex } from "./template-index.ts";

/** The state after an action, and what the action did. */
export interface ActionResult {
  state: InstanceState;
  effect: ActionEffect;
}

/**
 * The reference engine (SEMANTICS §3–§6) for an instance whose input was checked against the
 * template's schema when the instance was created (`startInstance` does, before anything is
 * stored): it never checks the input again, so it needs no JSON Schema validator — which keeps
 * Ajv out of the Lambda functions that only replay or step stored instances. Pure and
 * deterministic: every call takes a state and returns a new one; the state passed in is never
 * changed. It takes no actions (decisions, a task's result, a timer: `apply`): the backend
 * applies those to its records and hands the engine the outcomes ({@link TrustedInputEngine.complete}),
 * which keeps the approval rules out of those functions too. {@link ReferenceEngine} is the same
 * engine checking the input at `start`, and taking actions.
 *
 * @example
 * const engine = new TrustedInputEngine(template, { directory });
 * const state = engine.replay(instance.input, completionsIn(history));
 */
export class TrustedInputEngine {
  readonly template: Template;
  protected readonly index: TemplateIndex;
  /** Whom `role` approvers resolve to. */
  protected readonly directory: Directory;

  /**
   * @param template - a template that passed `validateTemplate`
   * @param options - the engine's surroundings. @default {}
   */
  constructor(template: Template, options: EngineOptions = {}) {
    this.template = template;
    this.index = indexTemplate(template);
    this.directory = options.directory ?? staticDirectory();
  }

  /**
   * Starts an instance on an input already checked: completes `start`, and runs until nothing
   * can move without a decision.
   */
  start(input: unknown): InstanceState {
    const run = this.runOf(initialState(this.template, input));
    run.begin();
    return run.state;
  }

  /**
   * Completes a pending node with an outcome decided elsewhere — how the scheduler loop of a
   * compiled state machine hands the engine what its approvals, plugins and timers decided.
   *
   * @example
   * engine.complete(state, "lead", "approved", { decidedBy: ["al"] });
   */
  complete(
    state: InstanceState,
    nodeId: string,
    outcome: Outcome,
    output: Record<string, unknown>,
  ): ActionResult {
    const run = this.runOf(structuredClone(state));
    const effect = run.completeFromOutside(nodeId, outcome, output);
    return { state: effect === "applied" ? run.state : state, effect };
  }

  /**
   * Starts an instance and completes pending nodes, in order, with outcomes decided elsewhere:
   * the state `start` and then successive `complete` calls would end with, built on the one
   * state this call creates instead of a copy per completion. A completion of a node that is
   * not pending at its turn changes nothing, as with `complete`. How the backend replays the
   * outcomes an instance's history recorded. Throws as `start` does (a {@link ReferenceEngine}
   * checks the input).
   *
   * @example
   * engine.replay(input, [{ node: "lead", outcome: "approved", output: {} }]).nodes.cfo?.status; // "skipped"
   */
  replay(input: unknown, completions: Iterable<OutsideCompletion>): InstanceState {
    const state = this.start(input);
    for (const { node, outcome, output } of completions) {
      this.runOf(state).completeFromOutside(node, outcome, output);
    }
    return state;
  }

  /** Cancels a running instance (API cancel, or the starter's withdrawal 撤回). */
  cancel(state: InstanceState): InstanceState {
    const run = this.runOf(structuredClone(state));
    return run.cancel() ? run.state : state;
  }

  private runOf(state: InstanceState): FlowRun {
    return new FlowRun(this.index, state, this.directory);
  }
}
