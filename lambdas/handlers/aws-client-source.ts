import type { AwsClientOptions } from "../adapters/aws/aws-client-options.ts";

/**
 * Makes one AWS SDK client from where it connects, e.g. `sfnClient` or
 * `dynamoDbDocumentClient`.
 *
 * @example
 * const make: ClientMaker<SFNClient> = sfnClient;
 */
export type ClientMaker<C> = (options: AwsClientOptions) => C;

/**
 * The clients of one backend: each maker's client, made on its first request and the same one
 * after (the api's task results and executions share one Step Functions client).
 *
 * @example
 * const sfn = clients(sfnClient);
 */
export type ClientSource = <C>(make: ClientMaker<C>) => C;

/**
 * A {@link ClientSource} whose clients all connect as `options` say and are passed through
 * `wrap` once, as they are made (the handlers' X-Ray capture). Only the makers asked for run, so
 * only their SDK packages are ever loaded.
 *
 * @example
 * const clients = clientSource({ region: "eu-west-1" }, (client) => tracer.captureAWSv3Client(client));
 * const bus = new EventBridgeBus(clients(eventBridgeClient), "baton-dev");
 *
 * @param options - where every client connects. @default the SDK's region and endpoints
 * @param wrap - applied to each client as it is made. @default none
 */
export function clientSource(
  options: AwsClientOptions = {},
  wrap: <C>(client: C) => C = (client) => client,
): ClientSource {
  const made = new Map<ClientMaker<unknown>, unknown>();
  return <C>(make: ClientMaker<C>): C => {
    if (!made.has(make)) made.set(make, wrap(make(options)));
    return made.get(make) as C;
  };
}
