/**
 * The AWS list prices Baton's cost figures are priced at: `baton cost`'s dollars per 1,000
 * instances and the dashboard's cost per instance (`cdk/flow-dashboard.ts`). On-demand prices of
 * `us-east-1` without free tier or volume discounts (the first tier of each), in US dollars per
 * unit, as the AWS pricing pages of each service listed them on the date below. Other regions
 * cost up to a third more; update the table (and its date) when AWS changes a price.
 */
export interface AwsPrices {
  /** The region the prices are for. */
  region: string;
  /** When they were taken from the pricing pages (ISO date). */
  takenOn: string;
  /** One state transition of a Standard workflow ($0.025 per 1,000). */
  stateTransition: number;
  /** One GB-second of a Lambda function on arm64 (Graviton), first tier. */
  lambdaGbSecond: number;
  /** One Lambda request ($0.20 per million). */
  lambdaRequest: number;
  /** One on-demand DynamoDB write request unit ($0.625 per million). */
  dynamoDbWrite: number;
  /** One on-demand DynamoDB read request unit ($0.125 per million). */
  dynamoDbRead: number;
  /** One custom event published to an EventBridge bus ($1.00 per million). */
  eventBridgeEvent: number;
}

/**
 * The price table. Step Functions Standard $0.025 per 1,000 state transitions; Lambda arm64
 * $0.0000133334 per GB-s and $0.20 per million requests; DynamoDB on-demand $0.625 per million
 * write and $0.125 per million read request units (the prices since November 2024's cut);
 * EventBridge $1.00 per million custom events.
 *
 * @example
 * const dollars = transitions * AWS_PRICES.stateTransition;
 */
export const AWS_PRICES: AwsPrices = {
  region: "us-east-1",
  takenOn: "2026-12-02",
  stateTransition: 0.025 / 1_000,
  lambdaGbSecond: 0.000_013_333_4,
  lambdaRequest: 0.2 / 1_000_000,
  dynamoDbWrite: 0.625 / 1_000_000,
  dynamoDbRead: 0.125 / 1_000_000,
  eventBridgeEvent: 1 / 1_000_000,
};

/**
 * What `baton cost` assumes of each Lambda invocation it counts, having no Lambda to time: the
 * handlers' memory and a warm invocation's billed duration. On AWS the handlers publish what they
 * really ran (`LambdaGbSeconds`), which the dashboard prices instead.
 */
export const ASSUMED_LAMBDA_INVOCATION = {
  /** Memory of a handler, in MB. */
  memoryMb: 512,
  /** Billed duration of one invocation, in milliseconds. */
  durationMs: 100,
} as const;
