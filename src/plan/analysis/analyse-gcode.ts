// Analyses a G-code file: small files on the calling thread (streamed), large ones in a worker thread.

import { stat } from 'node:fs/promises'
import { GatewayError } from '../../core/errors.js'
import type { PrinterModel } from '../catalogue.js'
import { runWorker, sourceExtension } from '../worker/run-worker.js'
import { analyseStream, type StreamJob } from './analyse-stream.js'
import type { GcodeAnalysis } from './types.js'

/** Files at least this large are analysed in a worker thread. */
export const WORKER_THRESHOLD_BYTES = 4 * 1024 * 1024

export interface AnalyseOptions {
  printer?: PrinterModel
  maxLineLength?: number
  signal?: AbortSignal
  forceWorker?: boolean
}

const workerUrl = new URL(`./analysis-worker${sourceExtension}`, import.meta.url)

/**
 * Reads the slicer's metadata comments where present, else computes layers, extents, filament and time from the moves,
 * and checks build volume, framed line length and temperatures.
 * @throws GatewayError FILE_NOT_FOUND | GCODE_ANALYSIS_FAILED | JOB_CANCELLED
 */
export async function analyseGcode(path: string, o: AnalyseOptions = {}): Promise<GcodeAnalysis> {
  const size = await stat(path).then(
    (s) => s.size,
    (e: unknown) => {
      throw new GatewayError('FILE_NOT_FOUND', `No such G-code file: ${path}`, { cause: e })
    },
  )
  const job: StreamJob = { path, printer: o.printer, maxLineLength: o.maxLineLength }
  if (size < WORKER_THRESHOLD_BYTES && !o.forceWorker) return analyseStream(job, o.signal)
  return runWorker<GcodeAnalysis>(workerUrl, job, { signal: o.signal, abortCode: 'JOB_CANCELLED', failCode: 'GCODE_ANALYSIS_FAILED' })
}
