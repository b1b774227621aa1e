import { afterEach, describe, expect, it, vi } from "vitest";
import { dynamoDbDocumentClient } from "../../lambdas/adapters/dynamodb/dynamodb-document-client.ts";

/** Where a client sends its requests, as the SDK resolved it. */
async function endpointOf(client: ReturnType<typeof dynamoDbDocumentClient>) {
  const endpoint = await client.config.endpoint?.();
  return endpoint && `${endpoint.protocol}//${endpoint.hostname}:${endpoint.port}`;
}

describe("dynamoDbDocumentClient", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it("sends to the endpoint it is given, before AWS_ENDPOINT_URL", async () => {
    vi.stubEnv("AWS_ENDPOINT_URL", "http://127.0.0.1:4566");

    const client = dynamoDbDocumentClient({
      endpoint: "http://127.0.0.1:8000",
      region: "eu-west-1",
    });

    expect(await endpointOf(client)).toBe("http://127.0.0.1:8000");
    expect(await client.config.region()).toBe("eu-west-1");
  });

  it("sends to AWS_ENDPOINT_URL (LocalStack) when given no endpoint", async () => {
    vi.stubEnv("AWS_ENDPOINT_URL", "http://127.0.0.1:4566");

    expect(await endpointOf(dynamoDbDocumentClient({ region: "eu-west-1" }))).toBe(
      "http://127.0.0.1:4566",
    );
  });

  it("leaves the endpoint to the region without either", async () => {
    vi.stubEnv("AWS_ENDPOINT_URL", undefined);

    expect(await endpointOf(dynamoDbDocumentClient({ region: "eu-west-1" }))).toBeUndefined();
  });
});
