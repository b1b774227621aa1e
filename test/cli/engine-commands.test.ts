import { spawn } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ServerType, serve } from "@hono/node-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiApp } from "../../lambdas/api/create-api-app.ts";
import { devIdentity } from "../../lambdas/api/dev-identity.ts";
import type { IdentityResolver } from "../../lambdas/api/identity.ts";
import {
  createEmbeddedBackend,
  type EmbeddedBackend,
} from "../../lambdas/embedded/create-embedded-backend.ts";
import { DirectoryTemplateCatalog } from "../../lambdas/embedded/directory-template-catalog.ts";
import { eventually } from "../support/eventually.ts";

/** A cache-change input that needs only the owner's approval, then the provisioning callback. */
const INPUT = { requester: "rita", owner: "olga", app: "feed", cluster: "general", memoryGb: 8 };

/** The bearer token the test engine accepts, as rita. */
const TOKEN = "t0k3n-for-rita-0123456789abcdefghijklmnop";

/** What a `baton` run left: its exit code and both streams. */
interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

let server: ServerType;
let backend: EmbeddedBackend;
let url: string;

/** Runs `baton ARGS` in its own process against the test engine (BATON_URL), without BATON_*. */
function baton(args: readonly string[], env: Record<string, string> = {}): Promise<Run> {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith("BATON_")),
  );
  const child = spawn(process.execPath, ["cli/baton.ts", ...args], {
    env: { ...clean, BATON_URL: url, ...env },
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((resolve) => child.once("close", (code) => resolve({ code, stdout, stderr })));
}

/** Starts a cache-change instance as rita and returns its id. */
async function startOne(): Promise<string> {
  const run = await baton(["start", "cache-change", "--input", JSON.stringify(INPUT), "--json"], {
    BATON_USER: "rita",
  });
  expect(run.code).toBe(0);
  return (JSON.parse(run.stdout) as { instanceId: string }).instanceId;
}

/** Waits until the instance's lead approval is in olga's inbox. */
async function leadRequested(instanceId: string): Promise<void> {
  await eventually(
    async () => (await backend.stores.history.list("default", instanceId)).map((e) => e.type),
    (types) => types.includes("approval.requested"),
  );
}

beforeAll(async () => {
  const catalog = new DirectoryTemplateCatalog("definitions");
  await catalog.load();
  backend = createEmbeddedBackend({ templates: catalog });
  const dev = devIdentity();
  const identity: IdentityResolver = async (request) =>
    request.headers.get("authorization") === `Bearer ${TOKEN}`
      ? { tenant: "default", user: "rita" }
      : dev(request);
  const app = createApiApp(backend, { identity, log: () => undefined });
  const { promise, resolve } = Promise.withResolvers<AddressInfo>();
  server = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 }, resolve);
  url = `http://127.0.0.1:${(await promise).port}`;
  backend.publicUrl = url;
});

afterAll(() => {
  backend.executions.close();
  backend.scheduler.close();
  server.close();
});

describe("baton start, inbox, approve, status against a running engine", () => {
  it("starts an instance and, with --wait, follows it until it waits on its approver", async () => {
    // Act
    const run = await baton(
      ["start", "cache-change", "--input", JSON.stringify(INPUT), "--user", "rita", "--wait"],
      {},
    );

    // Assess
    expect(run.code).toBe(0);
    const id = /started cache-change v1: (\S+) running/.exec(run.stdout)?.[1] ?? "";
    expect(id).toMatch(/^[0-9A-Z]{26}$/);
    expect(run.stdout).toContain(`${id} is waiting on:\n  lead: approval from olga\n`);
    expect(run.stderr).toContain("… lead: active, approval from olga");
  });

  it("lists olga's approvals to decide without their links, decides one, and refuses a second decision with what was recorded", async () => {
    // Prepare
    const id = await startOne();
    await leadRequested(id);

    // Act
    const inbox = await baton(["inbox", "olga"]);
    const inboxJson = await baton(["inbox", "olga", "--json"]);
    const approve = await baton(["approve", `${id}.lead.1`, "--user", "olga", "--comment", "fine"]);
    const again = await baton(["approve", `${id}.lead.1`, "--user", "olga"]);
    const status = await eventually(
      () => baton(["status", id, "--user", "rita"]),
      (run) => run.stdout.includes("callback from cache.provision"),
    );

    // Assess
    expect(inbox.code).toBe(0);
    expect(inbox.stdout.split("\n")[0]).toMatch(/^APPROVAL\s+TEMPLATE\s+NODE\s+SINCE$/);
    expect(inbox.stdout).toMatch(new RegExp(`${id}\\.lead\\.1\\s+cache-change\\s+lead\\s+20`));
    expect(inbox.stdout).not.toContain("/a/");
    const listed = JSON.parse(inboxJson.stdout) as {
      items: { approvalId: string; link: string }[];
    };
    expect(listed.items.find((item) => item.approvalId === `${id}.lead.1`)?.link).toContain(
      `${url}/a/`,
    );
    expect(approve).toMatchObject({ code: 0, stderr: "" });
    expect(approve.stdout).toBe(`olga approved ${id}.lead.1: the approval is now approved\n`);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(
      `baton: conflict (409): approval ${id}.lead.1 is already approved\n  details: {`,
    );
    expect(again.stderr).not.toMatch(/\n\s+at /);
    expect(status.stdout).toMatch(new RegExp(`^${id}  cache-change v1  running\n`));
    expect(status.stdout).toMatch(/ {2}lead\s+approved\n/);
    expect(status.stdout).toMatch(/ {2}provision\s+active\s+callback from cache\.provision\n/);
    expect(status.stdout).toContain("flowchart TD");
    expect(status.stdout).toContain("class n_lead approved");
    expect(status.stdout).toContain("class n_provision active");
  });

  it("prints the instance as the API reads it with status --json, which baton graph draws", async () => {
    // Prepare
    const id = await startOne();
    await leadRequested(id);
    const folder = await mkdtemp(join(tmpdir(), "baton-status-"));

    // Act
    const json = await baton(["status", id, "--json", "--user", "rita"]);
    await writeFile(join(folder, "read.json"), json.stdout);
    const graph = await baton([
      "graph",
      "definitions/cache-change.yaml",
      "--instance-state",
      `@${join(folder, "read.json")}`,
    ]);

    // Assess
    expect(JSON.parse(json.stdout)).toMatchObject({
      instanceId: id,
      status: "running",
      nodes: { lead: { status: "active" } },
    });
    expect(graph.code).toBe(0);
    expect(graph.stdout).toContain("class n_lead active");
  });

  it("rejects with a comment, and the instance then reads ended rejected", async () => {
    // Prepare
    const id = await startOne();
    await leadRequested(id);

    // Act
    const reject = await baton([
      "reject",
      `${id}.lead.1`,
      "--user",
      "olga",
      "--comment",
      "not now",
    ]);
    const status = await eventually(
      () => baton(["status", id, "--user", "rita", "--no-picture"]),
      (run) => run.stdout.includes("ended rejected"),
    );

    // Assess
    expect(reject.stdout).toBe(`olga rejected ${id}.lead.1: the approval is now rejected\n`);
    expect(status.stdout).toMatch(/ {2}lead\s+rejected/);
    expect(status.stdout).not.toContain("flowchart");
  });
});

