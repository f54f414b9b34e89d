// IPv4 and IPv6 addresses and CIDR blocks for the IpAddress / NotIpAddress operators,
// as 128-bit numbers (IPv4 is mapped into ::ffff:0:0/96 so one comparison serves both).

export interface Cidr {
  contains(ip: bigint): boolean;
}

const V4_MAPPED = 0xffff00000000n;

function parseV4(text: string): bigint | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  let value = 0n;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return null;
    const n = Number(part);
    if (n > 255) return null;
    value = (value << 8n) | BigInt(n);
  }
  return value;
}

function parseV6(text: string): bigint | null {
  let head = text;
  let tailV4: bigint | null = null;
  const lastColon = text.lastIndexOf(':');
  if (text.includes('.', lastColon)) {
    tailV4 = parseV4(text.slice(lastColon + 1));
    if (tailV4 === null) return null;
    head = `${text.slice(0, lastColon + 1)}0:0`;
  }
  const halves = head.split('::');
  if (halves.length > 2) return null;
  const left = halves[0] ? halves[0].split(':') : [];
  const right = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const missing = 8 - left.length - right.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const groups = [...left, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...right];
  let value = 0n;
  for (const group of groups) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(group)) return null;
    value = (value << 16n) | BigInt(parseInt(group, 16));
  }
  if (tailV4 !== null) value = (value & ~0xffffffffn) | tailV4;
  return value;
}

const parsedIps = new Map<string, bigint | null>();

/** Parses an address into the shared 128-bit space; null when it is not an address. Memoized. */
export function parseIp(text: string): bigint | null {
  let ip = parsedIps.get(text);
  if (ip === undefined) {
    ip = parseIpUncached(text);
    if (parsedIps.size >= 4096) parsedIps.clear();
    parsedIps.set(text, ip);
  }
  return ip;
}

function parseIpUncached(text: string): bigint | null {
  const trimmed = text.trim();
  if (trimmed.includes(':')) return parseV6(trimmed);
  const v4 = parseV4(trimmed);
  return v4 === null ? null : V4_MAPPED | v4;
}

/** Parses `a.b.c.d/n`, `x::y/n` or a bare address (a /32 or /128). */
export function parseCidr(text: string): Cidr | null {
  const [addressText, prefixText, extra] = text.trim().split('/');
  if (addressText === undefined || extra !== undefined) return null;
  const isV6 = addressText.includes(':');
  const address = parseIp(addressText);
  if (address === null) return null;
  const width = isV6 ? 128 : 32;
  const prefix = prefixText === undefined ? width : /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : -1;
  if (prefix < 0 || prefix > width) return null;
  const hostBits = BigInt(width - prefix);
  const mask = ((1n << 128n) - 1n) ^ ((1n << hostBits) - 1n);
  const network = address & mask;
  return { contains: (ip) => (ip & mask) === network };
}
