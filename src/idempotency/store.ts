// Where idempotency keys and the answers they protect are kept. The plugin only talks to this
// interface, and every method is async, so a shared store (Redis...) can replace the in-memory
// one without touching the plugin.

/** One key of one caller: the same key sent by two API keys names two unrelated requests. */
export interface IdempotencyScope {
  /** The API key id of the caller, or 'anonymous'. */
  owner: string
  /** The Idempotency-Key header as sent. */
  key: string
}

/** The final answer to a request, replayed byte for byte to repeats of it. */
export interface IdempotencyRecord {
  /** SHA-256 of what the request asked for; a repeat must match it. */
  fingerprint: string
  status: number
  /** Lower-case names; only those a replay must carry (content-type, location). */
  headers: Record<string, string>
  /** The serialized payload as it was sent ('' for none). */
  body: string
}

export type ClaimResult =
  /** The key was free and is now held by the caller, who must complete or release it. */
  | { kind: 'claimed' }
  /** Another request holds the key and has not finished yet. */
  | { kind: 'in-flight', fingerprint: string }
  /** A request with this key has finished; its answer is stored. */
  | { kind: 'done', record: IdempotencyRecord }

export interface IdempotencyStore {
  /**
   * Atomically claims the key for a request with this fingerprint, unless it is already held or
   * done. A claim that is neither completed nor released lapses after `ttlMs`, so a crashed
   * request cannot lock a key for ever.
   */
  claim (scope: IdempotencyScope, fingerprint: string, ttlMs: number): Promise<ClaimResult>
  /** Stores the final answer under the key, for `ttlMs`, replacing the claim. */
  complete (scope: IdempotencyScope, record: IdempotencyRecord, ttlMs: number): Promise<void>
  /** Drops a claim (never a completed record) so the key may be used again. */
  release (scope: IdempotencyScope): Promise<void>
  /** Stops timers and connections; the store is not used afterwards. */
  close (): Promise<void>
}
