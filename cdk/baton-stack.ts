import { CfnOutput, RemovalPolicy, Stack, type StackProps } from "aws-cdk-lib";
import type { Construct } from "constructs";
import { FlowBus } from "./flow-bus.ts";
import { FlowStore } from "./flow-store.ts";

/** Properties of a {@link BatonStack}. */
export interface BatonStackProps extends StackProps {
  /**
   * The environment this stack serves; it names the event bus (`baton-<environmentName>`).
   *
   * @example "prod"
   */
  readonly environmentName: string;
}

/**
 * Everything Baton runs on in one environment: today the flow store (DynamoDB) and the flow
 * bus (EventBridge), with their names as stack outputs. The stored flows of `dev` go with its
 * stack; every other environment retains its table when the stack is deleted.
 *
 * @example
 * new BatonStack(app, "Baton-prod", { environmentName: "prod" });
 */
export class BatonStack extends Stack {
  /** The DynamoDB table of instances, approvals and history. */
  readonly store: FlowStore;
  /** The EventBridge bus of node events. */
  readonly flowBus: FlowBus;

  constructor(scope: Construct, id: string, props: BatonStackProps) {
    super(scope, id, props);
    const { environmentName } = props;
    this.store = new FlowStore(this, "FlowStore", {
      removalPolicy: environmentName === "dev" ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
    });
    this.flowBus = new FlowBus(this, "FlowBus", { eventBusName: `baton-${environmentName}` });
    new CfnOutput(this, "TableName", {
      description: "DynamoDB table of flow instances, approvals and history",
      value: this.store.table.tableName,
    });
    new CfnOutput(this, "EventBusName", {
      description: "EventBridge bus of node events",
      value: this.flowBus.bus.eventBusName,
    });
  }
}
