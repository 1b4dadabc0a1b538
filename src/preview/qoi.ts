// Decodes QOI images (the "Quite OK Image" format PrusaSlicer writes for MK4/XL thumbnails) to RGBA, per the public spec.

/** Returns width, height and RGBA bytes, or null when the data is not a well-formed QOI image. */
export function decodeQoi(data: Uint8Array): { width: number; height: number; rgba: Uint8Array } | null {
  if (data.length < 22 || String.fromCharCode(data[0]!, data[1]!, data[2]!, data[3]!) !== 'qoif') return null
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength)
  const width = view.getUint32(4)
  const height = view.getUint32(8)
  if (width === 0 || height === 0 || width * height > 4096 * 4096) return null
  const rgba = new Uint8Array(width * height * 4)
  const index = new Uint8Array(64 * 4)
  let [r, g, b, a] = [0, 0, 0, 255]
  let p = 14
  let run = 0
  const end = data.length - 8
  for (let px = 0; px < rgba.length; px += 4) {
    if (run > 0) run--
    else if (p < end) {
      const byte = data[p++]!
      if (byte === 0xfe) [r, g, b] = [data[p++]!, data[p++]!, data[p++]!]
      else if (byte === 0xff) [r, g, b, a] = [data[p++]!, data[p++]!, data[p++]!, data[p++]!]
      else if (byte >> 6 === 0) [r, g, b, a] = [index[byte * 4]!, index[byte * 4 + 1]!, index[byte * 4 + 2]!, index[byte * 4 + 3]!]
      else if (byte >> 6 === 1) {
        r = (r + ((byte >> 4) & 3) - 2) & 255
        g = (g + ((byte >> 2) & 3) - 2) & 255
        b = (b + (byte & 3) - 2) & 255
      } else if (byte >> 6 === 2) {
        const next = data[p++]!
        const dg = (byte & 63) - 32
        r = (r + dg - 8 + ((next >> 4) & 15)) & 255
        g = (g + dg) & 255
        b = (b + dg - 8 + (next & 15)) & 255
      } else run = byte & 63
      const slot = ((r * 3 + g * 5 + b * 7 + a * 11) % 64) * 4
      index[slot] = r
      index[slot + 1] = g
      index[slot + 2] = b
      index[slot + 3] = a
    } else return null
    rgba[px] = r
    rgba[px + 1] = g
    rgba[px + 2] = b
    rgba[px + 3] = a
  }
  return { width, height, rgba }
}
