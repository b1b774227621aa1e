import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { type BatonDev, runBatonDevToExit, startBatonDev } from "../support/baton-dev-process.ts";
import { eventually } from "../support/eventually.ts";

/** A cache-change input that needs only the owner's approval. */
const INPUT = { requester: "rita", owner: "olga", app: "feed", cluster: "general", memoryGb: 8 };

/** The headers of a JSON request signed in as `user` (BATON_DEV_AUTH=1). */
const as = (user: string) => ({ "content-type": "application/json", "x-baton-user": user });

describe("baton dev refuses what it cannot serve, in one line, changing nothing", () => {
  const running: BatonDev[] = [];
  afterAll(async () => {
    for (const dev of running) await dev.stop();
  });

  it("a port another process listens on: exit 1, one line naming the port, no stack trace", async () => {
    const first = await startBatonDev();
    running.push(first);
    const port = new URL(first.url).port;
    const data = await mkdtemp(join(tmpdir(), "baton-dev-"));
    const second = await runBatonDevToExit(["--port", port, "--data", data]);
    expect(second.code).toBe(1);
    expect(second.stderrLines).toEqual([
      `baton: cannot listen on 127.0.0.1:${port}: the port is in use (another baton dev?); give --port or PORT another port`,
    ]);
    expect(second.stdout).not.toContain("Listening on");
    // The engine on the port goes on serving.
    expect((await fetch(`${first.url}/healthz`)).status).toBe(200);
  });

  it("a data folder another baton dev serves: exit 1 naming the folder and its pid; the first engine's flows go on", async () => {
    const first = await startBatonDev({ ready: "Resumed " });
    running.push(first);
    const started = await fetch(`${first.url}/v1/flows/cache-change/instances`, {
      method: "POST",
      headers: as("rita"),
      body: JSON.stringify({ input: INPUT }),
    });
    expect(started.status).toBe(201);
    const { instanceId } = (await started.json()) as { instanceId: string };

    const second = await runBatonDevToExit(["--port", "0", "--data", first.data]);
    expect(second.code).toBe(1);
    expect(second.stderrLines).toEqual([
      `baton: another baton dev (pid ${first.child.pid}) is serving the data folder ${first.data}: stop it, or give this one --data with another folder`,
    ]);
    expect(second.stdout).toBe("");

    // Nothing of the first engine's was taken over: its approval is still open and decides.
    const pending = await fetch(`${first.url}/v1/approvals?assignee=olga&status=pending`, {
      headers: as("olga"),
    });
    const { items } = (await pending.json()) as { items: { approvalId: string }[] };
    expect(items).toHaveLength(1);
    const decided = await fetch(`${first.url}/v1/approvals/${items[0]?.approvalId}/decision`, {
      method: "POST",
      headers: as("olga"),
      body: JSON.stringify({ action: "reject" }),
    });
    expect(decided.status).toBe(200);
    const { status } = await eventually(
      async () =>
        (await (
          await fetch(`${first.url}/v1/instances/${instanceId}`, { headers: as("rita") })
        ).json()) as { status: string },
      (instance) => instance.status !== "running",
    );
    expect(status).toBe("rejected");
  });

  it("takes the folder over once its engine is gone, even by kill -9", async () => {
    const first = await startBatonDev();
    await first.kill();
    const second = await startBatonDev({ data: first.data, ready: "Resumed " });
    running.push(second);
    expect((await fetch(`${second.url}/healthz`)).status).toBe(200);
  });
});
