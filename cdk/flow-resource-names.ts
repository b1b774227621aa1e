import { fnv1a32 } from "../lambdas/core/contract/fnv1a32.ts";
import type { Template } from "../lambdas/core/model/template.ts";

/** The longest name Step Functions gives a state machine. */
const STATE_MACHINE_NAME_LIMIT = 80;

/** The alias every deployed state machine runs its executions through. */
export const LIVE_ALIAS = "live";

/**
 * The names of one environment's resources, all starting `baton-<environment>`. Names are fixed
 * rather than generated so that a function can find a state machine by its ARN without a
 * reference between the two (the machine invokes the function; the function starts the machine:
 * references both ways would be a cycle CloudFormation refuses).
 *
 * @example
 * const names = new FlowResourceNames("prod");
 * names.stateMachine(template); // "baton-prod-expense-v3"
 */
export class FlowResourceNames {
  /** The environment's name, e.g. `prod`. */
  readonly environmentName: string;

  /** @param environmentName - 1 to 20 lower-case letters, digits and hyphens (`environmentName`). */
  constructor(environmentName: string) {
    this.environmentName = environmentName;
  }

  /** The prefix of every name: `baton-<environment>`. */
  get prefix(): string {
    return `baton-${this.environmentName}`;
  }

  /** The event bus: `baton-<environment>`. */
  get bus(): string {
    return this.prefix;
  }

  /**
   * The Standard state machine of one template version: `baton-<environment>-<id>-v<version>`.
   * Where that passes Step Functions' 80 characters, the id is cut and followed by 8 hex digits
   * of its FNV-1a hash, so two long ids still get two names.
   */
  stateMachine(template: Pick<Template, "id" | "version">): string {
    const whole = `${this.prefix}-${template.id}-v${template.version}`;
    if (whole.length <= STATE_MACHINE_NAME_LIMIT) return whole;
    const hash = fnv1a32(template.id).toString(16).padStart(8, "0");
    const tail = `-${hash}-v${template.version}`;
    const room = STATE_MACHINE_NAME_LIMIT - this.prefix.length - 1 - tail.length;
    return `${this.prefix}-${template.id.slice(0, room)}${tail}`;
  }

  /** The state machine of dynamic linear flows: `baton-<environment>-linear-flow`. */
  get linearFlowStateMachine(): string {
    return `${this.prefix}-linear-flow`;
  }

  /** A Lambda function of the engine: `baton-<environment>-<handler>`, e.g. `baton-prod-api`. */
  handlerFunction(handler: string): string {
    return `${this.prefix}-${handler}`;
  }
}
