import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { sign } from "hono/jwt";
import { describe, expect, it, vi } from "vitest";
import { jwtIdentity } from "../../lambdas/api/jwt-identity.ts";
import { actOnApproval } from "../../lambdas/core/operations/act-on-approval.ts";
import { apiHandler } from "../../lambdas/handlers/api.ts";
import { identityFromEnv } from "../../lambdas/handlers/identity-from-env.ts";
import { lambdaContext } from "../support/lambda-context.ts";
import { lambdaTestBackend } from "../support/lambda-test-backend.ts";
import { startedWithApproval } from "../support/started-instance.ts";
import { approval, flow } from "../support/template-builder.ts";

const SECRET = "k".repeat(48);
const ISSUER = "https://id.example.com";

/** A request as API Gateway's HTTP API (payload format 2.0) hands it to the function. */
function httpApiEvent(
  method: string,
  path: string,
  headers: Record<string, string>,
): APIGatewayProxyEventV2 {
  return {
    version: "2.0",
    routeKey: "$default",
    rawPath: path,
    rawQueryString: "",
    headers: { host: "baton.example.com", ...headers },
    requestContext: {
      accountId: "123456789012",
      apiId: "api",
      domainName: "baton.example.com",
      domainPrefix: "baton",
      http: { method, path, protocol: "HTTP/1.1", sourceIp: "203.0.113.7", userAgent: "curl" },
      requestId: "r-1",
      routeKey: "$default",
      stage: "$default",
      time: "02/Dec/2026:10:00:00 +0000",
      timeEpoch: 1796205600000,
    },
    isBase64Encoded: false,
  };
}

describe("the API function (API Gateway HTTP API)", () => {
  it("serves the API to a caller with a valid JWT, and 401 with a JSON error to one without", async () => {
    const backend = await lambdaTestBackend();
    const handler = apiHandler(
      () => backend,
      () => jwtIdentity({ issuer: ISSUER, audience: "baton", secret: SECRET }),
    );
    const token = await sign(
      {
        iss: ISSUER,
        aud: "baton",
        sub: "al",
        tenant: "default",
        exp: Math.floor(Date.now() / 1000) + 300,
      },
      SECRET,
      "HS256",
    );
    const context = lambdaContext("baton-api");

    const listed = await handler(
      httpApiEvent("GET", "/v1/templates", { authorization: `Bearer ${token}` }),
      context,
    );
    const refused = await handler(httpApiEvent("GET", "/v1/templates", {}), context);

    expect(listed).toMatchObject({ statusCode: 200 });
    const body = JSON.parse((listed as { body: string }).body) as {
      items: { templateId: string }[];
    };
    expect(body.items.map((item) => item.templateId)).toContain("cache-change");
    expect(refused).toMatchObject({ statusCode: 401 });
    expect(JSON.parse((refused as { body: string }).body)).toEqual({
      error: { code: "unauthenticated", message: "sign in first" },
    });
  });

  it("refuses an environment without the JWT settings, naming them", () => {
    expect(() => identityFromEnv({})).toThrow("JWT_ISSUER and JWT_AUDIENCE");
    expect(() => identityFromEnv({ JWT_ISSUER: ISSUER, JWT_AUDIENCE: "baton" })).toThrow(
      "JWT_JWKS_URL or JWT_SECRET",
    );
  });

  it("refuses a JWT_SECRET shorter than 256 bits (43 characters), naming the variable", () => {
    const env = { JWT_ISSUER: ISSUER, JWT_AUDIENCE: "baton" };
    expect(() => identityFromEnv({ ...env, JWT_SECRET: "s".repeat(42) })).toThrow(
      "environment variable JWT_SECRET must hold at least 256 bits",
    );
    expect(() => identityFromEnv({ ...env, JWT_SECRET: "s".repeat(43) })).not.toThrow();
  });

  it("reads JWT_AUDIENCE as a comma-separated list: a token for any audience listed resolves", async () => {
    const identity = identityFromEnv({
      JWT_ISSUER: ISSUER,
      JWT_AUDIENCE: "baton, ops",
      JWT_SECRET: SECRET,
    });
    const bearing = async (aud: string) => {
      const claims = { iss: ISSUER, aud, sub: "al", tenant: "default" };
      const token = await sign(
        { ...claims, exp: Math.floor(Date.now() / 1000) + 300 },
        SECRET,
        "HS256",
      );
      return new Request("https://baton.example.com/v1/templates", {
        headers: { authorization: `Bearer ${token}` },
      });
    };

    expect(await identity(await bearing("ops"))).toMatchObject({ tenant: "default", user: "al" });
    expect(await identity(await bearing("billing"))).toBeUndefined();
  });
});

