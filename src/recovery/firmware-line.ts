// Maps the line a printer saved at a power cut (its line number on the wire) back to a place in the file, from the journal.
import { prepareLine } from '../protocol/gcode-line.js'
import { readFileLines } from '../printer/file-lines.js'
import type { RecoveryRecord } from '../printer/recovery-journal.js'

export interface FilePlace {
  /** Byte offset just after the saved line: the print continues here. */
  byteOffset: number
  /** File line of the saved line. */
  fileLine: number
}

/**
 * Where line `saved` ended in the file. Lines the journal saw acknowledged are looked up; a later line is counted
 * on from the record through the file's commands (the journal writes a record whenever the numbering jumps, so
 * every number after the record is a file command). Null when the journal cannot tell (an older record, a line
 * from before the last ones kept, past the end of the file, or arc fitting packed several commands per line).
 */
export async function placeOfSavedLine(record: RecoveryRecord, saved: number): Promise<FilePlace | null> {
  const known = record.recentLines?.find(([n]) => n === saved)
  if (known) return { byteOffset: known[1], fileLine: known[2] }
  const from = record.wireLine
  if (from === null || from === undefined || saved <= from || record.packedLines) return null
  let toGo = saved - from
  let place: FilePlace | null = null
  const reader = readFileLines(record.path, (line) => {
    if (place) return
    if (line.byteEnd <= record.byteOffset) return
    if (prepareLine(line.raw) === null) return
    toGo--
    if (toGo === 0) place = { byteOffset: line.byteEnd, fileLine: line.lineNumber }
  })
  await reader.finished
  return place
}
