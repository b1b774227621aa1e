import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { APPROVAL_TEXT } from "../../lambdas/api/pages/approval-text.ts";
import { INBOX_TEXT } from "../../lambdas/api/pages/inbox-text.ts";
import { INSTANCE_TEXT } from "../../lambdas/api/pages/instance-text.ts";
import { PAGE_LOCALES } from "../../lambdas/api/pages/page-locale.ts";
import { PICTURE_TEXT } from "../../lambdas/api/pages/picture-text.ts";
import { capitalized, STATUS_TEXT } from "../../lambdas/api/pages/status-text.ts";
import { INSTANCE_STATUSES, NODE_STATUSES } from "../../lambdas/core/engine/instance-state.ts";
import { pictureWords } from "../../lambdas/core/graph/picture-words.ts";

const APPROVAL_STATUSES = ["pending", "approved", "rejected", "timedOut", "withdrawn"] as const;
const locale = fc.constantFrom(...PAGE_LOCALES);

/** A word with its first letter in lower case, as a cell's word reads mid-sentence. */
function lowered(word: string): string {
  return word.charAt(0).toLowerCase() + word.slice(1);
}

describe("status words", () => {
  it("names an instance's status with one word on the inbox, the instance and the approval page", () => {
    fc.assert(
      fc.property(locale, fc.constantFrom(...INSTANCE_STATUSES), (lang, status) => {
        const word = STATUS_TEXT[lang].instance[status];
        expect(INSTANCE_TEXT[lang].instanceStatus[status]).toBe(word);
        expect(APPROVAL_TEXT[lang].instanceStatuses[status]).toBe(word);
        expect(lowered(INBOX_TEXT[lang].instanceStatus[status])).toBe(word);
      }),
    );
  });

  it("names an approval's status with one word on the inbox and the approval page", () => {
    fc.assert(
      fc.property(locale, fc.constantFrom(...APPROVAL_STATUSES), (lang, status) => {
        const word = STATUS_TEXT[lang].approval[status];
        expect(APPROVAL_TEXT[lang].approvalStatus[status]).toBe(word);
        expect(lowered(INBOX_TEXT[lang].approvalStatus[status])).toBe(word);
      }),
    );
  });

  it("names a step's status in Chinese with one word on the instance page and in the picture", () => {
    for (const status of NODE_STATUSES) {
      const word = STATUS_TEXT["zh-CN"].node[status];
      expect(INSTANCE_TEXT["zh-CN"].nodeStatus[status]).toBe(word);
      expect(pictureWords(PICTURE_TEXT["zh-CN"])(status)).toBe(word);
    }
  });

  it("keeps the English table cells' words as they were", () => {
    expect(INBOX_TEXT.en.instanceStatus).toEqual({
      running: "Running",
      completed: "Completed",
      rejected: "Rejected",
      failed: "Failed",
      timedOut: "Timed out",
      "no-route": "No route",
      cancelled: "Cancelled",
    });
    expect(INBOX_TEXT.en.approvalStatus.timedOut).toBe("Timed out");
  });

  it("gives no two statuses of one kind the same word", () => {
    for (const lang of PAGE_LOCALES) {
      for (const words of Object.values(STATUS_TEXT[lang])) {
        const said = Object.values<string>(words);
        expect(said.every((word) => word.trim() !== "")).toBe(true);
        expect(new Set(said).size).toBe(said.length);
      }
    }
  });
});

describe("capitalized", () => {
  it("capitalizes only the first letter of each word and keeps every status", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ minLength: 1 }), fc.string()), (words) => {
        const cells = capitalized(words, "en");
        expect(Object.keys(cells)).toEqual(Object.keys(words));
        for (const [status, word] of Object.entries(words)) {
          expect(cells[status]).toBe(word.charAt(0).toLocaleUpperCase("en") + word.slice(1));
        }
      }),
    );
  });

  it("leaves Chinese words as they are", () => {
    expect(capitalized(STATUS_TEXT["zh-CN"].instance, "zh-CN")).toEqual(
      STATUS_TEXT["zh-CN"].instance,
    );
  });
});
