import type { ChildProcess } from "node:child_process";
import { mkdtemp, readFile, rename, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startBatonDev } from "../support/baton-dev-process.ts";
import { cacheChangeDefinitions } from "../support/cache-change-definitions.ts";

/** `baton dev` on the given folders, resolved once its whole banner is out. */
const startDev = (definitions: string, data: string) =>
  startBatonDev({ definitions, data, ready: "Ctrl-C stops." });

/** Saves a file the way many editors do: a new file renamed over the old one. */
async function save(file: string, text: string): Promise<void> {
  await writeFile(`${file}.tmp`, text);
  await rename(`${file}.tmp`, file);
}

describe("baton dev reloads its definitions", () => {
  const children: ChildProcess[] = [];
  afterAll(() => {
    for (const child of children) child.kill("SIGINT");
  });

  /** A definitions folder holding cache-change v1, and a data folder. */
  async function folders() {
    const root = await mkdtemp(join(tmpdir(), "baton-dev-reload-"));
    const definitions = join(root, "definitions");
    const file = await cacheChangeDefinitions(definitions);
    const version2 = (await readFile(file, "utf8")).replace(/^version: 1$/m, "version: 2");
    return { definitions, data: join(root, "data"), file, version2 };
  }
  const headers = { "x-baton-user": "rita" };

  it("loads a changed file as a new version, refuses a bad one without stopping, and exits cleanly on Ctrl-C", async () => {
    const { definitions, data, file, version2 } = await folders();

    const dev = await startDev(definitions, data);
    children.push(dev.child);
    await save(file, version2);
    await dev.printed("stdout", "cache-change v2 loaded; running instances keep their versions");
    await save(file, version2.replace("name:", "name: Changed"));
    await dev.printed("stderr", `✗ ${file}\n  ${file}:`);
    await save(join(definitions, "broken.yaml"), "id: [");
    await dev.printed("stderr", `✗ ${join(definitions, "broken.yaml")}`);
    const served = await fetch(`${dev.url}/v1/templates/cache-change`, { headers });

    expect(await served.json()).toMatchObject({ version: 2, versions: [1, 2] });
    expect(dev.err()).toContain("[version-conflict] cache-change v2 is already loaded (from");
    expect(await dev.stop()).toBe(0);
  });

  it("serves a version after a restart although its file has moved on to the next version", async () => {
    const { definitions, data, file, version2 } = await folders();
    const first = await startDev(definitions, data);
    children.push(first.child);
    expect(await first.stop()).toBe(0);
    await writeFile(file, version2.replace("name:", "name: Changed"));

    const second = await startDev(definitions, data);
    children.push(second.child);
    const v1 = await fetch(`${second.url}/v1/templates/cache-change/versions/1`, { headers });
    const latest = await fetch(`${second.url}/v1/templates/cache-change`, { headers });

    expect(second.out()).toContain("  cache-change v2\n");
    expect(await v1.json()).toMatchObject({
      template: { version: 1, name: "Cache resource change" },
    });
    expect(await latest.json()).toMatchObject({ version: 2, versions: [1, 2] });
    expect(await second.stop()).toBe(0);
  }, 60_000);
});
