import { ListEventBusesCommand } from "@aws-sdk/client-eventbridge";
import { ListFunctionsCommand } from "@aws-sdk/client-lambda";
import { ListScheduleGroupsCommand } from "@aws-sdk/client-scheduler";
import { ListStateMachinesCommand } from "@aws-sdk/client-sfn";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { AwsClientOptions } from "../../lambdas/adapters/aws/aws-client-options.ts";
import { eventBridgeClient } from "../../lambdas/adapters/aws/eventbridge-client.ts";
import { lambdaClient } from "../../lambdas/adapters/aws/lambda-client.ts";
import { schedulerClient } from "../../lambdas/adapters/aws/scheduler-client.ts";
import { sfnClient } from "../../lambdas/adapters/aws/sfn-client.ts";
import { requestDestination } from "../support/request-destination.ts";

/** Where a client made by one family's maker would send one of its requests. */
type Destination = (options: AwsClientOptions) => Promise<string>;

const families: [string, string, string, Destination][] = [
  [
    "sfnClient",
    "AWS_ENDPOINT_URL_SFN",
    "https://states.eu-west-1.amazonaws.com",
    (options) => {
      const client = sfnClient(options);
      return requestDestination(client, () => client.send(new ListStateMachinesCommand({})));
    },
  ],
  [
    "eventBridgeClient",
    "AWS_ENDPOINT_URL_EVENTBRIDGE",
    "https://events.eu-west-1.amazonaws.com",
    (options) => {
      const client = eventBridgeClient(options);
      return requestDestination(client, () => client.send(new ListEventBusesCommand({})));
    },
  ],
  [
    "lambdaClient",
    "AWS_ENDPOINT_URL_LAMBDA",
    "https://lambda.eu-west-1.amazonaws.com",
    (options) => {
      const client = lambdaClient(options);
      return requestDestination(client, () => client.send(new ListFunctionsCommand({})));
    },
  ],
  [
    "schedulerClient",
    "AWS_ENDPOINT_URL_SCHEDULER",
    "https://scheduler.eu-west-1.amazonaws.com",
    (options) => {
      const client = schedulerClient(options);
      return requestDestination(client, () => client.send(new ListScheduleGroupsCommand({})));
    },
  ],
];

describe.each(families)("%s", (_maker, serviceVariable, regional, destination) => {
  beforeEach(() => {
    vi.stubEnv("AWS_ACCESS_KEY_ID", "test");
    vi.stubEnv("AWS_SECRET_ACCESS_KEY", "test");
    vi.stubEnv("AWS_ENDPOINT_URL", undefined);
    vi.stubEnv(serviceVariable, undefined);
  });
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it("sends to the region's endpoint without an override", async () => {
    expect(await destination({ region: "eu-west-1" })).toBe(regional);
  });

  it(`honours AWS_ENDPOINT_URL, and ${serviceVariable} before it, as the SDK does`, async () => {
    vi.stubEnv("AWS_ENDPOINT_URL", "http://localhost:4566");
    expect(await destination({ region: "eu-west-1" })).toBe("http://localhost:4566");

    vi.stubEnv(serviceVariable, "http://localhost:8083");
    expect(await destination({ region: "eu-west-1" })).toBe("http://localhost:8083");
  });

  it("lets an explicit endpoint win over the environment", async () => {
    vi.stubEnv(serviceVariable, "http://localhost:8083");

    expect(await destination({ region: "eu-west-1", endpoint: "http://127.0.0.1:4566" })).toBe(
      "http://127.0.0.1:4566",
    );
  });
});
