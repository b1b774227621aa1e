import { chmod, mkdtemp, stat, writeFile } from "node:fs/promises";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { type BatonDev, runBatonDevToExit, startBatonDev } from "../support/baton-dev-process.ts";

/** The status of a GET of `url` sent with `host` as its Host header (fetch sets its own). */
function statusWithHost(url: string, host: string): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    const sent = request(url, { headers: { host, "x-baton-user": "alice" } }, (answer) => {
      answer.resume();
      answer.once("end", () => resolve(answer.statusCode));
    });
    sent.once("error", reject);
    sent.end();
  });
}

/** The permission bits of `path`. */
async function modeOf(path: string): Promise<number> {
  return (await stat(path)).mode & 0o777;
}

describe("baton dev guards the developer's machine", () => {
  const running: BatonDev[] = [];
  afterAll(async () => {
    for (const dev of running) await dev.stop();
  });

  it("with BATON_DEV_AUTH=1, refuses a request whose Host is not a loopback name (DNS rebinding)", async () => {
    // Prepare
    const dev = await startBatonDev();
    running.push(dev);
    const port = new URL(dev.url).port;

    // Act
    const rebound = await statusWithHost(`${dev.url}/v1/templates`, `evil.example:${port}`);
    const local = await statusWithHost(`${dev.url}/v1/templates`, `localhost:${port}`);

    // Assess
    expect(rebound).toBe(403);
    expect(local).toBe(200);
  });

  it("keeps its data folder and every file in it its owner's only, whatever the umask", async () => {
    // Prepare: the usual umask, under which files are made 0644 and folders 0755
    const data = join(await mkdtemp(join(tmpdir(), "baton-dev-")), "data");
    const umask = process.umask(0o022);
    let dev: BatonDev;
    try {
      dev = await startBatonDev({ data, ready: "Resumed " });
    } finally {
      process.umask(umask);
    }
    running.push(dev);

    // Act: a write, so the WAL files are there
    const started = await fetch(`${dev.url}/v1/flows/cache-change/instances`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-baton-user": "rita" },
      body: JSON.stringify({
        input: { requester: "rita", owner: "olga", app: "feed", cluster: "general", memoryGb: 8 },
      }),
    });

    // Assess
    expect(started.status).toBe(201);
    expect(await modeOf(data)).toBe(0o700);
    for (const file of [
      "baton.db",
      "baton.db-wal",
      "baton.db-shm",
      "secrets.json",
      "engine.lock",
      "engine.pid",
    ]) {
      expect(await modeOf(join(data, file)), file).toBe(0o600);
    }
  });

  it("holds the files an earlier run left readable to 0600 at the next start", async () => {
    // Prepare
    const first = await startBatonDev({ ready: "Resumed " });
    expect(await first.stop()).toBe(0);
    for (const file of ["baton.db", "secrets.json", "engine.lock"]) {
      await chmod(join(first.data, file), 0o644);
    }

    // Act
    const again = await startBatonDev({ data: first.data, ready: "Resumed " });
    running.push(again);

    // Assess
    for (const file of ["baton.db", "secrets.json", "engine.lock", "engine.pid"]) {
      expect(await modeOf(join(again.data, file)), file).toBe(0o600);
    }
  });

  it("refuses a stored signing key shorter than 256 bits: exit 1, one line naming the file and the key", async () => {
    // Prepare
    const data = await mkdtemp(join(tmpdir(), "baton-dev-"));
    const key = "k".repeat(43);
    const file = join(data, "secrets.json");
    await writeFile(file, JSON.stringify({ callbackKey: key, linkKey: "short", auditKey: key }));

    // Act
    const refused = await runBatonDevToExit(["--port", "0", "--data", data]);

    // Assess
    expect(refused.code).toBe(1);
    expect(refused.stderrLines).toEqual([
      `baton: ${file}: linkKey must hold at least 256 bits; delete the file for new keys (links and callbacks signed with the old ones stop working)`,
    ]);
  });

  it("says that BATON_DEV_AUTH=1 is ignored off loopback, and why, instead of asking for it", async () => {
    // Act
    const dev = await startBatonDev({ args: ["--host", "0.0.0.0"] });
    running.push(dev);

    // Assess
    const identity = dev
      .out()
      .split("\n")
      .filter((line) => line.startsWith("Identity:"));
    expect(identity).toEqual([
      "Identity: none; BATON_DEV_AUTH=1 is ignored because --host 0.0.0.0 is not a loopback address (anyone reaching it could sign in as anyone): give --host 127.0.0.1 to sign in with an X-Baton-User header; people on other machines sign in on a deployed Baton (JWT_* settings, docs/api.md)",
    ]);
    const answer = await fetch(`${dev.url}/v1/templates`, { headers: { "x-baton-user": "alice" } });
    expect(answer.status).toBe(401);
  });
});
