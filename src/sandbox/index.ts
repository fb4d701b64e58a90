// The WHMCS sandbox: a stateful, deterministic WHMCS look-alike speaking the
// real wire protocol (POST /includes/api.php, form-encoded, JSON or XML
// answers) over HTTP on loopback, with switchable real-world quirks.

export { startSandbox, API_PATH } from './protocol/server.js'
/** The WHMCS actions the sandbox plays, as WHMCS spells them. */
export { actionNames } from './handlers/index.js'
export type {
  ActiveQuirk,
  Json,
  JsonObject,
  Quirk,
  QuirkKind,
  QuirkSwitch,
  RecordedCall,
  Sandbox,
  SandboxOptions
} from './types.js'
