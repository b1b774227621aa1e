import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { type BatonDev, startBatonDev } from "../support/baton-dev-process.ts";
import { cacheChangeDefinitions } from "../support/cache-change-definitions.ts";
import { eventually } from "../support/eventually.ts";

/** A cache-change input that needs only the owner's approval. */
const INPUT = { requester: "rita", owner: "olga", app: "feed", cluster: "general", memoryGb: 8 };

const as = (user: string) => ({ "content-type": "application/json", "x-baton-user": user });

/**
 * Starts `baton dev` with `args` on a definitions folder holding cache-change alone: no plugins
 * file, whose console plugins write lines of their own (a notifier prints approval links by
 * design).
 */
async function startDev(args: readonly string[]): Promise<BatonDev> {
  const data = await mkdtemp(join(tmpdir(), "baton-dev-log-"));
  const definitions = join(data, "definitions");
  await cacheChangeDefinitions(definitions);
  return startBatonDev({ data, definitions, args });
}

/** The JSON lines of a stream, parsed. */
const jsonLines = (text: string) =>
  text
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Record<string, unknown>);

describe("baton dev's operations surface", () => {
  const children: ChildProcess[] = [];
  afterAll(() => {
    for (const child of children) child.kill("SIGINT");
  });

  it("logs each request and flow event as a Powertools JSON line, never a link id, and serves /healthz and /metrics", async () => {
    // Prepare
    const dev = await startDev(["--log-level", "debug"]);
    children.push(dev.child);
    const started = await fetch(`${dev.url}/v1/flows/cache-change/instances`, {
      method: "POST",
      headers: as("rita"),
      body: JSON.stringify({ input: INPUT }),
    });
    const { instanceId } = (await started.json()) as { instanceId: string };
    const [item] = await eventually(
      async () =>
        (
          (await (
            await fetch(`${dev.url}/v1/approvals?status=pending`, { headers: as("olga") })
          ).json()) as { items: { link: string }[] }
        ).items,
      (items) => items.length > 0,
    );
    const link = item?.link ?? "";
    const linkId = link.slice(link.indexOf("/a/") + 3);

    // Act
    const page = await fetch(link);
    const health = await fetch(`${dev.url}/healthz`);
    const metrics = await fetch(`${dev.url}/metrics`);
    const lines = await eventually(
      async () => jsonLines(dev.out()),
      (logged) => logged.some((line) => line.route === "/metrics"),
    );

    // Assess
    expect(page.status).toBe(200);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: "ok", checks: { store: "ok" } });
    expect(metrics.headers.get("content-type")).toContain("text/plain; version=0.0.4");
    const figures = await metrics.text();
    expect(figures).toContain('baton_instances_started_total{template="cache-change"} 1\n');
    expect(figures).toContain('baton_pending_approvals{template="cache-change"} 1\n');
    expect(figures).toMatch(/^baton_dead_letters 0$/m);
    for (const line of lines) {
      expect(line).toMatchObject({ service: "baton", timestamp: expect.any(String) });
    }
    expect(lines).toContainEqual(
      expect.objectContaining({
        level: "INFO",
        message: "request",
        method: "POST",
        route: "/v1/flows/:templateId/instances",
        status: 201,
        user: "rita",
      }),
    );
    expect(lines).toContainEqual(
      expect.objectContaining({ message: "request", route: "/a/[redacted]", status: 200 }),
    );
    expect(lines).toContainEqual(
      expect.objectContaining({
        level: "DEBUG",
        message: "approval.requested",
        instanceId,
        nodeId: "lead",
      }),
    );
    expect(linkId.length).toBeGreaterThan(20);
    expect(dev.out() + dev.err()).not.toContain(linkId);
  });

  it("counts the approvals pending in the store after a kill -9 and restart, and counts down from there", async () => {
    // Prepare: five instances, each waiting on its owner's approval; one rejected, one
    // cancelled, three left pending; then the engine is killed
    const first = await startDev([]);
    children.push(first.child);
    const instanceIds: string[] = [];
    for (let n = 0; n < 5; n += 1) {
      const started = await fetch(`${first.url}/v1/flows/cache-change/instances`, {
        method: "POST",
        headers: as("rita"),
        body: JSON.stringify({ input: INPUT }),
      });
      instanceIds.push(((await started.json()) as { instanceId: string }).instanceId);
    }
    const pendingOf = async (url: string) =>
      (
        (await (
          await fetch(`${url}/v1/approvals?status=pending`, { headers: as("olga") })
        ).json()) as { items: { approvalId: string; instanceId: string }[] }
      ).items;
    const opened = await eventually(
      () => pendingOf(first.url),
      (items) => items.length === 5,
    );
    const [rejected, cancelled] = instanceIds;
    const approvalOf = (instanceId: string | undefined) =>
      opened.find((item) => item.instanceId === instanceId)?.approvalId;
    await fetch(`${first.url}/v1/approvals/${approvalOf(rejected)}/decision`, {
      method: "POST",
      headers: as("olga"),
      body: JSON.stringify({ action: "reject", comment: "not now" }),
    });
    await fetch(`${first.url}/v1/instances/${cancelled}/cancel`, {
      method: "POST",
      headers: as("rita"),
    });
    const left = await eventually(
      () => pendingOf(first.url),
      (items) => items.length === 3,
    );
    await first.kill();

    // Act
    const second = await startBatonDev({
      data: first.data,
      definitions: join(first.data, "definitions"),
      ready: "Resumed ",
    });
    children.push(second.child);
    const afterRestart = await (await fetch(`${second.url}/metrics`)).text();
    const decision = await fetch(`${second.url}/v1/approvals/${left[0]?.approvalId}/decision`, {
      method: "POST",
      headers: as("olga"),
      body: JSON.stringify({ action: "approve" }),
    });
    const afterDecision = await eventually(
      async () => (await fetch(`${second.url}/metrics`)).text(),
      (text) => !text.includes('baton_pending_approvals{template="cache-change"} 3\n'),
    );

    // Assess
    const pendingLines = (text: string) =>
      text.split("\n").filter((line) => line.startsWith("baton_pending_approvals"));
    expect(pendingLines(afterRestart)).toEqual([
      'baton_pending_approvals{template="cache-change"} 3',
    ]);
    expect(decision.status).toBe(200);
    expect(pendingLines(afterDecision)).toEqual([
      'baton_pending_approvals{template="cache-change"} 2',
    ]);
  });

  it("writes no request line at a level above INFO", async () => {
    // Prepare
    const dev = await startDev(["--log-level", "warn"]);
    children.push(dev.child);

    // Act
    const health = await fetch(`${dev.url}/healthz`);
    const listed = await fetch(`${dev.url}/v1/approvals?status=pending`, { headers: as("olga") });
    const code = await dev.stop();

    // Assess
    expect([health.status, listed.status, code]).toEqual([200, 200, 0]);
    expect(jsonLines(dev.out()).filter((line) => line.message === "request")).toEqual([]);
  });

  it("refuses an unknown log level with one line and exit code 2", async () => {
    // Act
    const child = spawn(process.execPath, ["cli/baton.ts", "dev", "--port", "0"], {
      env: { ...process.env, LOG_LEVEL: "chatty" },
    });
    let err = "";
    child.stderr.on("data", (chunk: Buffer) => {
      err += chunk.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));

    // Assess
    expect(code).toBe(2);
    expect(err).toContain(
      "baton: --log-level must be one of TRACE, DEBUG, INFO, WARN, ERROR, CRITICAL, SILENT, not chatty\n",
    );
  });
});