describe("baton cancel", () => {
  it("refuses anyone but the starter, then cancels for the starter", async () => {
    // Prepare
    const id = await startOne();

    // Act
    const stranger = await baton(["cancel", id, "--user", "olga"]);
    const starter = await baton(["cancel", id, "--user", "rita"]);
    const twice = await baton(["cancel", id, "--user", "rita"]);

    // Assess
    expect(stranger.code).toBe(1);
    expect(stranger.stderr).toBe(
      `baton: forbidden (403): only the starter may cancel instance ${id}\n`,
    );
    expect(starter.code).toBe(0);
    expect(starter.stdout).toMatch(new RegExp(`^${id} cancelled at \\S+: cancelled by rita\\n$`));
    expect(twice.code).toBe(1);
    expect(twice.stderr).toMatch(/^baton: conflict \(409\): /);
  });
});

describe("baton --help", () => {
  it("lists the commands that work against a running engine, each with --url, --token and --user", async () => {
    // Act
    const help = await baton(["--help"]);
    const start = await baton(["start", "--help"]);

    // Assess
    for (const command of ["start", "inbox", "approve", "reject", "status", "cancel"]) {
      expect(help.stdout).toMatch(new RegExp(`\\n  ${command} \\[options\\] <`));
    }
    for (const option of ["--url <url>", "--token <token>", "--user <id>", "--wait"]) {
      expect(start.stdout).toContain(option);
    }
  });
});

describe("signing in and failing clearly", () => {
  it("sends a token as a bearer credential and never prints it, also when it is refused", async () => {
    // Prepare
    const id = await startOne();

    // Act
    const signed = await baton(["status", id, "--no-picture"], { BATON_TOKEN: TOKEN });
    const wrong = await baton(["status", id, "--token", `${TOKEN}x`]);

    // Assess
    expect(signed.code).toBe(0);
    expect(signed.stdout).toContain(`started by rita`);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain("baton: unauthenticated (401): sign in first\n");
    expect(wrong.stderr).toContain("--token / BATON_TOKEN");
    expect(signed.stdout + signed.stderr + wrong.stdout + wrong.stderr).not.toContain(TOKEN);
  });

  it("prints the engine's refusal with every detail and exits 1: unknown instance, input against the schema", async () => {
    // Act
    const missing = await baton(["status", "06H0000000000000000000000X", "--user", "rita"]);
    const input = await baton(["start", "cache-change", "--input", '{"app":7}', "--user", "rita"]);

    // Assess
    expect(missing).toMatchObject({ code: 1, stdout: "" });
    expect(missing.stderr).toBe("baton: not-found (404): no instance 06H0000000000000000000000X\n");
    expect(input.code).toBe(1);
    expect(input.stderr).toContain(
      "baton: invalid (400): input does not fit the template's schema\n",
    );
    expect(input.stderr).toContain("  - input must have required property 'owner'\n");
    expect(input.stderr).toContain("  - input.app must be string\n");
  });

  it("exits 2 for bad arguments and 3 for an engine it cannot reach, each with one line", async () => {
    // Act
    const json = await baton(["start", "cache-change", "--input", "{nope", "--user", "rita"]);
    const view = await baton(["inbox", "olga", "--view", "mine"]);
    const badUrl = await baton(["status", "x", "--url", "not a url"]);
    const closed = await baton(["status", "x", "--url", "http://127.0.0.1:1", "--user", "rita"]);

    // Assess
    expect(json.code).toBe(2);
    expect(json.stderr).toMatch(/^baton: --input: not valid JSON \(.*\)\n$/);
    expect(view).toMatchObject({
      code: 2,
      stderr: "baton: --view must be one of todo, done, cc, started, not mine\n",
    });
    expect(badUrl).toMatchObject({ code: 2, stderr: "baton: --url: not a URL: not a url\n" });
    expect(closed.code).toBe(3);
    expect(closed.stderr).toMatch(
      /^baton: cannot reach the engine at http:\/\/127\.0\.0\.1:1 \(.+\); is baton dev running\? \(--url, BATON_URL\)\n$/,
    );
  });
});
