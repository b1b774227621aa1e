import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventEnvelope } from "../../lambdas/core/events/event-envelope.ts";
import type { SecretSource } from "../../lambdas/core/ports/secret-source.ts";
import { readLink } from "../../lambdas/core/security/approval-link.ts";
import { notifierFromEnv } from "../../lambdas/plugins/notifier-from-env.ts";
import { NotifierSetupError } from "../../lambdas/plugins/notifier-setup-error.ts";
import { WebhookReceiver } from "../support/webhook-receiver.ts";

const KEY = "k".repeat(43);
const ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:baton-test/link-key-AbC123";

/** A `SecretSource` holding the given secrets (the port's in-memory stand-in), counting reads. */
function secretsOf(values: Readonly<Record<string, string>>) {
  const read: string[] = [];
  const source: SecretSource = {
    secretString: async (secretId) => {
      read.push(secretId);
      const value = values[secretId];
      if (value === undefined) {
        throw Object.assign(new Error(`no secret ${secretId}`), {
          name: "ResourceNotFoundException",
        });
      }
      return value;
    },
  };
  return { read, source: async () => source };
}

const receiver = new WebhookReceiver();
beforeAll(() => receiver.start());
afterAll(() => receiver.stop());

const environment = () => ({
  BATON_PLUGIN_NAME: "chat",
  BATON_NOTIFIER_URL: receiver.url,
  PUBLIC_URL: "https://baton.example.com",
  BATON_LINK_KEY_SECRET_ARN: ARN,
});

const requested = eventEnvelope(
  {
    type: "approval.requested",
    tenant: "default",
    templateId: "expense",
    templateVersion: 2,
    instanceId: "01J",
    nodeId: "lead",
    seq: 3,
    at: "2026-12-02T10:00:00.000Z",
    detail: { approvalId: "01J.lead.1", approvers: ["al"] },
  },
  { id: "e-1", account: "123456789012", region: "eu-west-1" },
);

describe("notifierFromEnv", () => {
  it("signs the links with the key of the secret BATON_LINK_KEY_SECRET_ARN names, read once, and no other secret", async () => {
    receiver.reset();
    const secrets = secretsOf({ [ARN]: KEY, other: "x".repeat(43) });
    const { plugin, notify } = await notifierFromEnv(
      { ...environment(), BATON_CALLBACK_KEY_SECRET_ARN: "other" },
      secrets.source,
    );
    await notify(requested);
    expect(plugin).toBe("chat");
    expect(secrets.read).toEqual([ARN]);
    const { link } = JSON.parse(receiver.received[0]?.body ?? "{}") as { link: string };
    expect(link.startsWith("https://baton.example.com/a/")).toBe(true);
    expect(readLink(KEY, link.split("/a/")[1] ?? "")?.user).toBe("al");
  });

  it("takes a plain BATON_LINK_KEY over the secret, reading nothing", async () => {
    const secrets = secretsOf({});
    await notifierFromEnv({ ...environment(), BATON_LINK_KEY: KEY }, secrets.source);
    expect(secrets.read).toEqual([]);
  });

  it("refuses a missing or malformed variable, a short key and an unreadable secret by name, never by value", async () => {
    const secrets = secretsOf({ [ARN]: "short-key" });
    const refusal = (env: Record<string, string | undefined>) =>
      notifierFromEnv(env, secrets.source).then(
        () => "accepted",
        (error: unknown) => {
          expect(error).toBeInstanceOf(NotifierSetupError);
          return (error as Error).message;
        },
      );
    const start = "the notifier function cannot start: ";
    expect(await refusal({ ...environment(), BATON_PLUGIN_NAME: "" })).toBe(
      `${start}environment variable BATON_PLUGIN_NAME is not set`,
    );
    expect(await refusal({ ...environment(), BATON_NOTIFIER_URL: "ftp://chat" })).toBe(
      `${start}environment variable BATON_NOTIFIER_URL is not an http(s) URL`,
    );
    expect(await refusal({ ...environment(), PUBLIC_URL: undefined })).toBe(
      `${start}environment variable PUBLIC_URL is not set`,
    );
    expect(await refusal({ ...environment(), BATON_LINK_KEY_SECRET_ARN: undefined })).toBe(
      `${start}environment variable BATON_LINK_KEY or BATON_LINK_KEY_SECRET_ARN is not set`,
    );
    expect(await refusal(environment())).toBe(
      `${start}the secret ${ARN} (BATON_LINK_KEY_SECRET_ARN) must hold at least 256 bits`,
    );
    expect(await refusal({ ...environment(), BATON_LINK_KEY: "short-key" })).toBe(
      `${start}environment variable BATON_LINK_KEY must hold at least 256 bits`,
    );
    expect(await refusal({ ...environment(), BATON_LINK_KEY_SECRET_ARN: `${ARN}x` })).toBe(
      `${start}the secret ${ARN}x (BATON_LINK_KEY_SECRET_ARN) cannot be read (ResourceNotFoundException)`,
    );
  });

  it("refuses with NotifierSetupError when the secret source cannot be made, naming the secret", async () => {
    const unreachable = async (): Promise<SecretSource> => {
      throw Object.assign(new Error("Could not load credentials from any providers"), {
        name: "CredentialsProviderError",
      });
    };

    const refusal = notifierFromEnv(environment(), unreachable);

    await expect(refusal).rejects.toBeInstanceOf(NotifierSetupError);
    await expect(refusal).rejects.toThrow(
      `the notifier function cannot start: the secret ${ARN} (BATON_LINK_KEY_SECRET_ARN) cannot be read (CredentialsProviderError)`,
    );
  });
});
