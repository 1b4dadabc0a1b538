// The material a sliced G-code was made for, from the settings PrusaSlicer, SuperSlicer and Orca write at its end.
import { open } from 'node:fs/promises'

export const TAIL_BYTES = 256 * 1024

/** "PLA", "PETG" …: `; filament_type = …` (the first extruder's), or null when the file does not say. */
export function findMaterial(text: string): string | null {
  const m = /^;\s*filament_type\s*=\s*"?([^";\r\n]+)/m.exec(text)
  const first = m?.[1]?.split(/[;,]/)[0]?.trim()
  return first ? first.slice(0, 40) : null
}

export async function readMaterial(path: string): Promise<string | null> {
  const file = await open(path, 'r')
  try {
    const { size } = await file.stat()
    const start = Math.max(0, size - TAIL_BYTES)
    const buffer = Buffer.alloc(size - start)
    const { bytesRead } = await file.read(buffer, 0, buffer.length, start)
    return findMaterial(buffer.toString('latin1', 0, bytesRead))
  } finally {
    await file.close()
  }
}