describe("the API function, relayed verdicts (not API Gateway's events)", () => {
  const tenant = "default";

  /** A one-approval instance opened with token t-1; the API function on its backend. */
  async function relayed() {
    const started = await startedWithApproval(
      flow([approval("lead", ["al"])], ["start>lead", "lead>end"], { id: "one-approval" }),
      { token: "t-1" },
    );
    let identities = 0;
    const handler = apiHandler(
      () => started.backend,
      () => {
        identities += 1;
        return jwtIdentity({ issuer: ISSUER, audience: "baton", secret: SECRET });
      },
    );
    const invoke = (event: Record<string, unknown>) => handler(event, lambdaContext("baton-api"));
    const stored = () =>
      started.backend.stores.approvals.get(tenant, started.instanceId, "lead", 1);
    return { ...started, invoke, stored, httpAppBuilt: () => identities > 0 };
  }

  const request = (approvalId: string) => ({
    kind: "baton.verdict-relay",
    version: 1,
    tenant,
    approvalId,
  });

  it("delivers a decided approval's stored verdict to its stored token, without building the HTTP app", async () => {
    // Prepare
    const { backend, approvalId, invoke, httpAppBuilt } = await relayed();
    await actOnApproval(backend, tenant, approvalId, "al", { action: "approve" });
    backend.sent.length = 0;
    // Act
    const answer = await invoke(request(approvalId));
    // Assess
    expect(answer).toEqual({ outcome: "delivered" });
    expect(backend.sent).toMatchObject([
      { kind: "success", token: "t-1", output: { outcome: "approved" } },
    ]);
    expect(httpAppBuilt()).toBe(false);
  });

  it("refuses a pending approval and changes nothing", async () => {
    // Prepare
    const { backend, approvalId, invoke, stored } = await relayed();
    const before = await stored();
    // Act
    const answer = await invoke(request(approvalId));
    // Assess
    expect(answer).toEqual({
      outcome: "refused",
      problem: `approval ${approvalId} is pending: it has no verdict to deliver`,
    });
    expect(backend.sent).toEqual([]);
    expect(await stored()).toEqual(before);
  });

  it("answers gone with the reason when the parked state is gone, and changes nothing", async () => {
    // Prepare
    const { backend, approvalId, invoke, stored } = await relayed();
    await actOnApproval(backend, tenant, approvalId, "al", { action: "approve" });
    backend.goneTokens.set("t-1", "TaskDoesNotExist");
    const before = await stored();
    // Act
    const answer = await invoke(request(approvalId));
    // Assess
    expect(answer).toEqual({ outcome: "gone", reason: "TaskDoesNotExist" });
    expect(await stored()).toEqual(before);
  });

  it("throws an unexpected failure as the other handlers do: its name and message, no stack frames for Lambda to report", async () => {
    // Prepare: the store fails under the relay
    const { backend, approvalId, invoke } = await relayed();
    await actOnApproval(backend, tenant, approvalId, "al", { action: "approve" });
    backend.stores.approvals.get = async () => {
      throw new RangeError("the table is not there");
    };
    // Act
    const thrown = await invoke(request(approvalId)).catch((error: unknown) => error);
    // Assess
    expect(thrown).toMatchObject({ name: "RangeError", message: "the table is not there" });
    expect((thrown as Error).stack).toBe("RangeError: the table is not there");
  });

  it("logs an HTTP request after a relay under its own request id and handler, not the relay's", async () => {
    // Prepare: an environment that answered a relay, then a request whose read fails
    const { backend, approvalId, instanceId } = await relayed();
    backend.stores.instances.get = async () => {
      throw new RangeError("the table is not there");
    };
    const handler = apiHandler(
      () => backend,
      () => jwtIdentity({ issuer: ISSUER, audience: "baton", secret: SECRET }),
    );
    await handler(request(approvalId), { ...lambdaContext("baton-api"), awsRequestId: "RELAY-1" });
    const token = await sign(
      { iss: ISSUER, aud: "baton", sub: "al", tenant, exp: Math.floor(Date.now() / 1000) + 300 },
      SECRET,
      "HS256",
    );
    const lines: string[] = [];
    for (const stream of [process.stdout, process.stderr]) {
      vi.spyOn(stream, "write").mockImplementation((chunk) => {
        lines.push(String(chunk));
        return true;
      });
    }
    // Act
    let answer: unknown;
    try {
      answer = await handler(
        httpApiEvent("GET", `/v1/instances/${instanceId}`, { authorization: `Bearer ${token}` }),
        { ...lambdaContext("baton-api"), awsRequestId: "HTTP-1" },
      );
    } finally {
      vi.restoreAllMocks();
    }
    // Assess
    expect(answer).toMatchObject({ statusCode: 500 });
    const logged = lines.filter((line) => line.includes("the table is not there"));
    expect(logged).not.toEqual([]);
    for (const line of logged) {
      expect(line).toContain('"function_request_id":"HTTP-1"');
      expect(line).toContain('"handler":"api"');
      expect(line).not.toContain("RELAY-1");
    }
  });

  it("refuses a malformed event naming what is wrong, never echoing a token, and changes nothing", async () => {
    // Prepare
    const { backend, approvalId, invoke, stored, httpAppBuilt } = await relayed();
    await actOnApproval(backend, tenant, approvalId, "al", { action: "approve" });
    backend.sent.length = 0;
    const before = await stored();
    // Act
    const answers = [
      await invoke({ ...request(approvalId), token: "t-1" }),
      await invoke({ ...request(approvalId), version: 2 }),
      await invoke({ kind: "baton.verdict-relay", version: 1, tenant }),
      await invoke({ version: "1.0", requestContext: {} }),
    ];
    // Assess
    expect(answers).toEqual([
      { outcome: "refused", problem: "the event has a field it must not have: token" },
      { outcome: "refused", problem: "version must be 1" },
      { outcome: "refused", problem: "the event must name either approvalId or callbackId" },
      { outcome: "refused", problem: "the event has a field it must not have: requestContext" },
    ]);
    expect(JSON.stringify(answers)).not.toContain("t-1");
    expect(backend.sent).toEqual([]);
    expect(await stored()).toEqual(before);
    expect(httpAppBuilt()).toBe(false);
  });
});
