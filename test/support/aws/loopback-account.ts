import { TEST_ACCOUNT, TEST_REGION } from "../../cdk/baton-app-as-cli.ts";

/** The region every loopback service and function says it runs in: the CDK tests' region. */
export const LOOPBACK_REGION = TEST_REGION;
/** The account every loopback ARN names: the CDK tests' account. */
export const LOOPBACK_ACCOUNT = TEST_ACCOUNT;

/**
 * A function's ARN in the loopback account.
 *
 * @example
 * functionArn("baton-test-approvals"); // "arn:aws:lambda:eu-west-1:123456789012:function:baton-test-approvals"
 */
export function functionArn(name: string): string {
  return `arn:aws:lambda:${LOOPBACK_REGION}:${LOOPBACK_ACCOUNT}:function:${name}`;
}
