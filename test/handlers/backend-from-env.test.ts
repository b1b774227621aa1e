import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { InvokeCommandInput } from "@aws-sdk/client-lambda";
import type { StartExecutionCommandInput } from "@aws-sdk/client-sfn";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { eventBridgeClient } from "../../lambdas/adapters/aws/eventbridge-client.ts";
import { lambdaClient } from "../../lambdas/adapters/aws/lambda-client.ts";
import { schedulerClient } from "../../lambdas/adapters/aws/scheduler-client.ts";
import { sfnClient } from "../../lambdas/adapters/aws/sfn-client.ts";
import { dynamoDbApprovalStore } from "../../lambdas/adapters/dynamodb/dynamodb-approval-store.ts";
import { dynamoDbCallbackStore } from "../../lambdas/adapters/dynamodb/dynamodb-callback-store.ts";
import { dynamoDbDocumentClient } from "../../lambdas/adapters/dynamodb/dynamodb-document-client.ts";
import { dynamoDbExecutionFactsStore } from "../../lambdas/adapters/dynamodb/dynamodb-execution-facts-store.ts";
import { dynamoDbHistoryStore } from "../../lambdas/adapters/dynamodb/dynamodb-history-store.ts";
import { dynamoDbIdempotencyStore } from "../../lambdas/adapters/dynamodb/dynamodb-idempotency-store.ts";
import { dynamoDbInboxStore } from "../../lambdas/adapters/dynamodb/dynamodb-inbox-store.ts";
import { dynamoDbInstanceStore } from "../../lambdas/adapters/dynamodb/dynamodb-instance-store.ts";
import { dynamoDbLinkStore } from "../../lambdas/adapters/dynamodb/dynamodb-link-store.ts";
import { randomIds } from "../../lambdas/adapters/random-ids.ts";
import type { Backend } from "../../lambdas/core/backend/backend.ts";
import type { FlowStores } from "../../lambdas/core/ports/flow-stores.ts";
import type { SecretSource } from "../../lambdas/core/ports/secret-source.ts";
import {
  type ClientMaker,
  type ClientSource,
  clientSource,
} from "../../lambdas/handlers/aws-client-source.ts";
import {
  buildBackendFromEnv,
  signingKeysFromSecrets,
} from "../../lambdas/handlers/backend-from-env.ts";
import {
  AWS_PORT_NAMES,
  type AwsPortName,
  type BackendPorts,
  type BackendStores,
  type HandlerWiring,
  SIGNING_KEY_NAMES,
  STORE_NAMES,
} from "../../lambdas/handlers/backend-ports.ts";
import { eventBridgeBusFromEnv } from "../../lambdas/handlers/bus-from-env.ts";
import { directVerdicts } from "../../lambdas/handlers/direct-verdicts-from-env.ts";
import { sfnExecutionsFromEnv } from "../../lambdas/handlers/executions-from-env.ts";
import { lambdaPluginsFromEnv } from "../../lambdas/handlers/plugins-from-env.ts";
import { PortNotWiredError } from "../../lambdas/handlers/port-not-wired-error.ts";
import { relayedVerdicts } from "../../lambdas/handlers/relayed-verdicts-from-env.ts";
import { eventBridgeSchedulerFromEnv } from "../../lambdas/handlers/scheduler-from-env.ts";
import { SecretVariableError } from "../../lambdas/handlers/secret-variable-error.ts";
import { SigningKeyNotWiredError } from "../../lambdas/handlers/signing-key-not-wired-error.ts";
import { sfnTaskResultsFromEnv } from "../../lambdas/handlers/task-results-from-env.ts";
import { answerAwsRequests } from "../support/answer-aws-requests.ts";
import { approval, flow } from "../support/template-builder.ts";

