// Parses an M114 position report (`X:0.00 Y:0.00 Z:0.00 E:0.00 Count …`, Smoothie `C: X:…`).

import type { Position } from './types.js'

const NUMBER = '(-?\\d+(?:\\.\\d+)?)'
const POSITION = new RegExp(`^(?:C:\\s*)?X:\\s*${NUMBER}\\s+Y:\\s*${NUMBER}\\s+Z:\\s*${NUMBER}\\s+E:\\s*${NUMBER}`)

/**
 * The commanded position from an M114 reply (the part before `Count`), or null.
 * A report without `E:` is not a position: a guessed E would corrupt a resume's `G92 E{e}`.
 */
export function parsePosition(text: string): Position | null {
  const match = POSITION.exec(text)
  if (!match) return null
  return { x: Number(match[1]), y: Number(match[2]), z: Number(match[3]), e: Number(match[4]) }
}
