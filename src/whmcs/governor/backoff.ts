// The governor's backoff between retries.

export const BACKOFF_BASE_MS = 100
export const BACKOFF_CAP_MS = 2_000

/** Full jitter: a uniform delay in [0, min(cap, base × 2^(retry-1))] before retry number `retry` (1-based). */
export function backoffDelay (retry: number, random: () => number = Math.random): number {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, retry - 1))
  return Math.floor(random() * ceiling)
}
