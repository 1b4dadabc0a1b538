// Reads the picture a slicer embedded in a G-code: PrusaSlicer/Orca/Cura "; thumbnail begin" blocks (PNG, JPG or QOI).
import { open } from 'node:fs/promises'
import { encodePng, pngSize } from './png.js'
import { decodeQoi } from './qoi.js'

/** Slicers write their thumbnails in the first lines; this much of the file is read to find them. */
export const HEAD_BYTES = 4 * 1024 * 1024

export interface EmbeddedThumbnail {
  mime: 'image/png' | 'image/jpeg'
  data: Buffer
  width: number
  height: number
  /** The block's own label: "thumbnail" (PNG), "thumbnail_JPG", "thumbnail_QOI" (re-encoded as PNG), "png", "jpg". */
  label: string
}

// PrusaSlicer and Orca: "; thumbnail begin 220x124 4528" (also _JPG and _QOI); Cura's Create Thumbnail script the same;
// some Creality/Cura builds "; jpg begin 200*200 8096" or "; png begin …".
const BEGIN = /^;\s*(thumbnail(?:_(?:png|jpg|qoi))?|png|jpe?g)\s+begin\s+(\d+)\s*[x*]\s*(\d+)/i
const END = /^;\s*(thumbnail(?:_(?:png|jpg|qoi))?|png|jpe?g)\s+end\b/i

function toImage(label: string, bytes: Buffer, declared: { width: number; height: number }): EmbeddedThumbnail | null {
  if (bytes.length >= 8 && bytes[0] === 0x89 && bytes.toString('ascii', 1, 4) === 'PNG') {
    const size = pngSize(bytes)
    return size ? { mime: 'image/png', data: bytes, ...size, label } : null
  }
  if (bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xd8) return { mime: 'image/jpeg', data: bytes, ...declared, label }
  const qoi = decodeQoi(bytes)
  if (qoi) return { mime: 'image/png', data: encodePng(qoi.width, qoi.height, qoi.rgba), width: qoi.width, height: qoi.height, label }
  return null
}

/** Every well-formed embedded picture in `text` (the head of a G-code file), in file order. */
export function findThumbnails(text: string): EmbeddedThumbnail[] {
  const found: EmbeddedThumbnail[] = []
  let block: { label: string; width: number; height: number; base64: string[] } | null = null
  for (const raw of text.split('\n')) {
    const line = raw.trim()
    if (!line.startsWith(';')) {
      // A thumbnail block is comments only; code in between means it was cut.
      if (line !== '') block = null
      continue
    }
    const begin = BEGIN.exec(line)
    if (begin) {
      block = { label: begin[1]!.toLowerCase(), width: Number(begin[2]), height: Number(begin[3]), base64: [] }
      continue
    }
    if (!block) continue
    if (END.test(line)) {
      const image = toImage(block.label, Buffer.from(block.base64.join(''), 'base64'), block)
      if (image) found.push(image)
      block = null
      continue
    }
    block.base64.push(line.slice(1).trim())
  }
  return found
}

/** The largest picture a browser can show (PNG or JPEG; QOI is converted), or null when there is none. */
export async function readEmbeddedThumbnail(path: string): Promise<EmbeddedThumbnail | null> {
  const file = await open(path, 'r')
  try {
    const buffer = Buffer.alloc(HEAD_BYTES)
    const { bytesRead } = await file.read(buffer, 0, HEAD_BYTES, 0)
    const images = findThumbnails(buffer.toString('latin1', 0, bytesRead))
    return images.sort((a, b) => b.width * b.height - a.width * a.height)[0] ?? null
  } finally {
    await file.close()
  }
}
