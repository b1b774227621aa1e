import type { ChildProcess } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyEvent } from "../../lambdas/core/security/event-signature.ts";
import { startBatonDev } from "../support/baton-dev-process.ts";
import { cacheChangeDefinitions } from "../support/cache-change-definitions.ts";
import { eventually } from "../support/eventually.ts";
import { baton, batonWith } from "../support/run-baton.ts";
import { WebhookReceiver } from "../support/webhook-receiver.ts";

const SECRET = "ci-webhook-key-for-the-test-".padEnd(43, "k");
const INPUT = { requester: "rita", owner: "olga", app: "feed", cluster: "general", memoryGb: 8 };

const receiver = new WebhookReceiver({ path: "/hooks/ci" });

const root = await mkdtemp(join(tmpdir(), "baton-dlq-"));
const definitions = join(root, "definitions");
const data = join(root, "data");
const children: ChildProcess[] = [];

beforeAll(async () => {
  await receiver.start();
  await cacheChangeDefinitions(
    definitions,
    `plugins:
  - name: audit
    kind: log
    subscriptions:
      - events: [flow.started]
  - name: notice
    kind: notifier
  - name: ci
    kind: webhook
    url: ${receiver.url}
    secret: env:TEST_CI_WEBHOOK_SECRET
    subscriptions:
      - events: [approval.requested]
`,
  );
  process.env.TEST_CI_WEBHOOK_SECRET = SECRET;
});

afterAll(async () => {
  for (const child of children) child.kill("SIGINT");
  delete process.env.TEST_CI_WEBHOOK_SECRET;
  await receiver.stop();
  await rm(root, { recursive: true, force: true });
});