const ARN_PREFIX = "arn:aws:states:eu-west-1:123456789012:stateMachine:baton-dev";
const folder = mkdtempSync(join(tmpdir(), "baton-env-"));
const templatesFile = join(folder, "templates.json");
writeFileSync(
  templatesFile,
  JSON.stringify(
    [1, 2].map((version) => ({
      ...flow([approval("a", ["ann"])], ["start>a", "a>end"]),
      id: "expense",
      version,
    })),
  ),
);
const notJsonFile = join(folder, "not-json.json");
writeFileSync(notJsonFile, "[{");
const objectFile = join(folder, "object.json");
writeFileSync(objectFile, "{}");

const env = {
  TABLE_NAME: "baton-dev",
  BUS_NAME: "baton-dev",
  STATE_MACHINE_ARN_PREFIX: ARN_PREFIX,
  PLUGIN_FUNCTIONS: JSON.stringify({ "erp.pay": "baton-erp-pay" }),
  PUBLIC_URL: "https://baton.example.com",
  TEMPLATES_FILE: templatesFile,
  DIRECTORY_ROLES: JSON.stringify({ dba: ["dana"] }),
  REMINDER_GROUP: "baton-dev",
  REMINDERS_FUNCTION_ARN: "arn:aws:lambda:eu-west-1:123456789012:function:baton-reminders",
  REMINDER_ROLE_ARN: "arn:aws:iam::123456789012:role/baton-scheduler",
  BATON_CALLBACK_KEY: "c".repeat(43),
  BATON_LINK_KEY: "l".repeat(43),
  BATON_AUDIT_KEY: "a".repeat(43),
};
const VERDICT_FUNCTION_ARN = "arn:aws:lambda:eu-west-1:123456789012:function:baton-dev-api";
const clients = () => clientSource({ region: "eu-west-1", endpoint: "http://127.0.0.1:9" });

/** Every AWS port wired, as no one handler wires them: the api's ports and the others'. */
const EVERY_PORT: Required<BackendPorts> = {
  tasks: sfnTaskResultsFromEnv,
  executions: sfnExecutionsFromEnv,
  bus: eventBridgeBusFromEnv,
  plugins: lambdaPluginsFromEnv,
  scheduler: eventBridgeSchedulerFromEnv,
  verdicts: directVerdicts,
};
/** Every store wired, as the api wires them. */
const EVERY_STORE: Required<BackendStores> = {
  instances: dynamoDbInstanceStore,
  executionFacts: dynamoDbExecutionFactsStore,
  approvals: dynamoDbApprovalStore,
  history: dynamoDbHistoryStore,
  inbox: dynamoDbInboxStore,
  links: dynamoDbLinkStore,
  callbacks: dynamoDbCallbackStore,
  idempotency: dynamoDbIdempotencyStore,
};
const everyPort: HandlerWiring = {
  handler: "test",
  keys: SIGNING_KEY_NAMES,
  ports: EVERY_PORT,
  stores: EVERY_STORE,
  ids: randomIds,
};

/** A read of each store, called once by the unwired-store property. */
const STORE_READS: { [K in keyof FlowStores]: (store: FlowStores[K]) => Promise<unknown> } = {
  instances: (store) => store.get("default", "01J"),
  executionFacts: (store) => store.get("default", "01J"),
  approvals: (store) => store.get("default", "01J", "lead", 1),
  history: (store) => store.list("default", "01J"),
  inbox: (store) => store.list("default", "al", "todo"),
  links: (store) => store.get("default", "hash"),
  callbacks: (store) => store.get("default", "01J.pay.1"),
  idempotency: (store) => store.get("default", "order-42"),
};

/** The methods of each AWS port, each called once by the unwired-port property. */
const PORT_METHODS: { [K in AwsPortName]: readonly (keyof Backend[K])[] } = {
  tasks: ["succeed", "fail", "heartbeat"],
  executions: ["start", "stop", "describe"],
  bus: ["publish"],
  plugins: ["call"],
  scheduler: ["schedule", "cancel"],
  verdicts: ["deliver", "deliverReport"],
};

