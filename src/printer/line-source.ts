// The job's line source: streams the file, prepares lines and keeps a bounded prefetch queue ahead of the sender.

import { createArcFitter, type ArcFitOptions } from '../protocol/arc-fit.js'
import { prepareLine } from '../protocol/gcode-line.js'
import { layerMarker } from '../protocol/layer.js'
import { readFileLines } from './file-lines.js'

export interface JobLine {
  /** 1-based line number in the file. */
  fileLine: number
  /** The prepared command (comment and whitespace stripped). */
  command: string
  /** Byte offset just after this line in the file. */
  byteEnd: number
  /** Layer number reached when this line is confirmed, when a layer marker precedes it. */
  layer: number | null
  /** Z height reached when this line is confirmed (`;Z:` marker or an absolute G0/G1 Z move). */
  z: number | null
  /** How many of the file's commands this line stands for when arc fitting joined several (absent: one). */
  fileCommands?: number
}

export interface LineSource {
  /** The next line if one is buffered; null when the queue is empty for now or the file is done. */
  next(): JobLine | null
  /** True when the file ended and every line was handed out. */
  isExhausted(): boolean
  /** Calls `fn` once when lines are available again or the file ended. */
  onAvailable(fn: () => void): void
  /** A read error, if the file could not be read to the end. */
  error(): Error | null
  close(): void
}

/** Parses the Z word of an absolute G0/G1 move, without allocating for lines that have none. */
export function moveZ(command: string): number | null {
  if (command.charCodeAt(0) !== 71 /* G */) return null
  const kind = command.charCodeAt(1)
  if ((kind !== 48 && kind !== 49) || command.charCodeAt(2) !== 32) return null
  const at = command.indexOf('Z', 3)
  if (at === -1) return null
  const value = Number.parseFloat(command.slice(at + 1))
  return Number.isFinite(value) ? value : null
}

/** One arc in place of several file lines: it ends where the last of them ends. */
function joined(command: string, lines: JobLine[]): JobLine {
  const first = lines[0] as JobLine
  const last = lines[lines.length - 1] as JobLine
  if (lines.length === 1) return first
  let z: number | null = null
  for (const line of lines) z = line.z ?? z
  return { fileLine: last.fileLine, command, byteEnd: last.byteEnd, layer: first.layer, z, fileCommands: lines.length }
}

export interface LineSourceOptions {
  prefetchLines?: number
  /** Joins runs of G1 moves on one circle into G2/G3 (only for firmware with `Cap:ARCS`, when the user enabled it). */
  arcFit?: ArcFitOptions
}

export function createLineSource(path: string, options: LineSourceOptions = {}): LineSource {
  const highWater = options.prefetchLines ?? 4000
  const lowWater = Math.floor(highWater / 2)
  let queue: JobLine[] = []
  let head = 0
  let ended = false
  let readError: Error | null = null
  let paused = false
  let waiter: (() => void) | null = null
  let layer: number | null = null
  let pendingLayer: number | null = null
  let pendingZ: number | null = null
  let relative = false

  const wake = () => {
    const fn = waiter
    waiter = null
    fn?.()
  }

  const enqueue = (line: JobLine) => {
    queue.push(line)
    if (!paused && queue.length - head >= highWater) {
      paused = true
      reader.pause()
    }
    if (waiter) wake()
  }
  const fitter = options.arcFit ? createArcFitter<JobLine>(options.arcFit, (command, lines) => enqueue(joined(command, lines))) : null

  const reader = readFileLines(
    path,
    (line) => {
      const command = prepareLine(line.raw)
      if (command === null) {
        if (line.raw.indexOf(';') === -1) return
        const marker = layerMarker(line.raw)
        if (!marker) return
        // An arc never spans a layer or progress marker.
        fitter?.flush()
        if (marker.layer !== undefined) pendingLayer = layer = marker.layer
        else if (marker.layerChange) pendingLayer = layer = (layer ?? 0) + 1
        if (marker.z !== undefined) pendingZ = marker.z
        return
      }
      if (command === 'G91') relative = true
      else if (command === 'G90') relative = false
      const z = relative ? null : moveZ(command)
      const jobLine: JobLine = { fileLine: line.lineNumber, command, byteEnd: line.byteEnd, layer: pendingLayer, z: z ?? pendingZ }
      pendingLayer = null
      pendingZ = null
      if (fitter) fitter.push(command, jobLine)
      else enqueue(jobLine)
    },
    { skipComments: true },
  )
  reader.finished.then(
    () => {
      fitter?.flush()
      ended = true
      wake()
    },
    (error: Error) => {
      readError = error
      ended = true
      wake()
    },
  )

  return {
    next() {
      if (head >= queue.length) return null
      const line = queue[head++] as JobLine
      if (head > 4096 && head * 2 > queue.length) {
        queue = queue.slice(head)
        head = 0
      }
      if (paused && queue.length - head <= lowWater) {
        paused = false
        reader.resume()
      }
      return line
    },
    isExhausted: () => ended && head >= queue.length,
    onAvailable(fn) {
      if (head < queue.length || ended) fn()
      else waiter = fn
    },
    error: () => readError,
    close() {
      reader.close()
      ended = true
      waiter = null
    },
  }
}
