import {
  AwsServiceError,
  jsonOperation,
  type ProtocolRequest,
  type ProtocolResponse,
  type ProtocolServer,
  serveAwsProtocol,
} from "./aws-protocol-server.ts";

/** The requests this emulator serves (awsJson1_1, `X-Amz-Target: secretsmanager.<operation>`). */
interface SecretsManagerRequests {
  GetSecretValue: { SecretId?: string; VersionId?: string; VersionStage?: string };
}

/**
 * AWS Secrets Manager's `GetSecretValue` over its JSON protocol (awsJson1_1,
 * `X-Amz-Target: secretsmanager.GetSecretValue`, what the AWS SDK v3 speaks) on loopback, with
 * the secrets it is started with, by ARN: it answers the secret's `SecretString` as its
 * `AWSCURRENT` version, and `ResourceNotFoundException` for a secret id it does not hold (as
 * Secrets Manager answers one that does not exist, or that the caller may not see).
 * `reads` counts the answered calls, refused ones included. Part of the loopback emulator of
 * AWS's protocols, not a mock of a client.
 *
 * @example
 * const secrets = await SecretsManagerService.start({ [arn]: "the key" });
 * process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER = secrets.endpoint;
 */
export class SecretsManagerService {
  private readonly secrets = new Map<string, string>();
  private server: ProtocolServer | undefined;
  /** How many GetSecretValue calls were answered, refused ones included. */
  reads = 0;

  static async start(secrets: Readonly<Record<string, string>>): Promise<SecretsManagerService> {
    const service = new SecretsManagerService();
    for (const [arn, value] of Object.entries(secrets)) service.secrets.set(arn, value);
    service.server = await serveAwsProtocol((request) => service.serve(request));
    return service;
  }

  get endpoint(): string {
    if (!this.server) throw new Error("the Secrets Manager service is not started");
    return this.server.endpoint;
  }

  stop(): Promise<void> {
    return this.server?.stop() ?? Promise.resolve();
  }

  private async serve(request: ProtocolRequest): Promise<ProtocolResponse> {
    const { operation, input } = jsonOperation<SecretsManagerRequests>(request);
    if (operation !== "GetSecretValue") {
      throw new AwsServiceError("UnknownOperationException", `${operation} is not emulated`);
    }
    this.reads += 1;
    const arn = input.SecretId ?? "";
    const value = this.secrets.get(arn);
    if (value === undefined) {
      throw new AwsServiceError(
        "ResourceNotFoundException",
        "Secrets Manager can't find the specified secret.",
      );
    }
    return {
      body: {
        ARN: arn,
        Name: arn.split(":").at(-1),
        VersionId: "00000000-0000-4000-8000-000000000001",
        SecretString: value,
        VersionStages: ["AWSCURRENT"],
        CreatedDate: 1764669600,
      },
    };
  }
}
