// The committed OpenAPI document: generated from an app that is built but never listens, with
// placeholder WHMCS settings (no call is made) and no servers entry, so the output is stable.
import Fastify from 'fastify'
import app, { fastifyOptions } from './app.js'
import { loadConfig } from './config.js'
import { serviceVersion } from './version.js'

export async function buildDocument (): Promise<string> {
  const config = loadConfig({})
  const fastify = Fastify({ ...fastifyOptions, logger: false })
  await fastify.register(app, {
    whmcs: { ...config.whmcsDefaults, url: 'http://127.0.0.1:9/', identifier: 'unused', secret: 'unused' },
    settings: config.settings,
    keys: null,
    version: serviceVersion()
  })
  await fastify.ready()
  const doc = `${JSON.stringify(fastify.swagger(), null, 2)}\n`
  await fastify.close()
  return doc
}
