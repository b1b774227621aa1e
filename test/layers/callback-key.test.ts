import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { callbackSignatureProblem } from "../../lambdas/core/security/callback-signature.ts";
import { signingKeysFromSecrets } from "../../lambdas/handlers/backend-from-env.ts";
import {
  CallbackClient,
  CallbackKeyError,
  callbackClient,
  callbackKey,
  type PluginEvent,
  type SecretReader,
} from "../../layers/node/baton-sdk/index.ts";

/*
 * No Secrets Manager emulator runs here: the SDK's reading is driven through a fake
 * `SecretReader` (the `readSecret` option), and the default reader once against a local HTTP
 * server answering the one `GetSecretValue` call, at the endpoint the SDK's own
 * `AWS_ENDPOINT_URL_SECRETS_MANAGER` names.
 */

const ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:baton-dev-callback-key-AbCdEf";
const SECRET_KEY = "s".repeat(64);
const PLAIN_KEY = "p".repeat(43);
const VARIABLES = [
  "BATON_CALLBACK_KEY",
  "BATON_CALLBACK_KEY_SECRET_ARN",
  "AWS_ENDPOINT_URL_SECRETS_MANAGER",
  "AWS_REGION",
  "AWS_ACCESS_KEY_ID",
  "AWS_SECRET_ACCESS_KEY",
] as const;
const saved = Object.fromEntries(VARIABLES.map((name) => [name, process.env[name]]));

/** Sets the variables for one test; `afterEach` puts the process's own back. */
function environment(values: Partial<Record<(typeof VARIABLES)[number], string>>): void {
  for (const name of VARIABLES) delete process.env[name];
  Object.assign(process.env, values);
}

