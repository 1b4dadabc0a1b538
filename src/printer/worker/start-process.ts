// Starts the engine in a child process (its own event loop, and the native serial binding works there).

import { fork } from 'node:child_process'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import type { EngineMessage, EngineWorkerData } from './protocol.js'
import type { EngineChannel } from './start-thread.js'

const sourceExtension = import.meta.url.endsWith('.ts') ? '.ts' : '.js'

/** How the engine process is started: its entry file and the Node options it needs. */
export interface EngineLaunch {
  entry: string
  execArgv: string[]
  /** Why the engine runs under tsx although a bundle was wanted (null when it did not). */
  bundleError: string | null
}

/**
 * Compiled, the engine's .js entry runs as it is. From source it runs as a plain-JS bundle (see
 * engine-bundle.ts), or under the tsx loader if the bundle cannot be built.
 */
export async function engineLaunch(bundleDir?: string): Promise<EngineLaunch> {
  const entry = fileURLToPath(new URL(`./engine-worker${sourceExtension}`, import.meta.url))
  if (sourceExtension === '.js') return { entry, execArgv: [], bundleError: null }
  try {
    const { engineBundle } = await import('./engine-bundle.js')
    return { entry: await engineBundle(entry, bundleDir), execArgv: [], bundleError: null }
  } catch (error) {
    // A .ts entry needs tsx in the child; named by absolute URL so the gateway's working directory does not matter.
    const tsxLoader = pathToFileURL(join(dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist/loader.mjs')).href
    return { entry, execArgv: ['--import', tsxLoader], bundleError: error instanceof Error ? error.message : String(error) }
  }
}

export function startEngineProcess(data: EngineWorkerData, launch: EngineLaunch): EngineChannel {
  const child = fork(launch.entry, [JSON.stringify(data)], {
    execArgv: launch.execArgv,
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
