// IP address ranges, as API keys' source allow-lists and TRUST_PROXY give them: one parser, one
// matcher, so an address means the same thing to both.
import { BlockList, isIP } from 'node:net'

/** Ranges ("203.0.113.0/24", "2001:db8::/32", or one address) as a BlockList; throws a RangeError naming a bad entry. */
export function addressRanges (entries: readonly string[]): BlockList {
  const list = new BlockList()
  for (const entry of entries) {
    const [address, prefix, ...rest] = entry.split('/')
    const family = isIP(address)
    if (family === 0 || rest.length > 0) throw new RangeError(`"${entry}" is not an IP address or CIDR range`)
    const type = family === 4 ? 'ipv4' : 'ipv6'
    const max = family === 4 ? 32 : 128
    const bits = prefix === undefined ? max : /^\d{1,3}$/.test(prefix) ? Number(prefix) : NaN
    if (!Number.isInteger(bits) || bits > max) throw new RangeError(`"${entry}" has an invalid prefix length`)
    list.addSubnet(address, bits, type)
  }
  return list
}

/** Whether an address (IPv4-mapped IPv6 read as IPv4) is in the ranges. */
export function inRanges (list: BlockList, address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)
  const ip = mapped !== null ? mapped[1] : address
  const family = isIP(ip)
  return family !== 0 && list.check(ip, family === 4 ? 'ipv4' : 'ipv6')
}
