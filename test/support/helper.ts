// Builds the app against a fresh WHMCS sandbox on 127.0.0.1 and tears both down after the test.
import Fastify, { type FastifyInstance } from 'fastify'
import app, { fastifyOptions } from '../../src/app.js'
import type { KeyRing } from '../../src/auth/keys.js'
import type { StateStore } from '../../src/state/store.js'
import { loadConfig, type AppSettings, type GovernorConfig, type WhmcsConfig } from '../../src/config.js'
import { loggerOptions } from '../../src/observability/logger.js'
import { startSandbox, type Sandbox, type SandboxOptions } from '../../src/sandbox/index.js'
import { validateResponses } from './response-validator.js'

export interface Built {
  app: FastifyInstance
  sandbox: Sandbox
}

interface Teardown {
  teardown: (fn: () => unknown) => void
}

export interface BuildOptions {
  sandbox?: SandboxOptions
  whmcs?: Partial<WhmcsConfig>
  /** Over the configuration defaults; `governor` is merged field by field. */
  settings?: Partial<Omit<AppSettings, 'governor'>> & { governor?: Partial<GovernorConfig> }
  /** The accepted API keys; null (the default) disables authentication. */
  keys?: KeyRing | null
  publicUrl?: string
  /** When given, the app logs to it at trace level with the service's logger options (redaction included). */
  logStream?: NodeJS.WritableStream
  /** A state store of the test's own (one on a ManualClock, say) instead of one from the settings. */
  stateStore?: StateStore
  /** The breaker's, retry budget's and readiness window's clock (see ManualClock); default the real one. */
  clock?: () => number
}

export async function build (t: Teardown, opts: BuildOptions = {}): Promise<Built> {
  const sandbox = await startSandbox(opts.sandbox)
  const logger = opts.logStream === undefined ? false : { ...loggerOptions('trace'), stream: opts.logStream }
  const fastify = Fastify({ ...fastifyOptions, logger })
  const defaults = loadConfig({}).settings
  validateResponses(fastify)
  await fastify.register(app, {
    whmcs: {
      url: sandbox.url,
      identifier: sandbox.identifier,
      secret: sandbox.secret,
      responseType: 'json',
      timeoutMs: 2_000,
      maxConnections: 4,
      ...opts.whmcs
    },
    settings: { ...defaults, ...opts.settings, governor: { ...defaults.governor, ...opts.settings?.governor } },
    keys: opts.keys ?? null,
    publicUrl: opts.publicUrl,
    clock: opts.clock,
    stateStore: opts.stateStore,
    version: 'test'
  })
  await fastify.ready()
  t.teardown(async () => {
    await fastify.close()
    await sandbox.close()
  })
  return { app: fastify, sandbox }
}
