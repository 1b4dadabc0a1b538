// Streams a G-code file line by line into the analyser; never holds the whole file in memory.

import { createReadStream } from 'node:fs'
import { createInterface } from 'node:readline'
import { GatewayError } from '../../core/errors.js'
import type { PrinterModel } from '../catalogue.js'
import { createGcodeAnalyser } from './gcode-analyser.js'
import type { GcodeAnalysis } from './types.js'

export interface StreamJob {
  path: string
  printer?: PrinterModel
  maxLineLength?: number
}

/**
 * @param chunkBytes read size: small on the gateway's own thread (each chunk's lines are analysed in one go, so
 *   64 KiB keeps a stall near 10–20 ms), large in a worker.
 */
export async function analyseStream(job: StreamJob, signal?: AbortSignal, chunkBytes = 64 * 1024): Promise<GcodeAnalysis> {
  const analyser = createGcodeAnalyser({ printer: job.printer, maxLineLength: job.maxLineLength })
  const input = createReadStream(job.path, { encoding: 'latin1', signal, highWaterMark: chunkBytes })
  const lines = createInterface({ input, crlfDelay: Infinity })
  try {
    for await (const line of lines) analyser.line(line)
  } catch (e) {
    if (signal?.aborted) throw new GatewayError('JOB_CANCELLED', 'G-code analysis was cancelled')
    const code = (e as NodeJS.ErrnoException).code
    if (code === 'ENOENT') throw new GatewayError('FILE_NOT_FOUND', `No such G-code file: ${job.path}`, { cause: e })
    throw new GatewayError('GCODE_ANALYSIS_FAILED', `Could not read ${job.path}: ${(e as Error).message}`, { cause: e })
  } finally {
    lines.close()
    input.destroy()
  }
  return analyser.finish()
}
