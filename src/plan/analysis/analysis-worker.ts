// Worker thread: streams one G-code file through the analyser (used for large files).

import { parentPort, workerData } from 'node:worker_threads'
import { analyseStream, type StreamJob } from './analyse-stream.js'
import type { WorkerReply } from '../worker/run-worker.js'
import type { GcodeAnalysis } from './types.js'
import { isGatewayError } from '../../core/errors.js'

const job = workerData as StreamJob
analyseStream(job, undefined, 1024 * 1024).then(
  (value) => parentPort!.postMessage({ ok: true, value } satisfies WorkerReply<GcodeAnalysis>),
  (e: unknown) =>
    parentPort!.postMessage({
      ok: false,
      code: isGatewayError(e) ? e.code : 'GCODE_ANALYSIS_FAILED',
      message: (e as Error).message,
    } satisfies WorkerReply<GcodeAnalysis>),
)
