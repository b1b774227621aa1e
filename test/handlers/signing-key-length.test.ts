import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { SecretSource } from "../../lambdas/core/ports/secret-source.ts";
import {
  MIN_SIGNING_KEY_LENGTH,
  signingKeyProblem,
} from "../../lambdas/core/security/signing-key-length.ts";
import { signingKeysFromSecrets } from "../../lambdas/handlers/backend-from-env.ts";
import { pageSignInFromEnv } from "../../lambdas/handlers/sign-in-from-env.ts";
import { notifierFromEnv } from "../../lambdas/plugins/notifier-from-env.ts";

const ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:baton/key-AbC123";

/** What a setup refuses with, or "accepted". */
async function outcome(setup: () => unknown): Promise<string> {
  try {
    await setup();
    return "accepted";
  } catch (error) {
    return (error as Error).message;
  }
}

/** Every place a signing key is taken, given a key: what it answers. */
const takers = {
  "a backend's key from a secret": (key: string) =>
    outcome(() =>
      signingKeysFromSecrets({ BATON_LINK_KEY_SECRET_ARN: ARN }, ["link"], async () => ({
        secretString: async () => key,
      })),
    ),
  "a backend's plain key": (key: string) =>
    outcome(() =>
      signingKeysFromSecrets({ BATON_LINK_KEY: key }, ["link"], async (): Promise<SecretSource> => {
        throw new Error("no secret is read");
      }),
    ),
  "the sign-in's session key": (key: string) =>
    outcome(() =>
      pageSignInFromEnv({
        OIDC_ISSUER: "https://idp.example.com",
        OIDC_CLIENT_ID: "baton",
        BATON_SESSION_KEY: key,
        PUBLIC_URL: "https://baton.example.com",
      }),
    ),
  "the notifier's link key": (key: string) =>
    outcome(() =>
      notifierFromEnv(
        {
          BATON_PLUGIN_NAME: "chat",
          BATON_NOTIFIER_URL: "https://chat.example.com/hook",
          PUBLIC_URL: "https://baton.example.com",
          BATON_LINK_KEY: key,
        },
        async (): Promise<SecretSource> => {
          throw new Error("no secret is read");
        },
      ),
    ),
};

describe("the signing-key length rule", () => {
  it("refuses exactly the keys shorter than 43 characters (256 bits as base64url)", () => {
    expect(MIN_SIGNING_KEY_LENGTH).toBe(43);
    fc.assert(
      fc.property(fc.string({ maxLength: 100 }), (key) => {
        expect(signingKeyProblem(key)).toBe(
          key.length < 43 ? "must hold at least 256 bits" : undefined,
        );
      }),
    );
  });

  it.each(Object.entries(takers))(
    "holds %s to it: 42 characters refused with the rule's words, 43 taken",
    async (_, take) => {
      expect(await take("k".repeat(42))).toContain("must hold at least 256 bits");
      expect(await take("k".repeat(43))).toBe("accepted");
    },
  );
});
