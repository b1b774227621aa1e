import {
  AwsServiceError,
  type ProtocolRequest,
  type ProtocolResponse,
  type ProtocolServer,
  serveAwsProtocol,
} from "./aws-protocol-server.ts";
import type { InvocationOutcome } from "./bundled-function.ts";
import type { LambdaService } from "./lambda-service.ts";
import { LOOPBACK_ACCOUNT, LOOPBACK_REGION } from "./loopback-account.ts";

/** A schedule as CreateSchedule or UpdateSchedule left it. */
export interface Schedule {
  name: string;
  groupName: string;
  expression: string;
  /** `DELETE` for a schedule that deletes itself once it fired. */
  afterCompletion?: string;
  /** The target's ARN and its input (JSON text). */
  target: { Arn: string; RoleArn: string; Input?: string };
}

/**
 * EventBridge Scheduler's CreateSchedule, UpdateSchedule and DeleteSchedule (restJson1,
 * `POST|PUT|DELETE /schedules/{Name}`) on loopback, keeping the schedules of the groups a
 * deployment creates: creating one that exists is `ConflictException`, updating or deleting
 * one that does not `ResourceNotFoundException`, as Scheduler answers. Time does not pass: a
 * schedule fires when the test says it came due ({@link SchedulerService.fire}), invoking its
 * target function with its input as Scheduler does. Part of the loopback emulator of AWS's
 * protocols, not a mock of a client.
 *
 * @example
 * const scheduler = await SchedulerService.start(["baton-test"], lambda);
 * process.env.AWS_ENDPOINT_URL_SCHEDULER = scheduler.endpoint;
 */
export class SchedulerService {
  /** The schedules that exist, by `group/name`. */
  readonly schedules = new Map<string, Schedule>();
  private readonly groups = new Set<string>();
  private readonly lambda: LambdaService;
  private server: ProtocolServer | undefined;

  private constructor(lambda: LambdaService) {
    this.lambda = lambda;
  }

  static async start(groups: readonly string[], lambda: LambdaService): Promise<SchedulerService> {
    const service = new SchedulerService(lambda);
    for (const group of groups) service.groups.add(group);
    service.server = await serveAwsProtocol(async (request) => service.serve(request));
    return service;
  }

  get endpoint(): string {
    if (!this.server) throw new Error("the Scheduler service is not started");
    return this.server.endpoint;
  }

  /**
   * The schedule `group/name` comes due: its target is invoked with its input (and awaited),
   * and a one-off schedule that deletes itself after completion is gone. Answers how the
   * invocation ended.
   */
  async fire(key: string): Promise<InvocationOutcome> {
    const schedule = this.schedules.get(key);
    if (!schedule) throw new Error(`no schedule ${key}`);
    const outcome = await this.lambda.invoke(
      schedule.target.Arn,
      JSON.parse(schedule.target.Input ?? "{}"),
    );
    if (schedule.afterCompletion === "DELETE") this.schedules.delete(key);
    return outcome;
  }

  stop(): Promise<void> {
    return this.server?.stop() ?? Promise.resolve();
  }

  private serve(request: ProtocolRequest): ProtocolResponse {
    const match = /^\/schedules\/([^/]+)$/.exec(request.path);
    if (!match?.[1]) throw new AwsServiceError("UnknownOperationException", request.path, 404);
    const name = decodeURIComponent(match[1]);
    const body = (request.body === "" ? {} : JSON.parse(request.body)) as {
      GroupName?: string;
      ScheduleExpression?: string;
      ActionAfterCompletion?: string;
      Target?: Schedule["target"];
    };
    const groupName = request.query.get("groupName") ?? body.GroupName ?? "default";
    if (!this.groups.has(groupName)) {
      throw new AwsServiceError(
        "ResourceNotFoundException",
        `Schedule group ${groupName} does not exist.`,
        404,
      );
    }
    const key = `${groupName}/${name}`;
    const exists = this.schedules.has(key);
    const arn = `arn:aws:scheduler:${LOOPBACK_REGION}:${LOOPBACK_ACCOUNT}:schedule/${key}`;
    if (request.method === "DELETE") {
      if (!exists)
        throw new AwsServiceError(
          "ResourceNotFoundException",
          `Schedule ${name} does not exist.`,
          404,
        );
      this.schedules.delete(key);
      return { body: {} };
    }
    if (request.method === "POST" && exists) {
      throw new AwsServiceError("ConflictException", `Schedule ${name} already exists.`, 409);
    }
    if (request.method === "PUT" && !exists) {
      throw new AwsServiceError(
        "ResourceNotFoundException",
        `Schedule ${name} does not exist.`,
        404,
      );
    }
    if (
      (request.method !== "POST" && request.method !== "PUT") ||
      !body.ScheduleExpression ||
      !body.Target
    ) {
      throw new AwsServiceError(
        "ValidationException",
        "ScheduleExpression and Target are required.",
      );
    }
    this.schedules.set(key, {
      name,
      groupName,
      expression: body.ScheduleExpression,
      ...(body.ActionAfterCompletion === undefined
        ? {}
        : { afterCompletion: body.ActionAfterCompletion }),
      target: body.Target,
    });
    return { body: { ScheduleArn: arn } };
  }
}
