import { parentPort, workerData } from 'node:worker_threads'
import { sourceExtension } from './run-worker.js'
parentPort!.postMessage({ ok: true, value: { got: workerData, ext: sourceExtension } })
