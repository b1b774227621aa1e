import { describe, expect, it } from "vitest";
import packageJson from "../../package.json" with { type: "json" };
import { baton } from "../support/run-baton.ts";

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
    for (const command of ["validate", "graph", "simulate", "compile", "cost"]) {
      expect(result.stdout).toMatch(new RegExp(`^  ${command} `, "m"));
    }
    expect(result.stdout).toContain("--version");
  });
});
