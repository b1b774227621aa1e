import { Stack, Tokenization } from "aws-cdk-lib";
import type { IConstruct } from "constructs";

/** The most a Lambda function's environment variables may hold in all: 4 KB. */
export const LAMBDA_ENVIRONMENT_LIMIT = 4096;

/** The longest value each pseudo parameter can take; any other token counts as {@link OTHER_TOKEN}. */
const PSEUDO_PARAMETER_LENGTH: Readonly<Record<string, number>> = {
  "AWS::Partition": 10, // aws-us-gov
  "AWS::Region": 14, // ap-southeast-5
  "AWS::AccountId": 12,
  "AWS::URLSuffix": 20, // amazonaws.com.cn
};

/** What an unresolved reference (a table's name, a role's ARN, a secret's ARN) counts as. */
const OTHER_TOKEN = 160;

/** A token encoded in a string, as CDK encodes it. */
const TOKEN_MARKER = /\$\{Token\[[^\]]*\]\}/g;

/** The longest a token can stand for, from what it resolves to. */
function tokenLength(scope: IConstruct, marker: string): number {
  const token = Tokenization.reverseString(marker).firstToken;
  const resolved = token === undefined ? undefined : Stack.of(scope).resolve(token);
  if (typeof resolved === "string") return resolved.length;
  const ref = (resolved as { Ref?: unknown } | undefined)?.Ref;
  return (typeof ref === "string" ? PSEUDO_PARAMETER_LENGTH[ref] : undefined) ?? OTHER_TOKEN;
}

/** A function's environment that would pass Lambda's 4 KB. */
export class EnvironmentTooLargeError extends Error {
  override readonly name = "EnvironmentTooLargeError";
  /** The function's name. */
  readonly functionName: string;
  /** The estimated size, in bytes. */
  readonly size: number;

  constructor(functionName: string, size: number, largest: string) {
    super(
      `the environment of ${functionName} would take about ${size} bytes, over Lambda's ${LAMBDA_ENVIRONMENT_LIMIT}; its largest variable is ${largest}`,
    );
    this.functionName = functionName;
    this.size = size;
  }
}

/**
 * The most bytes a function's environment can take once deployed: the variables as one JSON
 * object, each unresolved token counted at the longest it can stand for (a region 14
 * characters, an account 12, a reference to another resource 160). Values may hold tokens
 * anywhere; pass structured values as their raw JSON (`JSON.stringify`, not
 * `stack.toJsonString`, which hides them in one token), so that what is inside is counted.
 *
 * @example
 * environmentSize(this, { TABLE_NAME: table.tableName }); // 17 + 160
 */
export function environmentSize(
  scope: IConstruct,
  environment: Readonly<Record<string, string>>,
): number {
  const standIns = Object.entries(environment).map(([name, value]) => [
    name,
    value.replace(TOKEN_MARKER, (marker) => "x".repeat(tokenLength(scope, marker))),
  ]);
  return JSON.stringify(Object.fromEntries(standIns)).length;
}

/**
 * Refuses, at synthesis, an environment Lambda would refuse at deployment (over 4 KB).
 *
 * @throws EnvironmentTooLargeError naming the function, the size and its largest variable
 * @example
 * checkEnvironmentSize(this, "baton-prod-api", preview);
 */
export function checkEnvironmentSize(
  scope: IConstruct,
  functionName: string,
  environment: Readonly<Record<string, string>>,
): void {
  const size = environmentSize(scope, environment);
  if (size <= LAMBDA_ENVIRONMENT_LIMIT) return;
  const [largest] = Object.entries(environment)
    .map(([name, value]) => [name, environmentSize(scope, { [name]: value })] as const)
    .sort((a, b) => b[1] - a[1]);
  throw new EnvironmentTooLargeError(
    functionName,
    size,
    largest ? `${largest[0]} (${largest[1]} bytes)` : "none",
  );
}
