import { Validations } from "aws-cdk-lib";
import { ApiDestination, Authorization, Connection, HttpMethod } from "aws-cdk-lib/aws-events";
import { Secret } from "aws-cdk-lib/aws-secretsmanager";
import { Construct } from "constructs";
import type { WebhookPluginDeclaration } from "../lambdas/core/plugins/plugin-declaration.ts";
import { PluginDeploymentError } from "./plugin-deployment-error.ts";

/**
 * The header an API destination of a `webhook` plugin sends its connection's key in. Not
 * `x-baton-event-signature`: the value is the same on every request, not a signature of the
 * body (docs/deployment.md, "Plugins and events").
 */
export const WEBHOOK_KEY_HEADER = "x-baton-webhook-key";

/** Properties of a {@link WebhookDestination}. */
export interface WebhookDestinationProps {
  /** The webhook's declaration: its URL is the endpoint. */
  readonly plugin: WebhookPluginDeclaration;

  /**
   * The name of the secret holding the key the webhook's requests carry.
   *
   * @example "baton-prod/webhooks/ci"
   */
  readonly secretName: string;

  /**
   * The most requests a second the destination sends.
   *
   * @default 300 (EventBridge's default)
   */
  readonly rateLimitPerSecond?: number;
}

/**
 * A `webhook` plugin on AWS: an EventBridge API destination POSTing each event's envelope as
 * JSON to the plugin's URL, through a connection whose API key is a Secrets Manager secret
 * generated at deploy (64 letters and digits). The URL must be `https://` (API destinations send
 * nothing else): another is refused at synth with a {@link PluginDeploymentError}. Every request carries the key in
 * {@link WEBHOOK_KEY_HEADER}: an API destination cannot compute the embedded engine's HMAC of
 * each body, so the receiver checks the key (in constant time) instead of `verifyEvent`.
 *
 * @example
 * const ci = new WebhookDestination(this, "Ci", { plugin, secretName: "baton-dev/webhooks/ci" });
 * rule.addTarget(new targets.ApiDestination(ci.destination, { deadLetterQueue }));
 */
export class WebhookDestination extends Construct {
  /** The key the receiver expects, shared with it out of band. */
  readonly secret: Secret;
  /** The connection (its authorization: the key in {@link WEBHOOK_KEY_HEADER}). */
  readonly connection: Connection;
  /** The API destination: POST to the plugin's URL. */
  readonly destination: ApiDestination;

  constructor(scope: Construct, id: string, props: WebhookDestinationProps) {
    super(scope, id);
    const { plugin } = props;
    if (new URL(plugin.url).protocol !== "https:") {
      throw new PluginDeploymentError(
        plugin.name,
        "an API destination sends only to https:// URLs, and the webhook's url is not one",
      );
    }
    this.secret = new Secret(this, "Key", {
      secretName: props.secretName,
      description: `The key of webhook plugin "${plugin.name}": requests carry it in ${WEBHOOK_KEY_HEADER}`,
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
    });
    Validations.of(this.secret).acknowledge({
      id: "AwsSolutions-SMG4",
      reason:
        "The key is shared with the webhook's receiver, outside AWS: a rotation must be agreed with it, so it is rotated by hand (docs/deployment.md).",
    });
    this.connection = new Connection(this, "Connection", {
      description: `Webhook plugin "${plugin.name}"`,
      authorization: Authorization.apiKey(WEBHOOK_KEY_HEADER, this.secret.secretValue),
    });
    this.destination = new ApiDestination(this, "Destination", {
      description: `Webhook plugin "${plugin.name}"`,
      connection: this.connection,
      endpoint: plugin.url,
      httpMethod: HttpMethod.POST,
      ...(props.rateLimitPerSecond === undefined
        ? {}
        : { rateLimitPerSecond: props.rateLimitPerSecond }),
    });
  }
}
