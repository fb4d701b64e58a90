// What the benchmark's comparison servers share: the WHMCS form they send and how they report
// their port to bench/run.mjs (over the fork IPC channel).
export const IDENTIFIER = 'bench-identifier'
export const SECRET = 'bench-secret'

export function upstreamForm (action, params) {
  return new URLSearchParams({ action, ...params, identifier: IDENTIFIER, secret: SECRET, responsetype: 'json' }).toString()
}

/** Starts a server with `start(port)` (resolving with the bound port) and tells the parent its URL. */
export async function listen (start) {
  // Exit (rather than die) on SIGTERM, so that --cpu-prof writes its profile.
  process.once('SIGTERM', () => process.exit(0))
  const port = await start(Number(process.env.PORT ?? 0))
  process.send?.({ url: `http://127.0.0.1:${port}` })
}
