// Reading helpers several families share: box-like sizes, diameters, screw sizes and hole counts.

import type { Reader } from './reader.js'
import type { ReadValue } from './types.js'

export const WIDTH = /\b(?:wide|width|across)\b/
export const DEPTH = /\b(?:deep|depth)\b/
export const HEIGHT = /\b(?:tall|high|height)\b/
export const LENGTH = /\b(?:long|length)\b/
export const WALL = /\b(?:thick )?walls?(?: thickness)?\b|\bwall thickness\b|\bshell\b/
export const THICK = /\b(?:thick|thickness)\b/
export const DIAMETER = /\b(?:diameter|dia|across|wide|round)\b/

/** width × depth × height from cues, then an "A x B x C" group, then the remaining lengths in order. */
export function readBox(r: Reader, keys: [string, string, string] = ['width', 'depth', 'height']): Record<string, ReadValue | undefined> {
  const out: Record<string, ReadValue | undefined> = {}
  const dims = r.dims()
  if (dims.length >= 2) {
    out[keys[0]] = dims[0]
    out[keys[1]] = dims[1]
    if (dims[2]) out[keys[2]] = dims[2]
  }
  out[keys[0]] ??= r.length(WIDTH) ?? r.length(LENGTH)
  out[keys[1]] ??= r.length(DEPTH)
  out[keys[2]] ??= r.length(HEIGHT)
  for (const v of r.rest()) {
    const free = keys.find((k) => out[k] === undefined)
    if (!free) break
    out[free] = v
  }
  return out
}

/** "two screw holes", "with 4 holes". */
export function holeCount(r: Reader): ReadValue | undefined {
  return r.count(/\b(?:screw |mounting |fixing )?holes?\b|\bscrews\b/)
}
