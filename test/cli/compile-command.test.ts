import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import aslValidator from "asl-validator";
import { afterEach, describe, expect, it } from "vitest";
import { baton } from "../support/run-baton.ts";

const made: string[] = [];

async function scratch(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "baton-compile-"));
  made.push(dir);
  return dir;
}

afterEach(async () => {
  await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

describe("baton compile", () => {
  it("writes the definition as valid, compact ASL to DIR/<id>.v<version>.asl.json", async () => {
    // Prepare
    const out = join(await scratch(), "asl");
    // Act
    const result = await baton("compile", "definitions/cache-change.yaml", "--out", out);
    // Assess
    expect(result.code).toBe(0);
    expect(result.stdout).toBe("");
    const text = await readFile(join(out, "cache-change.v1.asl.json"), "utf8");
    const definition = JSON.parse(text);
    expect(text).toBe(JSON.stringify(definition));
    expect(aslValidator(structuredClone(definition)).isValid).toBe(true);
    expect(result.stderr).toMatch(
      /^definitions\/cache-change\.yaml → .*cache-change\.v1\.asl\.json: \d+ states, \d+\.\d KB\n$/,
    );
  });

  it("gives the same bytes on two runs of the same template", async () => {
    // Prepare
    const [first, second] = [await scratch(), await scratch()];
    // Act
    await baton("compile", "definitions/table-permission.yaml", "--out", first);
    await baton("compile", "definitions/table-permission.yaml", "--out", second);
    // Assess
    const file = "table-permission.v1.asl.json";
    const [a, b] = await Promise.all([readFile(join(first, file)), readFile(join(second, file))]);
    expect(a.length).toBeGreaterThan(0);
    expect(a.equals(b)).toBe(true);
  });

  it("prints the same compact JSON to stdout without --out", async () => {
    // Prepare
    const out = await scratch();
    await baton("compile", "definitions/push-campaign.yaml", "--out", out);
    const written = await readFile(join(out, "push-campaign.v1.asl.json"), "utf8");
    // Act
    const result = await baton("compile", "definitions/push-campaign.yaml");
    // Assess
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${written}\n`);
    expect(result.stderr).toBe("");
  });

  it("refuses an invalid template with exit 1, its problems and no file", async () => {
    // Prepare
    const out = await scratch();
    // Act
    const result = await baton("compile", "test/fixtures/invalid/cycle.yaml", "--out", out);
    // Assess
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("[cycle]");
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(await readdir(out)).toEqual([]);
  });

  it("refuses a file that does not exist with one line and exit 1", async () => {
    // Act
    const result = await baton("compile", "definitions/no-such-template.yaml");
    // Assess
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("no-such-template.yaml");
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });
});