afterEach(() => {
  for (const name of VARIABLES) {
    const value = saved[name];
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

/** A reader of one secret by its ARN, counting the reads. */
function secrets(values: Record<string, string | undefined>) {
  const reads: string[] = [];
  const read: SecretReader = async (secretId) => {
    reads.push(secretId);
    if (!(secretId in values)) {
      throw Object.assign(new Error("Secrets Manager can't find the specified secret."), {
        name: "ResourceNotFoundException",
      });
    }
    return values[secretId];
  };
  return { read, reads };
}

/** A fetch answering every report `succeeded`, keeping the requests. */
function engine() {
  const sent: Request[] = [];
  const fetch = async (input: string | URL | Request, init?: RequestInit) => {
    sent.push(new Request(input, init));
    return new Response(JSON.stringify({ callbackId: "cb-1", status: "succeeded" }));
  };
  return { fetch: fetch as typeof globalThis.fetch, sent };
}

const event: PluginEvent = {
  plugin: "cache.provision",
  instance: { tenant: "acme", id: "01J" },
  node: "provision",
  idempotencyKey: "01J#provision#1",
  input: {},
  nodes: {},
  callback: { id: "cb-1", url: "https://baton.test/v1/callbacks/cb-1?tenant=acme" },
};

/** Whether the engine, now, takes `request`'s signature under `key`. */
async function signedWith(request: Request, key: string): Promise<boolean> {
  const body = await request.text();
  const signature = request.headers.get("x-baton-signature") ?? undefined;
  const address = { tenant: "acme", callbackId: "cb-1" };
  const nowSeconds = Math.floor(Date.now() / 1000);
  return callbackSignatureProblem(key, address, body, signature, nowSeconds) === undefined;
}

describe("the Node SDK's callback key on AWS", () => {
  it("signs with the secret BATON_CALLBACK_KEY_SECRET_ARN names, read once for the process", async () => {
    environment({ BATON_CALLBACK_KEY_SECRET_ARN: ARN });
    const { read, reads } = secrets({ [ARN]: SECRET_KEY });
    const { fetch, sent } = engine();

    await callbackClient(event, { readSecret: read, fetch }).heartbeat();
    const again = callbackClient(event, { readSecret: read, fetch });
    await Promise.all([again.heartbeat(), again.succeeded({ ok: true })]);

    expect(reads).toEqual([ARN]);
    expect(await callbackKey({ readSecret: read })).toBe(SECRET_KEY);
    expect(reads).toEqual([ARN]);
    for (const request of sent) expect(await signedWith(request, SECRET_KEY)).toBe(true);
  });

  it("lets a plain key win: BATON_CALLBACK_KEY, and a key passed over both", async () => {
    environment({ BATON_CALLBACK_KEY: PLAIN_KEY, BATON_CALLBACK_KEY_SECRET_ARN: ARN });
    const { read, reads } = secrets({ [ARN]: SECRET_KEY });
    const { fetch, sent } = engine();

    await callbackClient(event, { readSecret: read, fetch }).heartbeat();
    await callbackClient(event, { key: "given", readSecret: read, fetch }).heartbeat();

    expect(reads).toEqual([]);
    expect(await signedWith(sent[0] as Request, PLAIN_KEY)).toBe(true);
    expect(await signedWith(sent[1] as Request, "given")).toBe(true);
    expect(await callbackKey({ readSecret: read })).toBe(PLAIN_KEY);
  });

  it("reads the secret when BATON_CALLBACK_KEY is empty, as the backend does", async () => {
    environment({ BATON_CALLBACK_KEY: "", BATON_CALLBACK_KEY_SECRET_ARN: ARN });
    const { read } = secrets({ [ARN]: SECRET_KEY });

    expect(await callbackKey({ readSecret: read })).toBe(SECRET_KEY);
  });

  it("refuses at once when there is neither a key nor a secret, naming both variables", async () => {
    environment({ BATON_CALLBACK_KEY_SECRET_ARN: "" });

    expect(() => callbackClient(event)).toThrow(
      "no callback key: pass one or set BATON_CALLBACK_KEY or BATON_CALLBACK_KEY_SECRET_ARN",
    );
    await expect(callbackKey()).rejects.toThrow(TypeError);
    environment({ BATON_CALLBACK_KEY_SECRET_ARN: ARN });
    expect(() => new CallbackClient(event.callback ?? { id: "", url: "" }, { key: "" })).toThrow(
      TypeError,
    );
  });

  it("refuses a secret it cannot read, naming the variable, the ARN and the error, and reads it again next time", async () => {
    environment({ BATON_CALLBACK_KEY_SECRET_ARN: ARN });
    const missing = secrets({});
    const { fetch, sent } = engine();

    const refused = await callbackClient(event, { readSecret: missing.read, fetch })
      .succeeded()
      .catch((caught: unknown) => caught);

    expect(refused).toBeInstanceOf(CallbackKeyError);
    expect(refused).toMatchObject({
      name: "Baton.CallbackKeyUnusable",
      variable: "BATON_CALLBACK_KEY_SECRET_ARN",
      secretId: ARN,
      message: `environment variable BATON_CALLBACK_KEY_SECRET_ARN names ${ARN}, which cannot be read (ResourceNotFoundException)`,
    });
    expect(sent).toEqual([]);
    await expect(callbackKey({ readSecret: missing.read })).rejects.toThrow(CallbackKeyError);
    expect(missing.reads).toEqual([ARN, ARN]);
    const unreachable: SecretReader = async () => {
      throw Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:4566"), {
        code: "ECONNREFUSED",
      });
    };
    await expect(callbackKey({ readSecret: unreachable })).rejects.toThrow(
      `names ${ARN}, which cannot be read (ECONNREFUSED)`,
    );
  });

  it("refuses a secret holding no text", async () => {
    environment({ BATON_CALLBACK_KEY_SECRET_ARN: ARN });
    const { read } = secrets({ [ARN]: undefined });

    await expect(callbackKey({ readSecret: read })).rejects.toThrow(
      `environment variable BATON_CALLBACK_KEY_SECRET_ARN names ${ARN}, which holds no text`,
    );
  });

  it("refuses exactly the secrets the backend refuses as too short, never showing the value", async () => {
    environment({ BATON_CALLBACK_KEY_SECRET_ARN: ARN });
    // characters no ARN or message holds, so a value in a message would show
    const values = fc
      .integer({ min: 0, max: 80 })
      .chain((length) =>
        fc.array(fc.constantFrom("~", "^", "|"), { minLength: length, maxLength: length }),
      )
      .map((chars) => chars.join(""));
    await fc.assert(
      fc.asyncProperty(values, async (value) => {
        const { read } = secrets({ [ARN]: value });
        const sdk = await callbackKey({ readSecret: read }).catch((error: Error) => error);
        const backend = await signingKeysFromSecrets(
          { BATON_CALLBACK_KEY_SECRET_ARN: ARN },
          ["callback"],
          async () => ({ secretString: async () => value }),
        ).catch((error: Error) => error);

        expect(sdk instanceof Error).toBe(backend instanceof Error);
        if (sdk instanceof Error) {
          expect(sdk.message).toContain(ARN);
          expect(sdk.message).toContain("BATON_CALLBACK_KEY_SECRET_ARN");
          if (value !== "") expect(sdk.message).not.toContain(value);
        } else {
          expect(sdk).toBe(value);
        }
      }),
      { examples: [[""], ["~".repeat(42)], ["~".repeat(43)]] },
    );
  });
});

describe("the default secret reader", () => {
  it("calls GetSecretValue through the runtime's SDK at the endpoint AWS_ENDPOINT_URL_SECRETS_MANAGER names", async () => {
    const calls: { target: string | undefined; body: unknown }[] = [];
    const server = createServer(async (request: IncomingMessage, response) => {
      let body = "";
      for await (const chunk of request) body += chunk;
      calls.push({ target: request.headers["x-amz-target"] as string, body: JSON.parse(body) });
      response.setHeader("content-type", "application/x-amz-json-1.1");
      response.end(
        JSON.stringify({ ARN, Name: "baton-dev-callback-key", SecretString: SECRET_KEY }),
      );
    });
    await new Promise<void>((listening) => server.listen(0, "127.0.0.1", listening));
    try {
      environment({
        BATON_CALLBACK_KEY_SECRET_ARN: ARN,
        AWS_ENDPOINT_URL_SECRETS_MANAGER: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        AWS_REGION: "eu-west-1",
        AWS_ACCESS_KEY_ID: "test",
        AWS_SECRET_ACCESS_KEY: "test",
      });

      expect(await callbackKey()).toBe(SECRET_KEY);
      expect(await callbackKey()).toBe(SECRET_KEY);

      expect(calls).toEqual([{ target: "secretsmanager.GetSecretValue", body: { SecretId: ARN } }]);
    } finally {
      server.close();
    }
  });
});
