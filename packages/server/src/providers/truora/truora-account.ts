import { createHash } from 'node:crypto';

/** The account ids Truora accepts (its docs: "Only Account IDs following the regex pattern [a-zA-Z0-9_.-]+"). */
export const TRUORA_ACCOUNT_ID_PATTERN = /^[a-zA-Z0-9_.-]+$/;

/** The prefix of a mapped account id; a referenceId that starts with it is mapped too, so no two referenceIds share an account. */
const MAPPED_PREFIX = 'rvh.';

/**
 * The Truora `account_id` of a referenceId. A referenceId Truora accepts is
 * used as it is (so existing Truora accounts keep their id); any other
 * (`user@x.com`, `cust:42`), and any that starts with `rvh.`, becomes
 * `rvh.` + the SHA-256 of the referenceId in hex: deterministic, so the
 * same person always reaches the same Truora account, and one-to-one.
 */
export function truoraAccountId(referenceId: string): string {
  if (TRUORA_ACCOUNT_ID_PATTERN.test(referenceId) && !referenceId.startsWith(MAPPED_PREFIX)) {
    return referenceId;
  }
  return `${MAPPED_PREFIX}${createHash('sha256').update(referenceId, 'utf8').digest('hex')}`;
}
