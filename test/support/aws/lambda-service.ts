import {
  AwsServiceError,
  type ProtocolRequest,
  type ProtocolResponse,
  type ProtocolServer,
  serveAwsProtocol,
} from "./aws-protocol-server.ts";
import type { FunctionErrorEnvelope, InvocationOutcome } from "./bundled-function.ts";

/** A function the service can invoke: a bundle in its worker, or a plugin a test scripts. */
export interface InvocableFunction {
  readonly name: string;
  invoke(event: unknown): Promise<InvocationOutcome>;
}

/** The ways of naming a function in Invoke: its name, its ARN, with or without a qualifier. */
function functionName(nameOrArn: string): string {
  const parts = nameOrArn.split(":");
  return parts.length >= 7 ? (parts[6] ?? nameOrArn) : (parts[0] ?? nameOrArn);
}

/**
 * The Lambda service's `Invoke` (restJson1, `POST /2015-03-31/functions/{FunctionName}/invocations`)
 * on loopback, over the functions registered with it: `RequestResponse` answers the result
 * as the payload, or Lambda's error envelope with `X-Amz-Function-Error: Unhandled`; `Event`
 * answers 202 at once and runs the function afterwards. An unknown function is
 * `ResourceNotFoundException`. Part of the loopback emulator of AWS's protocols (not a
 * mock of a client: any SDK client pointed at it with `AWS_ENDPOINT_URL_LAMBDA` gets the
 * answers Lambda would give).
 *
 * @example
 * const lambda = await LambdaService.start([approvalsFunction, erpPlugin]);
 * const outcome = await lambda.invoke("baton-test-approvals", payload);
 */
export class LambdaService {
  private readonly functions = new Map<string, InvocableFunction>();
  private readonly background = new Set<Promise<void>>();
  private readonly failures: FunctionErrorEnvelope[] = [];
  private server: ProtocolServer | undefined;

  /** Registers the functions and serves Invoke on a free loopback port. */
  static async start(functions: readonly InvocableFunction[]): Promise<LambdaService> {
    const service = new LambdaService();
    service.register(functions);
    service.server = await serveAwsProtocol((request) => service.serve(request));
    return service;
  }

  /** Deploys more functions (their environment may need the service's endpoint first). */
  register(functions: readonly InvocableFunction[]): void {
    for (const fn of functions) this.functions.set(fn.name, fn);
  }

  get endpoint(): string {
    if (!this.server) throw new Error("the Lambda service is not started");
    return this.server.endpoint;
  }

  /** Invokes a function by name or ARN, as another service of AWS does (synchronously). */
  invoke(nameOrArn: string, event: unknown): Promise<InvocationOutcome> {
    const fn = this.functions.get(functionName(nameOrArn));
    if (!fn)
      throw new AwsServiceError(
        "ResourceNotFoundException",
        `Function not found: ${nameOrArn}`,
        404,
      );
    return fn.invoke(event);
  }

  /** Invokes a function asynchronously (`Event`), as EventBridge and Scheduler targets are. */
  invokeLater(nameOrArn: string, event: unknown): void {
    const running: Promise<void> = this.invoke(nameOrArn, event)
      .then((outcome) => {
        if ("error" in outcome) this.failures.push(outcome.error);
      })
      .finally(() => this.background.delete(running));
    this.background.add(running);
  }

  /** Resolves once no asynchronous invocation is running, with the errors of those that failed. */
  async settled(): Promise<FunctionErrorEnvelope[]> {
    while (this.background.size > 0) await Promise.all([...this.background]);
    return this.failures.splice(0);
  }

  stop(): Promise<void> {
    return this.server?.stop() ?? Promise.resolve();
  }

  private async serve(request: ProtocolRequest): Promise<ProtocolResponse> {
    const match = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/.exec(request.path);
    if (request.method !== "POST" || !match?.[1]) {
      throw new AwsServiceError(
        "UnknownOperationException",
        `${request.method} ${request.path}`,
        404,
      );
    }
    const name = decodeURIComponent(match[1]);
    const event: unknown = request.body === "" ? {} : JSON.parse(request.body);
    if (request.headers["x-amz-invocation-type"] === "Event") {
      this.invokeLater(name, event);
      return { status: 202 };
    }
    const outcome = await this.invoke(name, event);
    const headers = { "x-amz-executed-version": "$LATEST" };
    return "error" in outcome
      ? { headers: { ...headers, "x-amz-function-error": "Unhandled" }, body: outcome.error }
      : { headers, body: JSON.stringify(outcome.result) };
  }
}
