import {
  ResourceNotFoundException,
  type SecretsManagerClient,
} from "@aws-sdk/client-secrets-manager";
import { describe, expect, it } from "vitest";
import {
  SecretNotTextError,
  secretsManagerSource,
} from "../../lambdas/adapters/aws/secrets-manager-source.ts";
import { answerAwsRequests } from "../support/answer-aws-requests.ts";

// No emulator of Secrets Manager runs on this machine: the service's answers (a value, a
// binary secret, a missing secret) are given through the client's own middleware stack.
const ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:baton-dev-link-key-AbCdEf";

async function source(answer: () => object) {
  let client: SecretsManagerClient | undefined;
  const made = await secretsManagerSource(
    { region: "eu-west-1", endpoint: "http://127.0.0.1:4566" },
    (made) => {
      client = made;
      return made;
    },
  );
  if (!client) throw new Error("the source made no client");
  return { source: made, client, sent: answerAwsRequests(client, answer) };
}

describe("SecretsManagerSource", () => {
  it("reads the secret's current text with GetSecretValue, on the endpoint given", async () => {
    const {
      source: secrets,
      client,
      sent,
    } = await source(() => ({ SecretString: "k".repeat(64) }));

    expect(await secrets.secretString(ARN)).toBe("k".repeat(64));
    expect(sent).toEqual([{ command: "GetSecretValueCommand", input: { SecretId: ARN } }]);
    const endpoint = await client.config.endpoint?.();
    expect(endpoint?.hostname).toBe("127.0.0.1");
    expect(await client.config.region()).toBe("eu-west-1");
  });

  it("refuses a secret stored as binary", async () => {
    const { source: secrets } = await source(() => ({ SecretBinary: new Uint8Array([1, 2]) }));

    await expect(secrets.secretString(ARN)).rejects.toThrow(new SecretNotTextError(ARN));
  });

  it("passes the service's refusal on under its own name", async () => {
    const { source: secrets } = await source(() => {
      throw new ResourceNotFoundException({ message: "no such secret", $metadata: {} });
    });

    await expect(secrets.secretString(ARN)).rejects.toMatchObject({
      name: "ResourceNotFoundException",
    });
  });
});
