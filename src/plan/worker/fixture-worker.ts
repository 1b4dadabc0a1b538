// Test fixture for run-worker: echoes, fails, hangs or exits depending on its input.

import { parentPort, workerData } from 'node:worker_threads'
import { sourceExtension } from './run-worker.js'

const input = workerData as { mode: 'echo' | 'fail' | 'hang' | 'exit'; value?: unknown }
if (input.mode === 'echo') parentPort!.postMessage({ ok: true, value: { got: input.value, ext: sourceExtension } })
if (input.mode === 'fail') parentPort!.postMessage({ ok: false, code: 'MODEL_FAILED', message: 'fixture failed', detail: { why: 'asked to' } })
if (input.mode === 'hang') setInterval(() => {}, 1000)
if (input.mode === 'exit') process.exit(3)
