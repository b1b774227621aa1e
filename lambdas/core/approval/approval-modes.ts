import type { ApprovalMode } from "../model/template.ts";
import type { ApprovalModePolicy } from "./approval-mode-policy.ts";
import { allMode } from "./modes/all-mode.ts";
import { anyMode } from "./modes/any-mode.ts";
import { sequenceMode } from "./modes/sequence-mode.ts";
import { voteMode } from "./modes/vote-mode.ts";

/** The policy of each approval mode. */
export const APPROVAL_MODES: Readonly<Record<ApprovalMode, ApprovalModePolicy>> = {
  any: anyMode,
  all: allMode,
  sequence: sequenceMode,
  vote: voteMode,
};
