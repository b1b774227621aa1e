import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { dynamoDbDocumentClient } from "../../lambdas/adapters/dynamodb/dynamodb-document-client.ts";
import { requestDestination } from "../support/request-destination.ts";

/** Where the document client would send a request. */
function destination(client: ReturnType<typeof dynamoDbDocumentClient>): Promise<string> {
  return requestDestination(client, () =>
    client.send(new GetCommand({ TableName: "baton", Key: { pk: "a", sk: "b" } })),
  );
}

describe("dynamoDbDocumentClient", () => {
  beforeEach(() => {
    vi.stubEnv("AWS_ACCESS_KEY_ID", "test");
    vi.stubEnv("AWS_SECRET_ACCESS_KEY", "test");
    vi.stubEnv("AWS_ENDPOINT_URL_DYNAMODB", undefined);
  });
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it("sends to the endpoint it is given, before AWS_ENDPOINT_URL", async () => {
    vi.stubEnv("AWS_ENDPOINT_URL", "http://127.0.0.1:4566");

    const client = dynamoDbDocumentClient({
      endpoint: "http://127.0.0.1:8000",
      region: "eu-west-1",
    });

    expect(await destination(client)).toBe("http://127.0.0.1:8000");
    expect(await client.config.region()).toBe("eu-west-1");
  });

  it("sends to AWS_ENDPOINT_URL (LocalStack) when given no endpoint", async () => {
    vi.stubEnv("AWS_ENDPOINT_URL", "http://127.0.0.1:4566");

    expect(await destination(dynamoDbDocumentClient({ region: "eu-west-1" }))).toBe(
      "http://127.0.0.1:4566",
    );
  });

  it("sends to AWS_ENDPOINT_URL_DYNAMODB before AWS_ENDPOINT_URL, as the SDK does", async () => {
    vi.stubEnv("AWS_ENDPOINT_URL", "http://127.0.0.1:4566");
    vi.stubEnv("AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:8000");

    expect(await destination(dynamoDbDocumentClient({ region: "eu-west-1" }))).toBe(
      "http://127.0.0.1:8000",
    );
  });

  it("leaves the endpoint to the region without either", async () => {
    vi.stubEnv("AWS_ENDPOINT_URL", undefined);

    expect(await destination(dynamoDbDocumentClient({ region: "eu-west-1" }))).toBe(
      "https://dynamodb.eu-west-1.amazonaws.com",
    );
  });
});
