// Starts the engine worker thread (a .ts source under tsx, vitest or `node --import tsx`; .js when compiled).

import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import type { EngineMessage, EngineWorkerData, HostMessage } from './protocol.js'

/** The proxy's view of the engine, wherever it runs. */
export interface EngineChannel {
  post(message: HostMessage): void
  onMessage(fn: (message: EngineMessage) => void): void
  /** Called once when the engine is gone for good (crash, exit, terminate), with words for a person. */
  onGone(fn: (why: string) => void): void
  terminate(): Promise<void>
  /** The engine's process id when it runs in a child process. */
  readonly pid?: number
}

const sourceExtension = import.meta.url.endsWith('.ts') ? '.ts' : '.js'

/** Node 20 does not hand module hooks to workers: a bootstrap registers tsx inside the worker, then imports it. */
function createWorker(workerUrl: URL, workerData: EngineWorkerData): Worker {
  if (!workerUrl.pathname.endsWith('.ts')) return new Worker(workerUrl, { workerData })
  const tsxRoot = dirname(createRequire(import.meta.url).resolve('tsx/package.json'))
  const tsxApi = pathToFileURL(join(tsxRoot, 'dist/esm/api/index.mjs')).href
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then((api) => { api.register(); return import(${JSON.stringify(workerUrl.href)}) })`
  return new Worker(bootstrap, { eval: true, workerData })
}

export function startEngineThread(data: EngineWorkerData): EngineChannel {
  const worker = createWorker(new URL(`./engine-worker${sourceExtension}`, import.meta.url), data)
  let crash: Error | null = null
  const goneListeners: ((why: string) => void)[] = []
  worker.on('error', (error) => (crash = error))
  worker.once('exit', (code) => {
    const why = crash ? `The printer engine crashed: ${crash.message}` : `The printer engine stopped (exit code ${code})`
    for (const fn of goneListeners) fn(why)
  })
  return {
    post: (message) => worker.postMessage(message),
    onMessage: (fn) => worker.on('message', fn),
    onGone: (fn) => goneListeners.push(fn),
    terminate: async () => void (await worker.terminate()),
  }
}
