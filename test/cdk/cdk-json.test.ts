import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { cdkJson } from "./baton-app-as-cli.ts";

const require = createRequire(import.meta.url);

describe("cdk.json", () => {
  it("runs the app with Node directly, no build step", () => {
    expect(cdkJson.app).toBe("node cdk/app.ts");
  });

  it("keeps cdk synth off the network: no notices, no CLI telemetry", () => {
    expect(cdkJson.notices).toBe(false);
    expect(cdkJson.context["cli-telemetry"]).toBe(false);
  });

  it("sets every feature flag aws-cdk-lib recommends, to its recommended value", () => {
    // Prepare
    const recommended: Record<string, unknown> = JSON.parse(
      readFileSync(require.resolve("aws-cdk-lib/recommended-feature-flags.json"), "utf8"),
    );
    // Act
    const flags = Object.fromEntries(
      Object.entries(cdkJson.context).filter(([key]) => key.startsWith("@aws-cdk")),
    );
    // Assess (after an aws-cdk-lib upgrade: `npx cdk flags --unstable=flags` lists what is new)
    expect(flags).toEqual(recommended);
  });
});
