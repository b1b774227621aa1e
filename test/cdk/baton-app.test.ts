import { afterEach, describe, expect, it, vi } from "vitest";
import { createBatonApp } from "../../cdk/baton-app.ts";
import { BatonStack } from "../../cdk/baton-stack.ts";
import { NO_BUNDLING, REPO_DEFINITIONS } from "./baton-app-as-cli.ts";

/** The options every test passes: the repository's definitions, nothing bundled. */
const repo = { definitions: REPO_DEFINITIONS, context: NO_BUNDLING };

describe("createBatonApp", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it("builds one Baton-dev stack when no environment is chosen", () => {
    // Act
    const { app, stack } = createBatonApp(repo);
    // Assess
    expect(app.node.children.filter((child) => child instanceof BatonStack)).toEqual([stack]);
    expect(stack.stackName).toBe("Baton-dev");
  });

  it("builds Baton-<env> for -c env=<env>, tagged with the project and the environment", () => {
    // Act
    const { stack } = createBatonApp({ ...repo, context: { ...NO_BUNDLING, env: "prod" } });
    // Assess
    expect(stack.stackName).toBe("Baton-prod");
    expect(stack.tags.tagValues()).toEqual({ project: "baton", environment: "prod" });
  });

  it("deploys to the CLI's default account and region", () => {
    // Prepare
    vi.stubEnv("CDK_DEFAULT_ACCOUNT", "111122223333");
    vi.stubEnv("CDK_DEFAULT_REGION", "ap-southeast-2");
    // Act
    const { stack } = createBatonApp(repo);
    // Assess
    expect([stack.account, stack.region]).toEqual(["111122223333", "ap-southeast-2"]);
  });

  it("refuses an environment name that cannot name a stack and a bus", () => {
    expect(() => createBatonApp({ ...repo, context: { ...NO_BUNDLING, env: "Prod env" } })).toThrow(
      /Bad environment name "Prod env" \(-c env=<name>\)/,
    );
  });
});