/** The client each maker is, by name, and the service of each port's factory. */
const MAKERS = new Map<ClientMaker<unknown>, string>([
  [dynamoDbDocumentClient, "dynamodb"],
  [sfnClient, "sfn"],
  [eventBridgeClient, "eventbridge"],
  [lambdaClient, "lambda"],
  [schedulerClient, "scheduler"],
]);
const PORT_SERVICE: Record<AwsPortName, string> = {
  tasks: "sfn",
  executions: "sfn",
  bus: "eventbridge",
  plugins: "lambda",
  scheduler: "scheduler",
  verdicts: "sfn",
};

/** A client source that records which services' clients were made. */
function recordingClients(): { clients: ClientSource; made: Set<string> } {
  const source = clients();
  const made = new Set<string>();
  const recording: ClientSource = (make) => {
    made.add(MAKERS.get(make) ?? "unknown");
    return source(make);
  };
  return { clients: recording, made };
}

describe("buildBackendFromEnv", () => {
  it("builds the backend the variables describe", async () => {
    const aws = clients();
    const sent = answerAwsRequests(aws(sfnClient), () => ({ executionArn: "arn:…:execution:x" }));
    const backend = buildBackendFromEnv(env, everyPort, aws);
    const input = { instance: { tenant: "default", id: "01J" }, input: {}, nodes: {} };

    await backend.executions.start("expense", 2, "01J", input);
    await backend.executions.start("expense", 1, "01K", input);

    expect(sent.map(({ input }) => (input as StartExecutionCommandInput).stateMachineArn)).toEqual([
      `${ARN_PREFIX}-expense-v2:live`,
      `${ARN_PREFIX}-expense-v1:live`,
    ]);
    await expect(backend.executions.start("expense", 3, "01L", input)).rejects.toThrow(
      "no state machine runs expense v3",
    );
    await expect(backend.executions.start("travel", 1, "01M", input)).rejects.toThrow(
      "no state machine runs travel v1",
    );
    expect(sent).toHaveLength(2);
    expect((await backend.templates.get("expense"))?.version).toBe(2);
    expect((await backend.templates.get("expense", 1))?.version).toBe(1);
    expect(backend.directory.usersInRole("dba")).toEqual(["dana"]);
    expect(backend.publicUrl).toBe("https://baton.example.com");
    expect(backend.secrets).toEqual({
      callbackKey: env.BATON_CALLBACK_KEY,
      linkKey: env.BATON_LINK_KEY,
      auditKey: env.BATON_AUDIT_KEY,
    });
  });

  it.each([
    [{ TABLE_NAME: undefined }, "environment variable TABLE_NAME is not set"],
    ...[
      "baton-dev",
      JSON.stringify({ expense: { "2": `${ARN_PREFIX}-expense-v2:live` } }),
      `${ARN_PREFIX}-expense-v2:live`,
      "arn:aws:states:eu-west-1:123456789012:stateMachine:",
      "arn:aws:states:eu-west-1:123456789012:execution:baton-dev",
      "arn:aws:lambda:eu-west-1:123456789012:function:baton-dev",
      "arn:aws:states:eu-west-1:1234:stateMachine:baton-dev",
      ` ${ARN_PREFIX}`,
    ].map((prefix): [Record<string, string | undefined>, string] => [
      { STATE_MACHINE_ARN_PREFIX: prefix },
      "environment variable STATE_MACHINE_ARN_PREFIX is not arn:<partition>:states:<region>:<account>:stateMachine:<name prefix>",
    ]),
    [
      { PLUGIN_FUNCTIONS: "[]" },
      "environment variable PLUGIN_FUNCTIONS does not have the documented shape",
    ],
    [{ TEMPLATES_FILE: undefined }, "environment variable LAMBDA_TASK_ROOT is not set"],
    [{ REMINDER_ROLE_ARN: "" }, "environment variable REMINDER_ROLE_ARN is not set"],
    [
      { BATON_AUDIT_KEY: undefined },
      "environment variable BATON_AUDIT_KEY or BATON_AUDIT_KEY_SECRET_ARN is not set",
    ],
    [{ STATE_MACHINE_ARN_PREFIX: "" }, "environment variable STATE_MACHINE_ARN_PREFIX is not set"],
    [
      { STATE_MACHINE_ARN_PREFIX: undefined },
      "environment variable STATE_MACHINE_ARN_PREFIX is not set",
    ],
    [
      { TEMPLATES_FILE: join(folder, "missing.json") },
      `environment variable TEMPLATES_FILE names ${join(folder, "missing.json")}, which cannot be read (ENOENT)`,
    ],
    [
      { TEMPLATES_FILE: notJsonFile },
      `environment variable TEMPLATES_FILE names ${notJsonFile}, which is not JSON`,
    ],
    [
      { TEMPLATES_FILE: objectFile },
      `environment variable TEMPLATES_FILE names ${objectFile}, which does not hold an array of templates`,
    ],
  ])("refuses %o, naming the variable", (change, message) => {
    expect(() => buildBackendFromEnv({ ...env, ...change }, everyPort, clients())).toThrow(message);
  });

  it("relays verdicts to the function VERDICT_FUNCTION_ARN names, and requires it", async () => {
    const relaying: HandlerWiring = {
      handler: "sweeper",
      keys: [],
      ports: { verdicts: relayedVerdicts },
      stores: {},
    };
    const aws = clients();
    const sent = answerAwsRequests(aws(lambdaClient), () => ({
      StatusCode: 200,
      Payload: new TextEncoder().encode(JSON.stringify({ outcome: "delivered" })),
    }));
    const backend = buildBackendFromEnv({ ...env, VERDICT_FUNCTION_ARN }, relaying, aws);

    await backend.verdicts.deliverReport({
      tenant: "default",
      callbackId: "01J.pay.1",
    } as Parameters<Backend["verdicts"]["deliverReport"]>[0]);

    expect(sent.map(({ input }) => (input as InvokeCommandInput).FunctionName)).toEqual([
      VERDICT_FUNCTION_ARN,
    ]);
    expect(() => buildBackendFromEnv(env, relaying, clients())).toThrow(
      "environment variable VERDICT_FUNCTION_ARN is not set",
    );
  });

  it("reads the variables of the ports it wires only: no scheduler, no REMINDER_*", async () => {
    const {
      REMINDER_GROUP: _g,
      REMINDERS_FUNCTION_ARN: _f,
      REMINDER_ROLE_ARN: _r,
      BUS_NAME: _b,
      STATE_MACHINE_ARN_PREFIX: _p,
      PLUGIN_FUNCTIONS: _pf,
      ...shared
    } = env;
    const wiring: HandlerWiring = {
      handler: "api",
      keys: [],
      ports: { bus: eventBridgeBusFromEnv },
      stores: {},
    };

    expect(() => buildBackendFromEnv(shared, wiring, clients())).toThrow(
      "environment variable BUS_NAME is not set",
    );
    const backend = buildBackendFromEnv({ ...shared, BUS_NAME: "baton-dev" }, wiring, clients());

    const refusal = backend.scheduler.cancel("01J.lead.1");
    await expect(refusal).rejects.toThrow(PortNotWiredError);
    await expect(refusal).rejects.toThrow(
      "the api function does not wire the scheduler port: its code should not call it",
    );
  });

  it("wires exactly the ports named, makes only their clients, and refuses every call of the others", async () => {
    await fc.assert(
      fc.asyncProperty(fc.subarray([...AWS_PORT_NAMES]), async (wired) => {
        const ports = Object.fromEntries(wired.map((port) => [port, EVERY_PORT[port]]));
        const { clients: recording, made } = recordingClients();
        const backend = buildBackendFromEnv(
          env,
          { handler: "step", keys: [], ports, stores: {} },
          recording,
        );

        expect([...made].sort()).toEqual(
          [...new Set(["dynamodb", ...wired.map((port) => PORT_SERVICE[port])])].sort(),
        );
        for (const port of AWS_PORT_NAMES) {
          const methods = backend[port] as unknown as Record<string, () => Promise<unknown>>;
          for (const method of PORT_METHODS[port]) {
            const call = methods[method as string];
            if (wired.includes(port)) {
              expect(call).toBeTypeOf("function");
              continue;
            }
            const refusal = (call as () => Promise<unknown>)();
            await expect(refusal).rejects.toBeInstanceOf(PortNotWiredError);
            await expect(refusal).rejects.toMatchObject({
              name: "PortNotWiredError",
              port,
              handler: "step",
            });
          }
        }
      }),
      { numRuns: 64 },
    );
  });

  it("makes ids where the wiring says, and refuses to make one elsewhere", () => {
    const wired = buildBackendFromEnv(env, everyPort, clients());
    const unwired = buildBackendFromEnv(
      env,
      { handler: "sweeper", keys: [], ports: {}, stores: {} },
      clients(),
    );

    expect(wired.ids.instanceId()).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    for (const make of [unwired.ids.instanceId, unwired.ids.callbackId, unwired.ids.linkId]) {
      expect(make).toThrow(PortNotWiredError);
      expect(make).toThrow("the sweeper function does not wire the ids port");
    }
  });

  it("wires exactly the stores named, on TABLE_NAME, and refuses every call of the others", async () => {
    await fc.assert(
      fc.asyncProperty(fc.subarray([...STORE_NAMES]), async (wired) => {
        const stores = Object.fromEntries(wired.map((store) => [store, EVERY_STORE[store]]));
        const aws = clients();
        const sent = answerAwsRequests(aws(dynamoDbDocumentClient), () => ({ Items: [] }));
        const backend = buildBackendFromEnv(
          env,
          { handler: "step", keys: [], ports: {}, stores },
          aws,
        );

        for (const name of STORE_NAMES) {
          const read = STORE_READS[name] as (store: unknown) => Promise<unknown>;
          const before = sent.length;
          const answer = read(backend.stores[name]);
          if (wired.includes(name)) {
            // Assess: a wired store reads Baton's table
            await answer;
            expect(sent.length).toBeGreaterThan(before);
            for (const { input } of sent) expect(input).toMatchObject({ TableName: "baton-dev" });
            continue;
          }
          // Assess: an unwired one refuses, naming itself and the handler, and sends nothing
          await expect(answer).rejects.toBeInstanceOf(PortNotWiredError);
          await expect(answer).rejects.toMatchObject({ port: `stores.${name}`, handler: "step" });
          expect(sent.length).toBe(before);
        }
      }),
      { numRuns: 32 },
    );
  });

  it("requires and holds exactly the signing keys it wires; reading another is refused by name", () => {
    const variableOf = {
      callback: "BATON_CALLBACK_KEY",
      link: "BATON_LINK_KEY",
      audit: "BATON_AUDIT_KEY",
    } as const;
    fc.assert(
      fc.property(fc.subarray([...SIGNING_KEY_NAMES]), (keys) => {
        const wiring: HandlerWiring = { handler: "reminders", keys, ports: {}, stores: {} };
        const withoutOthers = Object.fromEntries(
          Object.entries(env).filter(
            ([name]) =>
              !SIGNING_KEY_NAMES.some((key) => !keys.includes(key) && variableOf[key] === name),
          ),
        );

        const { secrets } = buildBackendFromEnv(withoutOthers, wiring, clients());

        for (const key of SIGNING_KEY_NAMES) {
          const read = () => secrets[`${key}Key`];
          if (keys.includes(key)) {
            expect(read()).toBe(env[variableOf[key]]);
            const { [variableOf[key]]: _dropped, ...missing } = withoutOthers;
            expect(() => buildBackendFromEnv(missing, wiring, clients())).toThrow(
              `environment variable ${variableOf[key]} or ${variableOf[key]}_SECRET_ARN is not set`,
            );
          } else {
            expect(read).toThrow(SigningKeyNotWiredError);
            expect(read).toThrow(
              `the reminders function does not wire the ${key} key: its code should not read it`,
            );
          }
        }
        expect(Object.keys(secrets).sort()).toEqual(keys.map((key) => `${key}Key`).sort());
      }),
    );
  });
});

