import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The service version from package.json (found from src/ and from dist/src/ alike). */
export function serviceVersion (): string {
  let dir = dirname(fileURLToPath(import.meta.url))
  for (let i = 0; i < 4; i++) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string, version?: string }
      if (pkg.name === 'whmcs-rest' && typeof pkg.version === 'string') return pkg.version
    } catch { /* keep looking */ }
    dir = dirname(dir)
  }
  return '0.0.0'
}
