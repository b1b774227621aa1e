import { RemovalPolicy } from "aws-cdk-lib";
import type { IGrantable } from "aws-cdk-lib/aws-iam";
import { LogGroup, RetentionDays } from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";
import { compileTemplate } from "../lambdas/core/compiler/compile-template.ts";
import { linearFlowMachine } from "../lambdas/core/compiler/linear-flow.ts";
import type { FlowMachineResources } from "./definition-substitutions.ts";
import type { DeployedDefinitions } from "./deployed-definitions.ts";
import type { RolloutSettings } from "./environment-settings.ts";
import type { FlowResourceNames } from "./flow-resource-names.ts";
import { liveExecutionStarts } from "./live-execution-starts.ts";
import { VersionedStateMachine } from "./versioned-state-machine.ts";

/** Properties of {@link FlowStateMachines}. */
export interface FlowStateMachinesProps {
  /** The environment's names: each machine is `names.stateMachine(template)`. */
  readonly names: FlowResourceNames;

  /** What is deployed: one machine per template version (`loadDeployedDefinitions`). */
  readonly definitions: Pick<DeployedDefinitions, "templates">;

  /** The functions, table and bus the compiled definitions call. */
  readonly resources: FlowMachineResources;

  /**
   * How a changed definition rolls out behind each machine's `live` alias.
   *
   * @default { type: "all-at-once" }
   * @example { type: "canary", percentage: 10, interval: Duration.minutes(10) }
   */
  readonly rollout?: RolloutSettings;

  /**
   * How long the machines' log group keeps its events.
   *
   * @default RetentionDays.ONE_YEAR
   * @example RetentionDays.ONE_WEEK
   */
  readonly logRetention?: RetentionDays;

  /**
   * What CloudFormation does with a machine (and its role) that leaves the stack, and with the
   * log group. `RETAIN` lets instances still running on a removed template version finish.
   *
   * @default RemovalPolicy.RETAIN
   * @example RemovalPolicy.DESTROY
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * Baton's state machines on AWS: one Standard machine per deployed template version, compiled
 * at synthesis by the same compiler as `baton compile` and the embedded engine
 * (`compileTemplate`: native states for series-parallel graphs, the scheduler loop otherwise),
 * and the dynamic linear-flow machine (`linearFlowMachine`). Each is a
 * {@link VersionedStateMachine}: placeholders substituted, a role allowed only what it calls,
 * logs in one shared log group, X-Ray, a retained version per deployed revision behind the
 * `live` alias, rolled out as the `rollout` says and rolled back by its failed-executions alarm.
 *
 * @example
 * const definitions = await loadDeployedDefinitions("definitions");
 * const machines = new FlowStateMachines(this, "StateMachines", {
 *   names: new FlowResourceNames("prod"),
 *   definitions,
 *   resources: { approvalsFunction, pluginsFunction, conditionsFunction, stepFunction, table, bus },
 *   rollout: { type: "canary", percentage: 10, interval: Duration.minutes(10) },
 * });
 * machines.grantStartExecution(apiFunction);
 */
export class FlowStateMachines extends Construct {
  /** The machines of the template versions, in the order of `definitions.templates`. */
  readonly templateMachines: readonly VersionedStateMachine[];
  /** The dynamic linear-flow machine, `names.linearFlowStateMachine`. */
  readonly linearFlow: VersionedStateMachine;
  /** The log group every machine logs to. */
  readonly logGroup: LogGroup;
  /**
   * Template id → version → the `live` alias ARN, built from names: the ARN the handlers derive
   * from `STATE_MACHINE_ARN_PREFIX` for that version.
   */
  readonly aliasArns: Readonly<Record<string, Readonly<Record<string, string>>>>;

  private readonly byTemplate = new Map<string, VersionedStateMachine>();

  constructor(scope: Construct, id: string, props: FlowStateMachinesProps) {
    super(scope, id);
    const { names, resources, rollout } = props;
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    this.logGroup = new LogGroup(this, "Logs", {
      retention: props.logRetention ?? RetentionDays.ONE_YEAR,
      removalPolicy,
    });
    const shared = {
      resources,
      logGroup: this.logGroup,
      removalPolicy,
      ...(rollout && { rollout }),
    };
    const aliasArns: Record<string, Record<string, string>> = {};
    this.templateMachines = props.definitions.templates.map((template) => {
      const machine = new VersionedStateMachine(this, `${template.id}-v${template.version}`, {
        ...shared,
        stateMachineName: names.stateMachine(template),
        definition: compileTemplate(template),
      });
      this.byTemplate.set(FlowStateMachines.key(template.id, template.version), machine);
      aliasArns[template.id] = { ...aliasArns[template.id], [template.version]: machine.aliasArn };
      return machine;
    });
    this.aliasArns = aliasArns;
    this.linearFlow = new VersionedStateMachine(this, "LinearFlow", {
      ...shared,
      stateMachineName: names.linearFlowStateMachine,
      definition: linearFlowMachine(),
    });
  }

  private static key(templateId: string, version: number): string {
    return `${templateId}\u0000${version}`;
  }

  /**
   * The machine of one template version, or `undefined` where it is not deployed.
   *
   * @example
   * machines.machine("expense", 3)?.metricFailed();
   */
  machine(templateId: string, version: number): VersionedStateMachine | undefined {
    return this.byTemplate.get(FlowStateMachines.key(templateId, version));
  }

  /** Every machine: the template versions', then the linear flow's. */
  get all(): readonly VersionedStateMachine[] {
    return [...this.templateMachines, this.linearFlow];
  }

  /**
   * Lets a principal start executions of every machine through its `live` alias
   * (`states:StartExecution` on the alias ARNs alone, built from names: no dependency cycle
   * with the functions the machines invoke).
   *
   * @example
   * machines.grantStartExecution(apiFunction);
   */
  grantStartExecution(grantee: IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      liveExecutionStarts(this.all.map((machine) => machine.unqualifiedArn)),
    );
  }
}
