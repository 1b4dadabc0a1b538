// The first line of a file that continues a print through the printer's own power-panic recovery, and reading it back.
import { open } from 'node:fs/promises'

const MARKER = "; printgate: continue with the printer's own recovery after line "

/** The file's first line: the print continues after the firmware's saved line `line` (see firmware-profiles/README.md). */
export function firmwareResumeMarker(line: number): string {
  return `${MARKER}${line}`
}

/** The saved line named by the file's first line, or null for any other file. */
export async function readFirmwareResumeLine(path: string): Promise<number | null> {
  const file = await open(path, 'r')
  try {
    const { buffer, bytesRead } = await file.read(Buffer.alloc(160), 0, 160, 0)
    const first = buffer.subarray(0, bytesRead).toString('latin1').split('\n')[0] ?? ''
    if (!first.startsWith(MARKER)) return null
    const line = Number(first.slice(MARKER.length).trim())
    return Number.isSafeInteger(line) && line >= 0 ? line : null
  } finally {
    await file.close()
  }
}
