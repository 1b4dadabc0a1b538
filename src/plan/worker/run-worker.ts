// Runs a TypeScript-or-JavaScript worker module off the event loop, under tsx, vitest or compiled JS alike.

import { Worker } from 'node:worker_threads'
import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'
import { dirname, join } from 'node:path'
import { GatewayError, type ErrorCode } from '../../core/errors.js'

/** The extension of this module's own source (.ts under tsx/vitest, .js when compiled). */
// The pathname, not the URL: tsx's tsImport() (bin/printgate.js) adds a query to module URLs.
export const sourceExtension = new URL(import.meta.url).pathname.endsWith('.ts') ? '.ts' : '.js'

/**
 * Node 20 does not pass module hooks (tsx) on to workers, so a .ts worker is started from a tiny
 * bootstrap that registers tsx inside the worker first, then imports the real module.
 */
function createWorker(workerUrl: URL, workerData: unknown): Worker {
  if (!workerUrl.pathname.endsWith('.ts')) return new Worker(workerUrl, { workerData })
  const tsxRoot = dirname(createRequire(import.meta.url).resolve('tsx/package.json'))
  const tsxApi = pathToFileURL(join(tsxRoot, 'dist/esm/api/index.mjs')).href
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then((api) => { api.register(); return import(${JSON.stringify(workerUrl.href)}) })`
  return new Worker(bootstrap, { eval: true, workerData })
}

export type WorkerReply<T> = { ok: true; value: T } | { ok: false; code: ErrorCode; message: string; detail?: unknown }

/**
 * Starts `workerUrl` with `input` as workerData and resolves with the single message it posts.
 * The worker is terminated on abort; an abort rejects with `abortCode`.
 */
export function runWorker<T>(workerUrl: URL, input: unknown, o: { signal?: AbortSignal; abortCode: ErrorCode; failCode: ErrorCode }): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (o.signal?.aborted) return reject(new GatewayError(o.abortCode, 'Cancelled before start'))
    const worker = createWorker(workerUrl, input)
    let settled = false
    const finish = (fn: () => void) => {
      if (settled) return
      settled = true
      o.signal?.removeEventListener('abort', onAbort)
      fn()
    }
    const onAbort = () => {
      finish(() => reject(new GatewayError(o.abortCode, 'Cancelled')))
      void worker.terminate()
    }
    o.signal?.addEventListener('abort', onAbort, { once: true })
    worker.once('message', (reply: WorkerReply<T>) => {
      finish(() => (reply.ok ? resolve(reply.value) : reject(new GatewayError(reply.code, reply.message, { detail: reply.detail }))))
      void worker.terminate()
    })
    worker.once('error', (err) => finish(() => reject(new GatewayError(o.failCode, err.message, { cause: err }))))
    worker.once('exit', (code) => finish(() => reject(new GatewayError(o.failCode, `Worker exited with code ${code} before answering`))))
  })
}
