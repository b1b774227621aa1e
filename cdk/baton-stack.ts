import { CfnOutput, Stack, type StackProps } from "aws-cdk-lib";
import type { Construct } from "constructs";
import type { DeployedDefinitions } from "./deployed-definitions.ts";
import type { EnvironmentSettings } from "./environment-settings.ts";
import { FlowEngine } from "./flow-engine.ts";

/** Properties of a {@link BatonStack}. */
export interface BatonStackProps extends StackProps {
  /**
   * The environment this stack serves; it names every resource (`baton-<environmentName>…`).
   *
   * @example "prod"
   */
  readonly environmentName: string;

  /** What to deploy: the template versions and plugins of a definitions folder. */
  readonly definitions: DeployedDefinitions;

  /** The environment's settings (`environmentSettings`). */
  readonly settings: EnvironmentSettings;

  /**
   * A folder of the pages' built assets, shipped in the API function's bundle.
   *
   * @default none
   */
  readonly pageAssetsFolder?: string;
}

/**
 * Everything Baton runs on in one environment: the whole engine ({@link FlowEngine}), with the
 * API's URL, the table's and the bus's names as stack outputs. Whether the stored flows go with
 * the stack is the settings' removal policy (`dev` destroys them; `staging` and `prod` retain).
 *
 * @example
 * new BatonStack(app, "Baton-prod", { environmentName: "prod", definitions, settings });
 */
export class BatonStack extends Stack {
  /** The engine. */
  readonly engine: FlowEngine;

  constructor(scope: Construct, id: string, props: BatonStackProps) {
    super(scope, id, props);
    this.engine = new FlowEngine(this, "Engine", {
      environmentName: props.environmentName,
      definitions: props.definitions,
      settings: props.settings,
      ...(props.pageAssetsFolder === undefined ? {} : { pageAssetsFolder: props.pageAssetsFolder }),
    });
    new CfnOutput(this, "ApiUrl", {
      description: "Where the HTTP API, the pages and the approval links answer",
      value: this.engine.url,
    });
    new CfnOutput(this, "TableName", {
      description: "DynamoDB table of flow instances, approvals and history",
      value: this.engine.table.tableName,
    });
    new CfnOutput(this, "EventBusName", {
      description: "EventBridge bus of node events",
      value: this.engine.bus.eventBusName,
    });
  }
}
