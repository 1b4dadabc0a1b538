// Starts the engine in a child process (its own event loop; the native serial binding works there).

import { fork } from 'node:child_process'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import type { EngineChannel } from './engine-channel.js'
import type { EngineMessage, EngineStartData } from './engine-messages.js'

const fromSource = import.meta.url.endsWith('.ts')

/** How the engine process is started: its entry file and the Node options it runs with. */
export interface EngineLaunch {
  entry: string
  execArgv: string[]
}

/**
 * Built (dist/), the engine's plain-JS entry runs as it is, with `nodeOptions`. Run from the TypeScript
 * sources (tests, `npm run dev`), the entry is the .ts file under tsx's loader, which only development installs.
 */
export function engineLaunch(nodeOptions: string[] = []): EngineLaunch {
  const entry = fileURLToPath(new URL(`./engine-process-main${fromSource ? '.ts' : '.js'}`, import.meta.url))
  if (!fromSource) return { entry, execArgv: nodeOptions }
  // Named by absolute URL so the gateway's working directory does not matter.
  const tsxLoader = pathToFileURL(join(dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist/loader.mjs')).href
  return { entry, execArgv: [...nodeOptions, '--import', tsxLoader] }
}

/**
 * glibc's malloc gives each thread that allocates (V8's GC and compiler threads, libuv's pool) an arena of its own and
 * keeps their freed memory; two arenas cut several MB of RSS per process (`npm run bench:memory`). Blocks of 128 KB and
 * more (V8's compiler zones at start-up) come from mmap and go back to the system when freed: with the thresholds left
 * to glibc, each such free raises them and later blocks stay in the heap (gateway 4 MB less). Values the gateway was
 * started with (systemd/printgate.service sets the same) are passed on instead.
 */
export const ENGINE_ENV: NodeJS.ProcessEnv = { MALLOC_ARENA_MAX: '2', MALLOC_MMAP_THRESHOLD_: '131072', MALLOC_TRIM_THRESHOLD_: '131072' }

export function startEngineProcess(data: EngineStartData, launch: EngineLaunch): EngineChannel {
  const child = fork(launch.entry, [JSON.stringify(data)], {
    execArgv: launch.execArgv,
    env: { ...ENGINE_ENV, ...process.env },
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  const goneListeners: ((why: string) => void)[] = []
  let failure: Error | null = null
  child.on('error', (error) => (failure = error))
  child.once('exit', (code, signal) => {
    const why = failure
      ? `The printer engine process failed: ${failure.message}`
      : `The printer engine process stopped (${signal ? `signal ${signal}` : `exit code ${code}`})`
    for (const fn of goneListeners) fn(why)
  })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  return {
    ...(child.pid !== undefined ? { pid: child.pid } : {}),
    post: (message) => void (child.connected && child.send(message)),
    onMessage: (fn) => child.on('message', (message) => fn(message as EngineMessage)),
    onGone: (fn) => goneListeners.push(fn),
    async terminate() {
      if (child.exitCode !== null || child.signalCode !== null) return
      if (child.connected) child.disconnect()
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000)
      await exited
      clearTimeout(timer)
    },
  }
}
