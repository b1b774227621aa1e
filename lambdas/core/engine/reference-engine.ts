import { formProblems } from "../approval/form-problems.ts";
import type { Template } from "../model/template.ts";
import type { SchemaValidators } from "../ports/schema-validators.ts";
import { ajvSchemaValidators } from "../schema/ajv-schema-validators.ts";
import { ActingFlowRun } from "./acting-flow-run.ts";
import type { EngineOptions } from "./engine-options.ts";
import type { FlowAction } from "./flow-action.ts";
import { assertValidInput } from "./input-validator.ts";
import type { InstanceState } from "./instance-state.ts";
import { type ActionResult, TrustedInputEngine } from "./trusted-input-engine.ts";

/** The validators of reference engines given none: one Ajv for all of them. */
const SHARED_SCHEMAS = ajvSchemaValidators();

/** Options of a {@link ReferenceEngine}. */
export interface ReferenceEngineOptions extends EngineOptions {
  /**
   * Where the input and form schemas' validators come from.
   *
   * @default validators compiled by one Ajv shared by every reference engine
   * @example backend.schemas
   */
  schemas?: SchemaValidators;
}

/**
 * The reference engine: the meaning of a flow (SEMANTICS §3–§6), pure and deterministic.
 * Every call takes a state and returns a new one; the state passed in is never changed.
 * `start` (and so `replay`) checks the input against the template's schema first, and `apply`
 * holds a decision's form values to its node's `form` as the operations do; where the
 * input was checked when the instance was created, {@link TrustedInputEngine} runs the same
 * engine without the check, and without `apply`.
 *
 * @example
 * const engine = new ReferenceEngine(template);
 * let state = engine.start({ owner: "alice" });
 * ({ state } = engine.apply(state, { node: "lead", act: "approve", by: "alice" }));
 * state.status; // "completed"
 */
export class ReferenceEngine extends TrustedInputEngine {
  private readonly schemas: SchemaValidators;

  constructor(template: Template, options: ReferenceEngineOptions = {}) {
    super(template, options);
    this.schemas = options.schemas ?? SHARED_SCHEMAS;
  }

  /**
   * Starts an instance: checks the input against the template's schema (throwing
   * `InputRefusedError`, with no instance created), completes `start`, and runs until nothing
   * can move without a decision.
   */
  override start(input: unknown): InstanceState {
    assertValidInput(this.template, input, this.schemas);
    return super.start(input);
  }

  /** Applies one action to a copy of `state`, then runs until nothing can move without a decision. */
  apply(state: InstanceState, action: FlowAction): ActionResult {
    const run = new ActingFlowRun(
      this.index,
      structuredClone(state),
      this.directory,
      (form, values) => formProblems(form, values, this.schemas),
    );
    const effect = run.apply(action);
    return { state: effect === "applied" ? run.state : state, effect };
  }
}
