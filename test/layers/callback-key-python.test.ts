import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { callbackSignatureProblem } from "../../lambdas/core/security/callback-signature.ts";
import { signingKeysFromSecrets } from "../../lambdas/handlers/backend-from-env.ts";
import { runPython } from "../support/run-python.ts";

/*
 * No Secrets Manager emulator runs here, and boto3 is not installed: the Python SDK's default
 * reader is driven through a stand-in `boto3` module put on `sys.modules`, recording the
 * clients made and the calls, and its checks through a reader passed as `read_secret`.
 */

const ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:baton-dev-callback-key-AbCdEf";
const SECRET_KEY = "s".repeat(64);
const PLAIN_KEY = "p".repeat(43);

/** A stand-in `boto3` whose Secrets Manager client answers `value` (`raise` to fail). */
function fakeBoto3(value: string): string {
  return [
    "import json, sys, types",
    "calls = []",
    "class FakeSecretsManager:",
    "    def get_secret_value(self, SecretId):",
    "        calls.append(['get_secret_value', SecretId])",
    `        return {'ARN': SecretId, 'SecretString': ${JSON.stringify(value)}}`,
    "def client(service, **settings):",
    "    calls.append(['client', service])",
    "    return FakeSecretsManager()",
    "sys.modules['boto3'] = types.SimpleNamespace(client=client)",
    "import baton_sdk",
  ].join("\n");
}

describe("the Python SDK's callback key on AWS", () => {
  it("signs with the secret BATON_CALLBACK_KEY_SECRET_ARN names, read with boto3 once for the process", async () => {
    const reports: { body: string; signature: string | undefined }[] = [];
    const server = createServer(async (request, response) => {
      let body = "";
      for await (const chunk of request) body += chunk;
      reports.push({ body, signature: request.headers["x-baton-signature"] as string });
      response.setHeader("content-type", "application/json");
      response.end(JSON.stringify({ callbackId: "cb-1", status: "waiting" }));
    });
    await new Promise<void>((listening) => server.listen(0, "127.0.0.1", listening));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/callbacks/cb-1?tenant=acme`;
    try {
      const out = await runPython(
        [
          fakeBoto3(SECRET_KEY),
          `event = {'node': 'scan', 'plugin': 'link.safety-scan', 'callback': {'id': 'cb-1', 'url': '${url}'}}`,
          "baton_sdk.callback_client(event).heartbeat()",
          "baton_sdk.callback_client(event).succeeded({'verdict': 'safe'})",
          "print(json.dumps(calls))",
        ].join("\n"),
        "",
        { BATON_CALLBACK_KEY: "", BATON_CALLBACK_KEY_SECRET_ARN: ARN },
      );

      expect(JSON.parse(out)).toEqual([
        ["client", "secretsmanager"],
        ["get_secret_value", ARN],
      ]);
      expect(reports.map(({ body }) => JSON.parse(body))).toEqual([
        { status: "heartbeat" },
        { status: "succeeded", output: { verdict: "safe" } },
      ]);
      for (const { body, signature } of reports) {
        const address = { tenant: "acme", callbackId: "cb-1" };
        const nowSeconds = Math.floor(Date.now() / 1000);
        expect(
          callbackSignatureProblem(SECRET_KEY, address, body, signature, nowSeconds),
        ).toBeUndefined();
      }
    } finally {
      server.close();
    }
  });

  it("lets a plain key win: BATON_CALLBACK_KEY, and a key passed over both, never reading the secret", async () => {
    const out = await runPython(
      [
        fakeBoto3(SECRET_KEY),
        "print(json.dumps([baton_sdk.callback_key(), baton_sdk.callback_key('given'), calls]))",
      ].join("\n"),
      "",
      { BATON_CALLBACK_KEY: PLAIN_KEY, BATON_CALLBACK_KEY_SECRET_ARN: ARN },
    );

    expect(JSON.parse(out)).toEqual([PLAIN_KEY, "given", []]);
  });

  it("refuses what cannot serve, naming the variable, the ARN and the AWS error, never the value", async () => {
    const out = await runPython(
      [
        "import json, baton_sdk",
        "reads = []",
        "class ClientError(Exception):",
        "    response = {'Error': {'Code': 'AccessDeniedException', 'Message': 'not allowed'}}",
        "def denied(secret_id):",
        "    reads.append(secret_id)",
        "    raise ClientError('An error occurred (AccessDeniedException)')",
        "answers = []",
        "for read in (denied, denied, lambda secret_id: None, lambda secret_id: 'short-secret'):",
        "    try:",
        "        answers.append(baton_sdk.callback_key(read_secret=read))",
        "    except baton_sdk.CallbackKeyError as refused:",
        "        answers.append([type(refused).__name__, str(refused), refused.variable, refused.secret_id])",
        "print(json.dumps([answers, len(reads)]))",
      ].join("\n"),
      "",
      { BATON_CALLBACK_KEY: "", BATON_CALLBACK_KEY_SECRET_ARN: ARN },
    );

    const refusal = (problem: string) => [
      "CallbackKeyError",
      `environment variable BATON_CALLBACK_KEY_SECRET_ARN names ${ARN}, which ${problem}`,
      "BATON_CALLBACK_KEY_SECRET_ARN",
      ARN,
    ];
    const [answers, reads] = JSON.parse(out) as [unknown[], number];
    expect(answers).toEqual([
      refusal("cannot be read (AccessDeniedException)"),
      refusal("cannot be read (AccessDeniedException)"),
      refusal("holds no text"),
      refusal("must hold at least 256 bits"),
    ]);
    expect(reads).toBe(2);
    expect(out).not.toContain("short-secret");
  });

  it("refuses exactly the secret lengths the backend refuses", async () => {
    const lengths = Array.from({ length: 81 }, (_, length) => length);
    const out = await runPython(
      [
        "import json, baton_sdk",
        "def verdict(length):",
        "    try:",
        "        return baton_sdk.callback_key(read_secret=lambda secret_id: 'k' * length) == 'k' * length",
        "    except baton_sdk.CallbackKeyError:",
        "        return False",
        `print(json.dumps([verdict(length) for length in ${JSON.stringify(lengths)}]))`,
      ].join("\n"),
      "",
      { BATON_CALLBACK_KEY: "", BATON_CALLBACK_KEY_SECRET_ARN: ARN },
    );

    const backend = await Promise.all(
      lengths.map((length) =>
        signingKeysFromSecrets({ BATON_CALLBACK_KEY_SECRET_ARN: ARN }, ["callback"], async () => ({
          secretString: async () => "k".repeat(length),
        })).then(
          () => true,
          () => false,
        ),
      ),
    );
    expect(JSON.parse(out)).toEqual(backend);
    expect(backend).toContain(true);
    expect(backend).toContain(false);
  });

  it("refuses at once when there is neither a key nor a secret, naming both variables", async () => {
    const out = await runPython(
      [
        "import baton_sdk",
        "try:",
        "    baton_sdk.callback_key()",
        "except ValueError as refused:",
        "    print(refused)",
      ].join("\n"),
      "",
      { BATON_CALLBACK_KEY: "", BATON_CALLBACK_KEY_SECRET_ARN: "" },
    );

    expect(out.trim()).toBe(
      "no callback key: pass one or set BATON_CALLBACK_KEY or BATON_CALLBACK_KEY_SECRET_ARN",
    );
  });
});
