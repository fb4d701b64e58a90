// The process entry point: reads the environment (the only module that does), owns the logger,
// the embedded sandbox when no WHMCS is configured, listening and graceful shutdown.
import Fastify, { type FastifyInstance } from 'fastify'
import app, { fastifyOptions } from './app.js'
import { ConfigError, loadConfig, type WhmcsConfig } from './config.js'
import { loggerOptions } from './logger.js'
import { startSandbox, type Sandbox } from './sandbox/index.js'
import { serviceVersion } from './version.js'

export interface Started {
  fastify: FastifyInstance
  sandbox?: Sandbox
  url: string
}

export interface StartOptions {
  /** Where log lines go instead of stdout (tests capture them). */
  logStream?: NodeJS.WritableStream
}

export async function start (env: Record<string, string | undefined>, options: StartOptions = {}): Promise<Started> {
  const config = loadConfig(env)
  const logger = loggerOptions(config.logLevel)
  const fastify = Fastify({
    ...fastifyOptions,
    logger: options.logStream === undefined ? logger : { ...logger, stream: options.logStream },
    requestTimeout: config.whmcsDefaults.timeoutMs + 10_000,
    keepAliveTimeout: 72_000
  })

  let sandbox: Sandbox | undefined
  let whmcs: WhmcsConfig
  if (config.whmcs === null) {
    sandbox = await startSandbox()
    whmcs = { ...config.whmcsDefaults, url: sandbox.url, identifier: sandbox.identifier, secret: sandbox.secret }
    fastify.log.info({ sandbox: sandbox.apiUrl }, 'No WHMCS_URL set: using the embedded WHMCS sandbox (demo data, nothing is real)')
  } else {
    whmcs = config.whmcs
  }
  const ownedSandbox = sandbox
  if (ownedSandbox !== undefined) fastify.addHook('onClose', async () => { await ownedSandbox.close() })

  try {
    await fastify.register(app, { whmcs, publicUrl: config.publicUrl, version: serviceVersion() })
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
  return { fastify, sandbox, url }
}

async function main (): Promise<void> {
  let started: Started
  try {
    started = await start(process.env)
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`)
      process.exit(1)
    }
    throw err
  }
  let closing = false
  const shutdown = (signal: string): void => {
    if (closing) return
    closing = true
    started.fastify.log.info({ signal }, 'shutting down')
    const force = setTimeout(() => process.exit(1), 10_000)
    force.unref()
    started.fastify.close().then(() => process.exit(0), () => process.exit(1))
  }
  process.once('SIGINT', () => shutdown('SIGINT'))
  process.once('SIGTERM', () => shutdown('SIGTERM'))
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((err: unknown) => {
    process.stderr.write(`Failed to start: ${err instanceof Error ? err.message : String(err)}\n`)
    process.exit(1)
  })
}
