import type { ITable } from "aws-cdk-lib/aws-dynamodb";
import type { IEventBus } from "aws-cdk-lib/aws-events";
import { PolicyStatement } from "aws-cdk-lib/aws-iam";
import type { IFunction } from "aws-cdk-lib/aws-lambda";
import { PLACEHOLDERS } from "../lambdas/core/contract/resources.ts";

/**
 * What a compiled definition may call, one entry per placeholder of
 * `lambdas/core/contract/resources.ts` (`PLACEHOLDERS`), under the same key.
 */
export interface FlowMachineResources {
  /** Fills `${BatonApprovalsFunction}`: opens approvals and parks on them. */
  readonly approvalsFunction: IFunction;
  /** Fills `${BatonPluginsFunction}`: runs `call` and `callback` tasks. */
  readonly pluginsFunction: IFunction;
  /** Fills `${BatonConditionsFunction}`: evaluates the conditions native rules cannot. */
  readonly conditionsFunction: IFunction;
  /** Fills `${BatonStepFunction}`: the scheduler loop of graphs that are not series-parallel. */
  readonly stepFunction: IFunction;
  /** Fills `${BatonTable}` (its name): the instance end and the withdrawals are `UpdateItem`s. */
  readonly table: ITable;
  /** Fills `${BatonBus}` (its ARN): `fire` tasks put their event on it. */
  readonly bus: IEventBus;
}

/** A compiled definition's `DefinitionSubstitutions` and the permissions its role needs. */
export interface DefinitionBinding {
  /** Placeholder name (without `${}`) → value, for the placeholders the definition holds. */
  readonly substitutions: Readonly<Record<string, string>>;
  /** One statement per resource the definition calls: only the actions its tasks take. */
  readonly statements: readonly PolicyStatement[];
}

/** A definition holding a `${Baton…}` placeholder that no deployed resource fills. */
export class UnknownPlaceholderError extends Error {
  override readonly name = "UnknownPlaceholderError";
  /** The placeholders without a resource, e.g. `${BatonQueue}`. */
  readonly placeholders: readonly string[];

  constructor(stateMachineName: string, placeholders: readonly string[]) {
    super(
      `the definition of ${stateMachineName} holds ${placeholders.join(", ")}, which no deployed resource fills (known: ${Object.values(PLACEHOLDERS).join(", ")})`,
    );
    this.placeholders = placeholders;
  }
}

type PlaceholderKey = keyof typeof PLACEHOLDERS;

/** The value substituted for one placeholder and the one statement its task needs. */
function bindingOf(
  key: PlaceholderKey,
  resources: FlowMachineResources,
): { value: string; statement: PolicyStatement } {
  switch (key) {
    case "table":
      return {
        value: resources.table.tableName,
        statement: new PolicyStatement({
          actions: ["dynamodb:UpdateItem"],
          resources: [resources.table.tableArn],
        }),
      };
    case "bus":
      return {
        value: resources.bus.eventBusArn,
        statement: new PolicyStatement({
          actions: ["events:PutEvents"],
          resources: [resources.bus.eventBusArn],
        }),
      };
    default: {
      // The Lambda tasks name the function by its unqualified ARN: invoking it needs no more.
      const { functionArn } = resources[key];
      return {
        value: functionArn,
        statement: new PolicyStatement({
          actions: ["lambda:InvokeFunction"],
          resources: [functionArn],
        }),
      };
    }
  }
}

/**
 * Binds a compiled definition to the deployed resources: the `DefinitionSubstitutions` of the
 * placeholders it holds (the functions by ARN, the table by name, the bus by ARN) and one IAM
 * statement for each resource it calls — `lambda:InvokeFunction`, `dynamodb:UpdateItem`,
 * `events:PutEvents` on that resource alone. A placeholder it does not hold is neither
 * substituted nor granted.
 *
 * @param stateMachineName - names the machine in the error
 * @param definition - the definition as deployed (`JSON.stringify` of the compiled machine)
 * @throws UnknownPlaceholderError for a `${Baton…}` placeholder without a resource
 * @example
 * const { substitutions, statements } = bindDefinition("baton-dev-expense-v1", json, resources);
 */
export function bindDefinition(
  stateMachineName: string,
  definition: string,
  resources: FlowMachineResources,
): DefinitionBinding {
  const known = new Set<string>(Object.values(PLACEHOLDERS));
  const unknown = [...new Set(definition.match(/\$\{Baton[A-Za-z0-9]*\}/g) ?? [])].filter(
    (placeholder) => !known.has(placeholder),
  );
  if (unknown.length > 0) throw new UnknownPlaceholderError(stateMachineName, unknown);
  const substitutions: Record<string, string> = {};
  const statements: PolicyStatement[] = [];
  for (const [key, placeholder] of Object.entries(PLACEHOLDERS) as [PlaceholderKey, string][]) {
    if (!definition.includes(placeholder)) continue;
    const { value, statement } = bindingOf(key, resources);
    substitutions[placeholder.slice(2, -1)] = value;
    statements.push(statement);
  }
  return { substitutions, statements };
}
