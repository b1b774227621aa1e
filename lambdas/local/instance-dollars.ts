import { ASSUMED_LAMBDA_INVOCATION, AWS_PRICES, type AwsPrices } from "./aws-prices.ts";

/** The counts one instance is priced from (`baton cost`'s metrics). */
export interface PricedCounts {
  stateTransitions: number;
  lambdaInvocations: number;
  dynamoDbWrites: number;
}

/** Dollars per 1,000 instances, in all and by service. */
export interface DollarsPerThousand {
  total: number;
  stateTransitions: number;
  /** Requests and GB-seconds. */
  lambda: number;
  dynamoDbWrites: number;
}

/**
 * What 1,000 instances with these counts cost at the price table's list prices: transitions ×
 * the Standard transition price, each Lambda invocation's request and GB-seconds (the
 * {@link ASSUMED_LAMBDA_INVOCATION} memory × duration), writes × the on-demand write price.
 *
 * @example
 * dollarsPerThousand({ stateTransitions: 5, lambdaInvocations: 3, dynamoDbWrites: 35 }).total;
 * // 0.1495 (us-east-1)
 *
 * @param prices - the price table. @default AWS_PRICES
 */
export function dollarsPerThousand(
  counts: PricedCounts,
  prices: AwsPrices = AWS_PRICES,
): DollarsPerThousand {
  const gbSeconds =
    (ASSUMED_LAMBDA_INVOCATION.memoryMb / 1024) * (ASSUMED_LAMBDA_INVOCATION.durationMs / 1000);
  const perCall = prices.lambdaRequest + gbSeconds * prices.lambdaGbSecond;
  const stateTransitions = 1000 * counts.stateTransitions * prices.stateTransition;
  const lambda = 1000 * counts.lambdaInvocations * perCall;
  const dynamoDbWrites = 1000 * counts.dynamoDbWrites * prices.dynamoDbWrite;
  return {
    total: stateTransitions + lambda + dynamoDbWrites,
    stateTransitions,
    lambda,
    dynamoDbWrites,
  };
}