/**
 * The signing keys from Secrets Manager, through the SecretSource port. No emulator of
 * Secrets Manager runs here, so a fake source stands in for it: a map of secret ARN → value
 * that records what it was asked (the adapter's request is in secrets-manager-source.test.ts).
 */
describe("signingKeysFromSecrets", () => {
  const arn = (name: string) => `arn:aws:secretsmanager:eu-west-1:123456789012:secret:${name}`;
  const stored: Record<string, string> = {
    [arn("callback")]: "C".repeat(64),
    [arn("link")]: "L".repeat(64),
    [arn("audit")]: "A".repeat(64),
    [arn("short")]: "s".repeat(42),
  };
  /** The fake: how often the source was made and which secrets it was asked for. */
  /** What the SDK throws when it finds no credentials. */
  function credentialsError(): Error {
    return Object.assign(new Error("Could not load credentials from any providers"), {
      name: "CredentialsProviderError",
    });
  }
  function fakeSecrets() {
    const seen = { made: 0, asked: [] as string[] };
    const secrets: SecretSource = {
      secretString: async (secretId) => {
        seen.asked.push(secretId);
        const value = stored[secretId];
        if (value !== undefined) return value;
        const error = new Error("Secrets Manager can't find the specified secret.");
        error.name = "ResourceNotFoundException";
        throw error;
      },
    };
    const source = async () => {
      seen.made += 1;
      return secrets;
    };
    return { source, seen };
  }
  const { BATON_CALLBACK_KEY: _c, BATON_LINK_KEY: _l, BATON_AUDIT_KEY: _a, ...withoutKeys } = env;
  const withSecrets = {
    ...withoutKeys,
    BATON_CALLBACK_KEY_SECRET_ARN: arn("callback"),
    BATON_LINK_KEY_SECRET_ARN: arn("link"),
    BATON_AUDIT_KEY_SECRET_ARN: arn("audit"),
  };

  it("reads each key a secret names, and the backend signs with them", async () => {
    const fake = fakeSecrets();
    const keys = await signingKeysFromSecrets(withSecrets, [...SIGNING_KEY_NAMES], fake.source);

    expect(keys).toEqual({
      BATON_CALLBACK_KEY: "C".repeat(64),
      BATON_LINK_KEY: "L".repeat(64),
      BATON_AUDIT_KEY: "A".repeat(64),
    });
    expect(fake.seen.asked.sort()).toEqual([arn("audit"), arn("callback"), arn("link")]);
    expect(buildBackendFromEnv({ ...withSecrets, ...keys }, everyPort, clients()).secrets).toEqual({
      callbackKey: "C".repeat(64),
      linkKey: "L".repeat(64),
      auditKey: "A".repeat(64),
    });
  });

  it("lets a plain key win over its secret, which is not read", async () => {
    const fake = fakeSecrets();
    const keys = await signingKeysFromSecrets(
      { ...withSecrets, BATON_LINK_KEY: env.BATON_LINK_KEY },
      [...SIGNING_KEY_NAMES],
      fake.source,
    );

    expect(Object.keys(keys).sort()).toEqual(["BATON_AUDIT_KEY", "BATON_CALLBACK_KEY"]);
    expect(fake.seen.asked).not.toContain(arn("link"));
    expect(
      buildBackendFromEnv(
        { ...withSecrets, BATON_LINK_KEY: env.BATON_LINK_KEY, ...keys },
        everyPort,
        clients(),
      ).secrets.linkKey,
    ).toBe(env.BATON_LINK_KEY);
  });

  it("makes no source at all when every key is plain, or none names a secret", async () => {
    const fake = fakeSecrets();

    expect(
      await signingKeysFromSecrets({ ...withSecrets, ...env }, [...SIGNING_KEY_NAMES], fake.source),
    ).toEqual({});
    expect(await signingKeysFromSecrets(withoutKeys, [...SIGNING_KEY_NAMES], fake.source)).toEqual(
      {},
    );
    expect(fake.seen.made).toBe(0);
    expect(() => buildBackendFromEnv(withoutKeys, everyPort, clients())).toThrow(
      "environment variable BATON_CALLBACK_KEY or BATON_CALLBACK_KEY_SECRET_ARN is not set",
    );
  });

  it("reads only the keys named: another's secret is not read, even with its ARN set", async () => {
    await fc.assert(
      fc.asyncProperty(fc.subarray([...SIGNING_KEY_NAMES]), async (keys) => {
        const fake = fakeSecrets();
        const read = await signingKeysFromSecrets(withSecrets, keys, fake.source);

        const named = keys.map((key) => `BATON_${key.toUpperCase()}_KEY`).sort();
        expect(Object.keys(read).sort()).toEqual(named);
        expect(fake.seen.asked.sort()).toEqual(keys.map(arn).sort());
        expect(fake.seen.made).toBe(keys.length === 0 ? 0 : 1);
      }),
    );
  });

  it("holds each plain key named to the length rule, and no other", async () => {
    const short = { ...env, BATON_LINK_KEY: "short" };

    await expect(
      signingKeysFromSecrets(short, ["callback", "link"], fakeSecrets().source),
    ).rejects.toThrow("environment variable BATON_LINK_KEY must hold at least 256 bits");
    expect(
      await signingKeysFromSecrets(short, ["callback", "audit"], fakeSecrets().source),
    ).toEqual({});
  });

  it.each([
    ["rejects", async (): Promise<SecretSource> => Promise.reject(credentialsError())],
    [
      "throws",
      (): Promise<SecretSource> => {
        throw credentialsError();
      },
    ],
  ])(
    "refuses with SecretVariableError when making the secret source %s, naming a variable and its secret",
    async (_, source) => {
      const refusal = signingKeysFromSecrets(withSecrets, [...SIGNING_KEY_NAMES], source);

      await expect(refusal).rejects.toBeInstanceOf(SecretVariableError);
      await expect(refusal).rejects.toThrow(
        /^environment variable BATON_\w+_KEY_SECRET_ARN names arn:\S+, which cannot be read \(CredentialsProviderError\)$/,
      );
    },
  );

  it.each([
    [
      { BATON_LINK_KEY_SECRET_ARN: arn("missing") },
      `environment variable BATON_LINK_KEY_SECRET_ARN names ${arn("missing")}, which cannot be read (ResourceNotFoundException)`,
    ],
    [
      { BATON_AUDIT_KEY_SECRET_ARN: arn("short") },
      `environment variable BATON_AUDIT_KEY_SECRET_ARN names ${arn("short")}, which must hold at least 256 bits`,
    ],
  ])(
    "refuses %o, naming the variable and the secret but not its value",
    async (change, message) => {
      const refusal = signingKeysFromSecrets(
        { ...withSecrets, ...change },
        [...SIGNING_KEY_NAMES],
        fakeSecrets().source,
      );

      await expect(refusal).rejects.toThrow(message);
      await expect(refusal).rejects.toBeInstanceOf(SecretVariableError);
      await expect(refusal).rejects.not.toThrow("s".repeat(42));
    },
  );
});
