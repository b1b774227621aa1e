import { App, Duration, Stack } from "aws-cdk-lib";
import { Match, Template } from "aws-cdk-lib/assertions";
import { describe, expect, it } from "vitest";
import { FlowBus } from "../../cdk/flow-bus.ts";
import { FlowStore } from "../../cdk/flow-store.ts";
import { FLOW_TABLE_DEFINITION } from "../../lambdas/adapters/dynamodb/flow-table-definition.ts";
import { batonAppAsCli, TEST_ACCOUNT } from "./baton-app-as-cli.ts";

// One synthesis per environment, shared by the tests (the first one pays CDK's validation engine).
const dev = batonAppAsCli("dev").stack;
const prod = batonAppAsCli("prod").stack;
const devTemplate = Template.fromStack(dev);
const prodTemplate = Template.fromStack(prod);

/** A stack holding only what `build` adds, synthesized. */
function templateOf(build: (stack: Stack) => void): Template {
  const stack = new Stack(new App(), "Probe");
  build(stack);
  return Template.fromStack(stack);
}

describe("FlowStore table", () => {
  it("is the one table of the stack, keyed by pk (partition) and sk (sort), both strings", () => {
    // Act
    const tables = devTemplate.findResources("AWS::DynamoDB::Table");
    // Assess
    expect(Object.keys(tables)).toHaveLength(1);
    devTemplate.hasResourceProperties("AWS::DynamoDB::Table", {
      KeySchema: [
        { AttributeName: "pk", KeyType: "HASH" },
        { AttributeName: "sk", KeyType: "RANGE" },
      ],
      AttributeDefinitions: Match.arrayWith([
        { AttributeName: "pk", AttributeType: "S" },
        { AttributeName: "sk", AttributeType: "S" },
      ]),
    });
  });

  it("bills on demand, keeps point-in-time recovery and is encrypted with the AWS-managed key", () => {
    devTemplate.hasResourceProperties("AWS::DynamoDB::Table", {
      BillingMode: "PAY_PER_REQUEST",
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      // AWS-managed KMS key (aws/dynamodb): enabled, with neither a customer key nor an SSE type.
      SSESpecification: Match.objectEquals({ SSEEnabled: true }),
    });
  });

  it("expires items by the ttl attribute the DynamoDB adapter writes", () => {
    devTemplate.hasResourceProperties("AWS::DynamoDB::Table", {
      TimeToLiveSpecification: { AttributeName: "ttl", Enabled: true },
    });
  });

  it("has the byTemplate index (gsi1pk, gsi1sk) projecting every attribute, and the unsettled index (gsi2pk, gsi2sk) projecting what the sweep reads", () => {
    devTemplate.hasResourceProperties("AWS::DynamoDB::Table", {
      GlobalSecondaryIndexes: [
        {
          IndexName: "byTemplate",
          KeySchema: [
            { AttributeName: "gsi1pk", KeyType: "HASH" },
            { AttributeName: "gsi1sk", KeyType: "RANGE" },
          ],
          Projection: { ProjectionType: "ALL" },
        },
        {
          IndexName: "unsettled",
          KeySchema: [
            { AttributeName: "gsi2pk", KeyType: "HASH" },
            { AttributeName: "gsi2sk", KeyType: "RANGE" },
          ],
          Projection: {
            ProjectionType: "INCLUDE",
            NonKeyAttributes: [
              "tenant",
              "instanceId",
              "status",
              "closing",
              "updatedAt",
              "executionId",
            ],
          },
        },
      ],
      AttributeDefinitions: Match.arrayWith([
        { AttributeName: "gsi1pk", AttributeType: "S" },
        { AttributeName: "gsi1sk", AttributeType: "S" },
        { AttributeName: "gsi2pk", AttributeType: "S" },
        { AttributeName: "gsi2sk", AttributeType: "S" },
      ]),
    });
  });

  it("declares the same indexes as the table the DynamoDB adapter creates for tests", () => {
    const tables = devTemplate.findResources("AWS::DynamoDB::Table");
    const table = Object.values(tables)[0]?.Properties as {
      GlobalSecondaryIndexes: unknown;
    };
    expect(table.GlobalSecondaryIndexes).toEqual(FLOW_TABLE_DEFINITION.GlobalSecondaryIndexes);
  });

  it("has no stream unless asked, and then new and old images (the engine asks: its execution-facts function reads it)", () => {
    // Act
    const bare = templateOf((stack) => new FlowStore(stack, "Store"));
    // Assess
    bare.hasResourceProperties("AWS::DynamoDB::Table", { StreamSpecification: Match.absent() });
    devTemplate.hasResourceProperties("AWS::DynamoDB::Table", {
      StreamSpecification: { StreamViewType: "NEW_AND_OLD_IMAGES" },
    });
  });

  it("is destroyed with the dev stack but retained by every other environment", () => {
    devTemplate.hasResource("AWS::DynamoDB::Table", {
      DeletionPolicy: "Delete",
      UpdateReplacePolicy: "Delete",
    });
    prodTemplate.hasResource("AWS::DynamoDB::Table", {
      DeletionPolicy: "Retain",
      UpdateReplacePolicy: "Retain",
    });
  });

  it("is retained by default when used on its own", () => {
    // Act
    const template = templateOf((stack) => new FlowStore(stack, "Store"));
    // Assess
    template.hasResource("AWS::DynamoDB::Table", {
      DeletionPolicy: "Retain",
      UpdateReplacePolicy: "Retain",
    });
  });
});

describe("FlowBus", () => {
  it("is the event bus baton-<env>", () => {
    devTemplate.resourceCountIs("AWS::Events::EventBus", 1);
    devTemplate.hasResourceProperties("AWS::Events::EventBus", { Name: "baton-dev" });
    prodTemplate.hasResourceProperties("AWS::Events::EventBus", { Name: "baton-prod" });
  });

  it("archives every event of the account on the bus for 30 days", () => {
    devTemplate.hasResourceProperties("AWS::Events::Archive", {
      SourceArn: dev.resolve(dev.engine.bus.eventBusArn),
      EventPattern: { account: [TEST_ACCOUNT] },
      RetentionDays: 30,
    });
  });

  it("keeps the archive as long as asked", () => {
    // Act
    const template = templateOf(
      (stack) =>
        new FlowBus(stack, "Bus", { eventBusName: "probe", archiveRetention: Duration.days(7) }),
    );
    // Assess
    template.hasResourceProperties("AWS::Events::Archive", { RetentionDays: 7 });
  });
});

describe("BatonStack outputs", () => {
  it("names the API's URL, the table and the bus", () => {
    devTemplate.hasOutput("ApiUrl", { Value: dev.resolve(dev.engine.url) });
    devTemplate.hasOutput("TableName", { Value: dev.resolve(dev.engine.table.tableName) });
    devTemplate.hasOutput("EventBusName", { Value: dev.resolve(dev.engine.bus.eventBusName) });
  });
});
