import { App, Stack } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { cdkJson, NO_BUNDLING, TEST_ACCOUNT, TEST_REGION } from "../cdk/baton-app-as-cli.ts";

export { NO_BUNDLING };

/**
 * A stack for testing one construct: `cdk.json`'s feature flags, bundling off, and the test
 * account and region (so ARNs and names resolve as they would in a deployment).
 *
 * @example
 * const stack = probeStack();
 * new FlowBus(stack, "Bus", { eventBusName: "baton-test" });
 * const template = Template.fromStack(stack);
 */
export function probeStack(id = "Probe"): Stack {
  const app = new App({ context: { ...cdkJson.context, ...NO_BUNDLING } });
  return new Stack(app, id, { env: { account: TEST_ACCOUNT, region: TEST_REGION } });
}

/**
 * The synthesized template of a probe stack holding only what `build` adds.
 *
 * @example
 * const template = probeTemplate((stack) => new FlowBus(stack, "Bus", { eventBusName: "b" }));
 */
export function probeTemplate(build: (stack: Stack) => void): Template {
  const stack = probeStack();
  build(stack);
  return Template.fromStack(stack);
}
