// Small helpers the facade's tests share (the sandbox's own tests have src/sandbox/test/fixtures/).
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { InjectOptions, LightMyRequestResponse } from 'fastify'
import type { Test } from 'tap'
import { WhmcsError } from '../../src/whmcs/errors.js'

let emails = 0

/** A POST /clients body that WHMCS accepts, with an email address no other call has used. */
export function newClientBody (name = 'fixture', password = 'correct-horse-battery-staple'): Record<string, unknown> {
  return {
    firstName: 'Ida',
    lastName: 'Fixture',
    email: `${name}.${process.pid}.${++emails}@example.com`,
    address1: '1 Rue de la Paix',
    city: 'Paris',
    state: 'Île-de-France',
    postcode: '75002',
    countryCode: 'FR',
    phoneNumber: '+33.140000000',
    password
  }
}

/** Awaits a rejection and returns the error, failing the test if the promise resolves. */
let idempotencyKeys = 0
/** A write with a fresh Idempotency-Key (money and order routes require one); no body when `payload` is undefined. */
export function keyedRequest (url: string, payload?: unknown, method: 'POST' | 'PATCH' = 'POST'): InjectOptions {
  return {
    method,
    url,
    headers: { 'idempotency-key': `test-${process.pid}-${++idempotencyKeys}` },
    ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> })
  }
}

export async function failure (t: Test, promise: Promise<unknown>): Promise<WhmcsError> {
  try {
    await promise
  } catch (err) {
    t.type(err, WhmcsError, 'rejects with a WhmcsError')
    return err as WhmcsError
  }
  throw new Error('expected the call to reject, but it resolved')
}

/** A port on 127.0.0.1 that nothing listens on. */
export async function closedPort (): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

/** Asserts that a replayed answer is the first one, byte for byte, and marked as a replay. */
export function sameAnswer (t: Test, replay: LightMyRequestResponse, first: LightMyRequestResponse): void {
  t.equal(replay.statusCode, first.statusCode, 'same status')
  t.equal(replay.body, first.body, 'same body bytes')
  t.equal(replay.headers.location, first.headers.location, 'same location')
  t.equal(replay.headers['content-type'], first.headers['content-type'], 'same content type')
  t.equal(replay.headers['idempotent-replayed'], 'true', 'marked as a replay')
}

/** A stand-in for WHMCS on 127.0.0.1 that answers every call with `body` as JSON; returns its URL. */
export async function fixedWhmcs (t: Test, body: unknown): Promise<string> {
  const server = createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(JSON.stringify(body))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.teardown(() => new Promise<void>((resolve) => {
    server.close(() => resolve())
    server.closeAllConnections()
  }))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

/** A clock that moves only when told to: time-driven behaviour (cooldowns, TTLs) without waiting. */
export class ManualClock {
  constructor (public ms = Date.now()) {}
  readonly now = (): number => this.ms
  advance (ms: number): void { this.ms += ms }
}

/**
 * Resolves once `ready()` holds, looking every few milliseconds: waits for an event of another
 * process or socket (a request arriving, a server going away) without guessing how long it takes.
 * Fails after `tries` looks, so a test cannot hang on it.
 */
export async function until (ready: () => boolean, what = 'the condition', tries = 2_000): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (ready()) return
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
  throw new Error(`gave up waiting for ${what}`)
}
