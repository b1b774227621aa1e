/**
 * An approval link (email/IM): stored under the SHA-256 of its id, bound to one approver of
 * one approval, single-use and expiring. The id itself is never stored.
 */
export interface LinkRecord {
  tenant: string;
  linkHash: string;
  approvalId: string;
  user: string;
  expiresAt: string;
  usedAt?: string;
}
