import { Duration } from "aws-cdk-lib";
import type { HandlerName } from "./handler-bundling.ts";

/** The memory and timeout of one handler's function. */
export interface HandlerSize {
  /** Megabytes; Lambda gives CPU in proportion (a full vCPU at 1,769 MB). */
  readonly memorySize: number;
  /** The longest one invocation may run. */
  readonly timeout: Duration;
}

/**
 * The memory and timeout of each handler's function, and why:
 *
 * - `api`, `pages` 1,024 MB, 15 s: the two largest bundles (the `hono` app's JSON API with its
 *   compiled schemas; the pages with the playground's YAML and Ajv and the pictures' layout),
 *   whose cold start is CPU-bound, and the pages are rendered per request; a request makes a
 *   handful of DynamoDB and Step Functions calls, far inside API Gateway's 30 s, and 15 s
 *   leaves room for the SDK's retries without holding a connection to the cap.
 * - `step` 1,024 MB, 30 s: runs the reference engine over the whole loop state of an instance
 *   at every step (CPU), and the loop retries it on `Baton.StepConflict`.
 * - `plugins` 512 MB, 60 s: a `sync` task waits for the plugin's function, whose own timeout
 *   is 30 s (`UserPluginFunctions`); the call must outlast it to report its failure.
 * - `sweeper` 512 MB, 5 min: one run visits up to 10 pages of 50 unsettled instances, each
 *   with a few reads, a DescribeExecution and maybe a reconcile.
 * - `reconciler`, `execution-facts` 512 MB, 60 s: ending an instance or withdrawing nodes
 *   closes every pending approval and callback of it, one conditional write each; a stream
 *   batch holds several records.
 * - `approvals`, `reminders` 512 MB, 15 s / 30 s: a few reads and writes, a schedule or an
 *   event; 512 MB for the cold start of the backend (SDK clients, ajv schemas).
 * - `conditions` 256 MB, 10 s: evaluates queries on the input it is given, touches nothing.
 *
 * Reserved concurrency is left unset: the account's pool serves them all, and a reserve would
 * take from it whether used or not.
 */
export const HANDLER_SIZING: Readonly<Record<HandlerName, HandlerSize>> = {
  api: { memorySize: 1024, timeout: Duration.seconds(15) },
  pages: { memorySize: 1024, timeout: Duration.seconds(15) },
  approvals: { memorySize: 512, timeout: Duration.seconds(15) },
  plugins: { memorySize: 512, timeout: Duration.seconds(60) },
  conditions: { memorySize: 256, timeout: Duration.seconds(10) },
  step: { memorySize: 1024, timeout: Duration.seconds(30) },
  reconciler: { memorySize: 512, timeout: Duration.seconds(60) },
  reminders: { memorySize: 512, timeout: Duration.seconds(30) },
  sweeper: { memorySize: 512, timeout: Duration.minutes(5) },
  "execution-facts": { memorySize: 512, timeout: Duration.seconds(60) },
};
