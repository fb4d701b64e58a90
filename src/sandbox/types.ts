// Public and internal types of the WHMCS sandbox.
//
// The sandbox is a stateful, in-process WHMCS look-alike that speaks the real
// wire protocol over HTTP. It shares no code with the facade's WHMCS client
// (src/whmcs/**) on purpose: a bug shared by both would pass every test.

/** A JSON value as the sandbox builds its answers (PHP arrays → arrays/objects). */
export type Json = null | boolean | number | string | Json[] | JsonObject
export interface JsonObject { [key: string]: Json }

export interface SandboxOptions {
  /** Interface to listen on. Default '127.0.0.1'. */
  host?: string
  /** Port to listen on. Default 0 (a random free port). */
  port?: number
  /** API credential identifier. Default 'sandbox-identifier'. */
  identifier?: string
  /** API credential secret. Default 'sandbox-secret'. */
  secret?: string
  /** When set, a request carrying accesskey=<it> skips the IP allow-list. */
  accessKey?: string
  /**
   * Client addresses allowed to call the API.
   * Default ['127.0.0.1', '::1', '::ffff:127.0.0.1'].
   * An empty array lets nobody in except requests carrying the access key.
   */
  allowedIps?: string[]
  /** Load the demo data. Default true. */
  seed?: boolean
  /**
   * Clock used for the dates of records created through the API
   * (AddClient's datecreated...). Default: the real clock. Seeded records
   * always carry fixed dates.
   */
  now?: () => Date
  /**
   * Whether the Project Management add-on is active. Default true; false makes CreateProject
   * answer "Project Management is not active.".
   */
  projectManagement?: boolean
}

/** One API request as the sandbox received it. */
export interface RecordedCall {
  /** The raw `action` field ('' when absent). */
  action: string
  /** The decoded form fields, flat, bracket keys unparsed ('email_preferences[general]'). A repeated key keeps its last value. */
  fields: Record<string, string>
  /** The raw `responsetype` field ('' when absent: the sandbox then answers XML). */
  responsetype: string
  /** The form body exactly as received ('' for a body that is not form-encoded). */
  body: string
}

interface QuirkBase {
  /** Apply to the next N calls of the action only. Default: until cleared. */
  times?: number
}

/**
 * Ways real WHMCS installs misbehave. A quirk is attached to an action name
 * (case-insensitive) or to '*' (every action, including unknown ones).
 *
 * Shape quirks rewrite the answer generically (they walk the response and
 * act on every list), so they work for every action:
 * - 'single-object'   a list with exactly one element becomes that element
 * - 'numeric-keys'    a non-empty list becomes {"0": ..., "1": ...}
 * - 'empty-string'    an empty list becomes "" (a `{plural: {singular: []}}` wrapper becomes "" as a whole)
 * - 'empty-object'    an empty list becomes {} (`{plural: {singular: {}}}`)
 * - 'missing-list'    an empty list's key is left out (for a wrapper, the wrapper's key)
 * - 'numeric-strings' every number becomes a string
 * - 'html-escaped'    every string is HTML-escaped like PHP htmlspecialchars(ENT_QUOTES)
 * Answer quirks replace or damage the answer:
 * - 'warning'         {"warning": message}, HTTP 200, no result      (action not run)
 * - 'status-error'    {"status": "error", "message": message}       (action not run)
 * - 'error'           {"result": "error", "message": message}       (action not run)
 * - 'html'            an HTML page (WAF / maintenance)               (action not run)
 * - 'empty-body'      HTTP 200 with an empty body                    (action not run)
 * - 'http-error'      e.g. 500 with a PHP fatal error text           (action not run)
 * - 'reset'           the connection is reset without an answer      (action not run)
 * - 'truncated'       the answer is cut in the middle                (action run)
 * - 'php-notice'      a PHP warning is printed before the answer     (action run)
 * - 'slow'            the answer is sent after delayMs               (action run at once)
 */
export type Quirk = QuirkBase & (
  | { kind: 'single-object' }
  | { kind: 'numeric-keys' }
  | { kind: 'empty-string' }
  | { kind: 'empty-object' }
  | { kind: 'missing-list' }
  | { kind: 'numeric-strings' }
  | { kind: 'html-escaped' }
  | { kind: 'warning', message: string }
  | { kind: 'status-error', message: string }
  | { kind: 'error', message: string, httpStatus?: number }
  | { kind: 'html', httpStatus?: number, body?: string }
  | { kind: 'empty-body' }
  | { kind: 'truncated' }
  | { kind: 'php-notice', message?: string }
  | { kind: 'http-error', httpStatus: number, body?: string }
  | { kind: 'reset' }
  | { kind: 'slow', delayMs: number }
)

export type QuirkKind = Quirk['kind']

export interface ActiveQuirk {
  /** The action name as given to set()/add(), or '*'. */
  action: string
  quirk: Quirk
  /** Calls left before the quirk expires (Infinity: until cleared). */
  remaining: number
}

export interface QuirkSwitch {
  /** Replace the quirks of `action` ('*' = every action) with this one. */
  set (action: string, quirk: Quirk): void
  /** Add a quirk to those of `action`, so several can combine (e.g. 'slow' + 'single-object'). */
  add (action: string, quirk: Quirk): void
  /** Remove the quirks of one action ('*' included), or all quirks. */
  clear (action?: string): void
  /** The quirks currently armed. */
  active (): ActiveQuirk[]
}

export interface Sandbox {
  /** Base URL, e.g. 'http://127.0.0.1:41234' (no trailing slash). */
  url: string
  /** url + '/includes/api.php' */
  apiUrl: string
  identifier: string
  secret: string
  accessKey?: string
  quirks: QuirkSwitch
  /** Every API request received, in order. Cleared in place by reset(). */
  calls: RecordedCall[]
  /** Restore the seeded state, clear the quirks and the recorded calls. */
  reset (): void
  /** Stop listening, drop open connections and pending delayed answers. */
  close (): Promise<void>
}
