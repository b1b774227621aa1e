import { templateStateMachineName } from "../lambdas/core/contract/state-machine-name.ts";
import type { Template } from "../lambdas/core/model/template.ts";

export { LIVE_ALIAS } from "../lambdas/core/contract/state-machine-name.ts";

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
   * The Standard state machine of one template version: `baton-<environment>-<id>-v<version>`,
   * a long id cut and hashed to fit Step Functions' 80 characters. The rule is
   * `templateStateMachineName`, which the handlers derive the machine's ARN with.
   */
  stateMachine(template: Pick<Template, "id" | "version">): string {
    return templateStateMachineName(this.prefix, template);
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
