/**
 * The clock difference stint tolerates on `exp`, `nbf` and `iat` (DESIGN §2: ≤ 60 s), for the
 * CI's ID tokens at the broker and for stint's own tokens wherever they are verified. The
 * store keeps revocations this long past `exp` for the same reason.
 */
export const CLOCK_SKEW_SEC = 60;
