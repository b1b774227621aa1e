import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import packageJson from "../../package.json" with { type: "json" };
import { baton } from "../support/run-baton.ts";

/** Preloaded into `baton`: lists on stderr, as JSON, the URL of every module it loaded. */
const RECORD_LOADS = `
import { registerHooks } from "node:module";
const loaded = [];
registerHooks({ load(url, context, next) { loaded.push(url); return next(url, context); } });
process.on("exit", () => process.stderr.write(JSON.stringify(loaded)));
`;

/** The modules `node cli/baton.ts ARGS…` loads. */
async function modulesLoaded(...args: string[]): Promise<string[]> {
  const { stderr } = await promisify(execFile)(process.execPath, [
    "--import",
    `data:text/javascript,${encodeURIComponent(RECORD_LOADS)}`,
    "cli/baton.ts",
    ...args,
  ]);
  return JSON.parse(stderr) as string[];
}

describe("baton", () => {
  it.each(["--version", "-V"])("prints the package version with %s", async (flag) => {
    // Act
    const result = await baton(flag);
    // Assess
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${packageJson.version}\n`);
  });

  it("lists every command and --version in --help", async () => {
    // Act
    const result = await baton("--help");
    // Assess
    expect(result.code).toBe(0);
    for (const command of ["validate", "graph", "simulate", "compile", "cost", "dev", "audit"]) {
      expect(result.stdout).toMatch(new RegExp(`^  ${command} `, "m"));
    }
    expect(result.stdout).toContain("--version");
  });

  it.each(["--help", "--version"])(
    "loads only commander and the command definitions for %s",
    async (flag) => {
      // Act
      const loaded = await modulesLoaded(flag);
      // Assess
      expect(loaded.some((url) => url.endsWith("/cli/commands/simulate.ts"))).toBe(true);
      const heavy = loaded.filter(
        (url) =>
          url.includes("/lambdas/") ||
          url.includes("/cli/actions/") ||
          /\/node_modules\/(?!commander\/)/.test(url),
      );
      expect(heavy).toEqual([]);
    },
  );
});
