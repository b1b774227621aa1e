import type { ServiceInputTypes, ServiceOutputTypes } from "@aws-sdk/client-dynamodb";
import { GetCommand, type GetCommandOutput } from "@aws-sdk/lib-dynamodb";
import type { BuildMiddleware } from "@smithy/types";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { dynamoDbDocumentClient } from "../../lambdas/adapters/dynamodb/dynamodb-document-client.ts";

/** Where the client would send a request: its URL, read before it is sent (it is not). */
async function destination(client: ReturnType<typeof dynamoDbDocumentClient>): Promise<string> {
  let url = "";
  const capture: BuildMiddleware<ServiceInputTypes, ServiceOutputTypes> = () => async (args) => {
    const { protocol, hostname, port } = args.request as {
      protocol: string;
      hostname: string;
      port?: number;
    };
    url = `${protocol}//${hostname}${port ? `:${port}` : ""}`;
    const output: GetCommandOutput = { $metadata: {} };
    return { output, response: {} };
  };
  client.middlewareStack.add(capture, { step: "build", name: "captureDestination" });
  await client.send(new GetCommand({ TableName: "baton", Key: { pk: "a", sk: "b" } }));
  return url;
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
