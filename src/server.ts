// The process entry point: reads the environment (the only module that does), owns the logger,
// the embedded sandbox when no WHMCS is configured, listening and graceful shutdown.
import Fastify, { type FastifyInstance } from 'fastify'
import closeWithGrace from 'close-with-grace'
import app, { fastifyOptions } from './app.js'
import { inRanges } from './auth/addresses.js'
import { ConfigError, loadConfig, type TrustProxy, type WhmcsConfig } from './config.js'
import { generateKey, KeyRing, KeysError, loadKeyRing, rawKeys } from './auth/keys.js'
import { loggerOptions } from './observability/logger.js'
import type { Sandbox } from './sandbox/index.js'
import { serviceVersion } from './version.js'

/** How long in-flight requests get to finish on shutdown. */
const SHUTDOWN_GRACE_MS = 10_000

export interface Started {
  fastify: FastifyInstance
  sandbox?: Sandbox
  url: string
  /** The key generated for the embedded sandbox when no key is configured. */
  demoKey?: string
}

export interface StartOptions {
  /** Where log lines go instead of stdout (tests capture them). */
  logStream?: NodeJS.WritableStream
  /** Loads the embedded sandbox (tests stand in an image built without it). */
  loadSandbox?: () => Promise<typeof import('./sandbox/index.js')>
}

/** The sandbox is loaded only when no WHMCS is configured, so an image may leave it out. */
const loadSandbox = async (): Promise<typeof import('./sandbox/index.js')> => await import('./sandbox/index.js')

/** Whether an import failed because the module itself is not there (not one of its imports failing). */
function moduleMissing (err: unknown): boolean {
  return err instanceof Error && (err as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND' && /sandbox[/\\]index\.js/.test(err.message)
}

/**
 * Fastify's trustProxy for TRUST_PROXY: whether the hop-th proxy (0: the TCP peer) at an address
 * is believed about who sent it the request.
 */
function fastifyTrust (trust: TrustProxy): false | ((address: string, hop: number) => boolean) {
  if (trust === false) return false
  if (typeof trust === 'number') return (_address, hop) => hop < trust
  return (address) => inRanges(trust, address)
}

export async function start (env: Record<string, string | undefined>, options: StartOptions = {}): Promise<Started> {
  const config = loadConfig(env)
  let keys = loadKeyRing(config.settings.auth)
  let demoKey: string | undefined
  if (keys !== null && keys.size === 0) {
    if (config.whmcs !== null) {
      throw new ConfigError('API_KEYS', 'or API_KEYS_FILE is required when WHMCS_URL is set (AUTH_DISABLED=true runs without authentication, for trusted networks only)')
    }
    // The embedded sandbox is a demo: it gets a fresh full-access key, printed below.
    demoKey = generateKey()
    keys = new KeyRing(rawKeys([demoKey]))
  }
  const logger = loggerOptions(config.logLevel)
  const fastify = Fastify({
    ...fastifyOptions,
    logger: options.logStream === undefined ? logger : { ...logger, stream: options.logStream },
    requestTimeout: config.whmcsDefaults.timeoutMs + 10_000,
    trustProxy: fastifyTrust(config.trustProxy),
    keepAliveTimeout: 72_000
  })

  let sandbox: Sandbox | undefined
  let whmcs: WhmcsConfig
  if (config.whmcs === null) {
    let sandboxModule: typeof import('./sandbox/index.js')
    try {
      sandboxModule = await (options.loadSandbox ?? loadSandbox)()
    } catch (err) {
      if (moduleMissing(err)) throw new ConfigError('WHMCS_URL', 'is required: this build has no embedded WHMCS sandbox (set WHMCS_URL, WHMCS_IDENTIFIER and WHMCS_SECRET)')
      throw err
    }
    sandbox = await sandboxModule.startSandbox()
    whmcs = { ...config.whmcsDefaults, url: sandbox.url, identifier: sandbox.identifier, secret: sandbox.secret }
    fastify.log.info({ sandbox: sandbox.apiUrl }, 'No WHMCS_URL set: using the embedded WHMCS sandbox (demo data, nothing is real)')
  } else {
    whmcs = config.whmcs
  }
  if (keys === null) fastify.log.warn('AUTH_DISABLED=true: no API key is asked for; anyone who can reach this service can use every operation')
  if (demoKey !== undefined) fastify.log.info(`Demo API key for the sandbox (Swagger UI: Authorize): ${demoKey}`)
  const ownedSandbox = sandbox
  if (ownedSandbox !== undefined) fastify.addHook('onClose', async () => { await ownedSandbox.close() })

  try {
    await fastify.register(app, { whmcs, settings: config.settings, keys, publicUrl: config.publicUrl, version: serviceVersion() })
    await fastify.listen({ host: config.host, port: config.port })
  } catch (err) {
    // A port in use or a plugin failing to load must not leave the sandbox or the pool open.
    await fastify.close().catch(() => {})
    await sandbox?.close().catch(() => {})
    throw err
  }
  const address = fastify.server.address()
  const port = typeof address === 'object' && address !== null ? address.port : config.port
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`
  fastify.log.info(`Swagger UI: ${url}/docs  OpenAPI: ${url}/openapi.json`)
  return { fastify, sandbox, url, demoKey }
}

async function main (): Promise<void> {
  let started: Started
  try {
    started = await start(process.env)
  } catch (err) {
    if (err instanceof ConfigError || err instanceof KeysError) {
      process.stderr.write(`${err.message}\n`)
      process.exit(1)
    }
    throw err
  }
  const { fastify } = started
  // On SIGINT/SIGTERM (or a crash): stop accepting, let in-flight requests finish within the
  // deadline (Fastify answers 503 to new ones meanwhile), then close the pool and the sandbox.
  closeWithGrace({ delay: SHUTDOWN_GRACE_MS, logger: { error: (m: string) => fastify.log.error(m) } }, async ({ signal, err }) => {
    if (err !== undefined) fastify.log.error({ err }, 'shutting down after an error')
    else fastify.log.info({ signal }, 'shutting down')
    await fastify.close()
  })
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((err: unknown) => {
    process.stderr.write(`Failed to start: ${err instanceof Error ? err.message : String(err)}\n`)
    process.exit(1)
  })
}