describe("baton dev with plugins, then baton dlq", () => {
  it("routes events to log, notifier and webhook; a refused delivery is a dead letter that baton dlq lists and redrives", async () => {
    receiver.reset([400]);
    const dev = await startBatonDev({ definitions, data });
    children.push(dev.child);
    expect(dev.out()).toContain("3 plugins from");
    expect(dev.out()).toContain("  ci (webhook): approval.requested");

    const started = await fetch(`${dev.url}/v1/flows/cache-change/instances`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-baton-user": "rita" },
      body: JSON.stringify({ input: INPUT }),
    });
    const { instanceId } = (await started.json()) as { instanceId: string };
    await eventually(
      async () => dev.err(),
      (err) => err.includes("kept as dead letter"),
    );
    const logged = dev
      .out()
      .split("\n")
      .filter((line) => line.startsWith('{"plugin":"audit"'))
      .map((line) => JSON.parse(line) as { "detail-type": string; detail: { instanceId: string } });
    expect(logged.map((line) => [line["detail-type"], line.detail.instanceId])).toEqual([
      ["flow.started", instanceId],
    ]);
    expect(dev.out()).toMatch(
      new RegExp(
        `\\[notice\\] Your approval is requested \\(olga\\): cache-change v1, node \\w+, instance ${instanceId}\\n  ${dev.url}/a/\\S+`,
      ),
    );
    expect(dev.err()).toContain('plugin "ci": approval.requested');
    expect(dev.err()).not.toContain("/hooks/ci");
    await dev.stop();

    const listed = await baton("dlq", "list", "--data", data);
    expect(listed.code).toBe(0);
    const [heading, line] = listed.stdout.trim().split("\n");
    expect(heading).toBe(`1 dead letter in ${data}`);
    expect(line).toMatch(
      new RegExp(
        `^(\\S+)  \\S+Z  plugin ci  approval.requested of cache-change instance ${instanceId} node \\w+  1 attempts  the webhook of plugin "ci" answered 400$`,
      ),
    );
    const id = line?.split("  ")[0] as string;
    const json = await baton("dlq", "list", "--data", data, "--json");
    expect(JSON.parse(json.stdout)).toEqual([
      expect.objectContaining({ id, plugin: "ci", rule: "ci#0", attempts: 1 }),
    ]);

    receiver.reset([503]);
    const failing = await baton(
      "dlq",
      "redrive",
      "--all",
      "--data",
      data,
      "--definitions",
      definitions,
    );
    expect(failing.code).toBe(1);
    expect(failing.stdout).toBe(
      `✗ ${id} plugin ci: the webhook of plugin "ci" answered 503 (kept)\n`,
    );

    const redriven = await baton(
      "dlq",
      "redrive",
      id,
      "--data",
      data,
      "--definitions",
      definitions,
    );
    expect(redriven).toMatchObject({ code: 0, stdout: `✓ ${id} delivered\n` });
    const delivered = receiver.received.at(-1);
    expect(JSON.parse(delivered?.body ?? "{}")).toMatchObject({
      "detail-type": "approval.requested",
      detail: { instanceId },
    });
    expect(
      verifyEvent(
        SECRET,
        delivered?.body ?? "",
        String(delivered?.headers["x-baton-event-signature"]),
        Date.now() / 1000,
      ),
    ).toBe(true);
    expect((await baton("dlq", "list", "--data", data)).stdout).toBe(
      `No dead letters in ${data}\n`,
    );
  });

  it("refuses a redrive that names no letter, or an unknown one, and a data folder without a store", async () => {
    expect(await baton("dlq", "redrive", "--data", data)).toMatchObject({
      code: 2,
      stderr: expect.stringContaining(
        "baton: name the dead letters to redrive (baton dlq list shows them), or give --all\n",
      ),
    });
    const unknown = await baton(
      "dlq",
      "redrive",
      "NOPE",
      "--data",
      data,
      "--definitions",
      definitions,
    );
    expect(unknown).toMatchObject({ code: 1, stdout: "✗ NOPE: no such dead letter\n" });
    const nowhere = join(root, "nowhere");
    expect(await baton("dlq", "list", "--data", nowhere)).toMatchObject({
      code: 2,
      stderr: expect.stringContaining(
        `baton: no engine data in ${nowhere}: ${join(nowhere, "baton.db")} does not exist (baton dev --data ${nowhere} makes it)\n`,
      ),
    });
  });

  it("refuses the signing keys of secrets.json as baton dev does: a short key with exit 1 and the same line, a missing one with exit 2", async () => {
    const keys = join(root, "keys");
    await mkdir(keys);
    const file = join(keys, "secrets.json");
    const key = "k".repeat(43);
    await writeFile(file, JSON.stringify({ callbackKey: key, linkKey: "short", auditKey: key }));
    const redrive = () =>
      baton("dlq", "redrive", "--all", "--data", keys, "--definitions", definitions);

    const short = await redrive();
    const dev = await baton("dev", "--port", "0", "--data", keys, "--definitions", definitions);
    await writeFile(file, JSON.stringify({ callbackKey: key, linkKey: key }));
    const missing = await redrive();

    // The last line of stderr: Node's SQLite warning may come before it
    const refusal = (stderr: string) => stderr.trimEnd().split("\n").at(-1);
    expect(short.code).toBe(1);
    expect(refusal(short.stderr)).toBe(
      `baton: ${file}: linkKey must hold at least 256 bits; delete the file for new keys (links and callbacks signed with the old ones stop working)`,
    );
    expect(dev.code).toBe(1);
    expect(refusal(dev.stderr)).toBe(refusal(short.stderr));
    expect(missing.code).toBe(2);
    expect(refusal(missing.stderr)).toBe(
      `baton: no signing keys in ${file} (baton dev --data ${keys} makes them)`,
    );
  });

  it("refuses a secrets.json that is not valid JSON or not an object as baton dev does: exit 1, one line naming the file, no key and no stack", async () => {
    const keys = join(root, "not-json");
    await mkdir(keys);
    const file = join(keys, "secrets.json");
    const key = "secret-value-of-the-test-".padEnd(43, "s");
    const refusals = async (text: string) => {
      await writeFile(file, text);
      return [
        await baton("dlq", "redrive", "--all", "--data", keys, "--definitions", definitions),
        // A dev that takes the file starts and serves: stopped, so the test fails instead of waiting
        await batonWith(
          { timeout: 10_000 },
          "dev",
          "--port",
          "0",
          "--data",
          keys,
          "--definitions",
          definitions,
        ),
      ];
    };
    const truncated = await refusals(`{"callbackKey":"${key}","linkKey":"${key}`);
    const listed = await refusals(JSON.stringify([key, key, key]));

    const newKeys =
      "delete the file for new keys (links and callbacks signed with the old ones stop working)";
    for (const [results, line] of [
      [truncated, `baton: ${file}: not valid JSON; ${newKeys}`],
      [listed, `baton: ${file}: not a JSON object; ${newKeys}`],
    ] as const) {
      for (const result of results) {
        expect(result.code).toBe(1);
        expect(result.stderr.trimEnd().split("\n").at(-1)).toBe(line);
        expect(result.stderr).not.toContain(key.slice(0, 20));
        expect(result.stderr).not.toMatch(/SyntaxError|\n\s+at /);
      }
    }
  });

  it("refuses to start baton dev on a plugins file with problems, naming each with its line", async () => {
    const broken = join(root, "broken");
    await cacheChangeDefinitions(
      broken,
      "plugins:\n  - name: ci\n    kind: webhook\n    url: https://ci.example.com/\n    secret: env:UNSET_FOR_THE_TEST\n    subscriptions: [{ events: [flow.ended] }]\n",
    );
    const result = await baton(
      "dev",
      "--port",
      "0",
      "--definitions",
      broken,
      "--data",
      join(root, "broken-data"),
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `${join(broken, "plugins.yaml")}:5  [plugins-secret-env] plugin "ci": secret names the environment variable UNSET_FOR_THE_TEST, which is not set`,
    );
  });
});
