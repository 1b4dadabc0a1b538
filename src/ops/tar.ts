// A minimal ustar writer and reader for regular files, enough for printgate backups (no links, no sparse files).

export interface TarEntry {
  name: string
  data: Buffer
  mode?: number
  /** Seconds since the epoch. */
  mtime?: number
}

const BLOCK = 512

function writeString(header: Buffer, text: string, offset: number, length: number): void {
  const bytes = Buffer.from(text, 'utf8')
  if (bytes.length > length) throw new RangeError(`tar field too long: ${text}`)
  bytes.copy(header, offset)
}

function writeOctal(header: Buffer, value: number, offset: number, length: number): void {
  writeString(header, value.toString(8).padStart(length - 1, '0') + '\0', offset, length)
}

/** Splits a long path over ustar's `prefix` (155) and `name` (100) fields. */
function splitName(name: string): { prefix: string; base: string } {
  if (Buffer.byteLength(name) <= 100) return { prefix: '', base: name }
  for (let i = name.lastIndexOf('/'); i > 0; i = name.lastIndexOf('/', i - 1)) {
    const prefix = name.slice(0, i)
    const base = name.slice(i + 1)
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(base) <= 100) return { prefix, base }
  }
  throw new RangeError(`path too long for tar: ${name}`)
}

function header(entry: TarEntry): Buffer {
  const h = Buffer.alloc(BLOCK)
  const { prefix, base } = splitName(entry.name)
  writeString(h, base, 0, 100)
  writeOctal(h, entry.mode ?? 0o644, 100, 8)
  writeOctal(h, 0, 108, 8) // uid
  writeOctal(h, 0, 116, 8) // gid
  writeOctal(h, entry.data.length, 124, 12)
  writeOctal(h, Math.floor(entry.mtime ?? 0), 136, 12)
  h.fill(' ', 148, 156) // checksum is computed with this field as spaces
  h.write('0', 156) // regular file
  writeString(h, 'ustar\0', 257, 6)
  writeString(h, '00', 263, 2)
  writeString(h, prefix, 345, 155)
  let sum = 0
  for (const byte of h) sum += byte
  writeString(h, sum.toString(8).padStart(6, '0') + '\0 ', 148, 8)
  return h
}

/** The tar stream for `entries`, ending with the two zero blocks. */
export function writeTar(entries: TarEntry[]): Buffer {
  const parts: Buffer[] = []
  for (const entry of entries) {
    parts.push(header(entry), entry.data)
    const pad = (BLOCK - (entry.data.length % BLOCK)) % BLOCK
    if (pad) parts.push(Buffer.alloc(pad))
  }
  parts.push(Buffer.alloc(BLOCK * 2))
  return Buffer.concat(parts)
}

function readString(block: Buffer, offset: number, length: number): string {
  const end = block.indexOf(0, offset)
  return block.toString('utf8', offset, end === -1 || end > offset + length ? offset + length : end)
}

function readOctal(block: Buffer, offset: number, length: number): number {
  const text = readString(block, offset, length).trim()
  return text ? parseInt(text, 8) : 0
}

/** Regular files in a tar stream; throws RangeError on a bad checksum or a truncated stream. */
export function readTar(tar: Buffer): TarEntry[] {
  const entries: TarEntry[] = []
  let offset = 0
  while (offset + BLOCK <= tar.length) {
    const block = tar.subarray(offset, offset + BLOCK)
    if (block.every((b) => b === 0)) break
    const stored = readOctal(block, 148, 8)
    let sum = 0
    for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : block[i]!
    if (sum !== stored) throw new RangeError(`tar header checksum mismatch at byte ${offset}`)
    const size = readOctal(block, 124, 12)
    const type = String.fromCharCode(block[156]!)
    const prefix = readString(block, 345, 155)
    const base = readString(block, 0, 100)
    const start = offset + BLOCK
    if (start + size > tar.length) throw new RangeError('tar stream is truncated')
    if (type === '0' || type === '\0') {
      entries.push({
        name: prefix ? `${prefix}/${base}` : base,
        data: Buffer.from(tar.subarray(start, start + size)),
        mode: readOctal(block, 100, 8),
        mtime: readOctal(block, 136, 12),
      })
    }
    offset = start + Math.ceil(size / BLOCK) * BLOCK
  }
  return entries
}
