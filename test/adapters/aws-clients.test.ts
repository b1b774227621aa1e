import { ListStateMachinesCommand, type SFNClient } from "@aws-sdk/client-sfn";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { awsClients } from "../../lambdas/adapters/aws/aws-clients.ts";
import { requestDestination } from "../support/request-destination.ts";

/** Where the Step Functions client would send a request. */
function destination(client: SFNClient): Promise<string> {
  return requestDestination(client, () => client.send(new ListStateMachinesCommand({})));
}

describe("awsClients", () => {
  beforeEach(() => {
    vi.stubEnv("AWS_ACCESS_KEY_ID", "test");
    vi.stubEnv("AWS_SECRET_ACCESS_KEY", "test");
  });
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it("sends to the region's endpoint without an override", async () => {
    vi.stubEnv("AWS_ENDPOINT_URL", undefined);
    vi.stubEnv("AWS_ENDPOINT_URL_SFN", undefined);

    expect(await destination(awsClients({ region: "eu-west-1" }).sfn)).toBe(
      "https://states.eu-west-1.amazonaws.com",
    );
  });

  it("honours AWS_ENDPOINT_URL, and AWS_ENDPOINT_URL_SFN before it, as the SDK does", async () => {
    vi.stubEnv("AWS_ENDPOINT_URL", "http://localhost:4566");
    vi.stubEnv("AWS_ENDPOINT_URL_SFN", undefined);
    expect(await destination(awsClients({ region: "us-east-1" }).sfn)).toBe(
      "http://localhost:4566",
    );

    vi.stubEnv("AWS_ENDPOINT_URL_SFN", "http://localhost:8083");
    expect(await destination(awsClients({ region: "us-east-1" }).sfn)).toBe(
      "http://localhost:8083",
    );
  });

  it("lets an explicit endpoint win over the environment", async () => {
    vi.stubEnv("AWS_ENDPOINT_URL_SFN", "http://localhost:8083");

    const clients = awsClients({ region: "us-east-1", endpoint: "http://127.0.0.1:4566" });

    expect(await destination(clients.sfn)).toBe("http://127.0.0.1:4566");
  });
});
