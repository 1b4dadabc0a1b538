// Builds dist/ and starts the gateway as the service runs it (`node dist/main.js`, its Node options and malloc setting), for the benches.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ENGINE_ENV } from '../src/engine/start-process.js'

const ROOT = fileURLToPath(new URL('..', import.meta.url))

/** The service's own Node options (systemd/printgate.service, npm start). */
export const SERVICE_NODE_OPTIONS = [
  '--max-semi-space-size=1',
  '--heap-growing-percent=20',
  '--expose-gc',
  '--bytecode-old-age=1',
  '--flush-baseline-code',
  '--no-concurrent-recompilation',
]

export interface BuiltGateway {
  proc: ChildProcess
  base: string
}

/** Builds dist/, starts the gateway in `dataDir` with `configFile` and resolves once it listens. */
export async function startBuiltGateway(o: {
  dataDir: string
  configFile: string
  nodeOptions?: string[]
  env?: Record<string, string>
}): Promise<BuiltGateway> {
  const build = spawnSync(process.execPath, [join(ROOT, 'scripts/build.mjs')], { stdio: 'inherit' })
  if (build.status !== 0) throw new Error('build failed')
  const proc = spawn(process.execPath, [...(o.nodeOptions ?? SERVICE_NODE_OPTIONS), join(ROOT, 'dist/main.js')], {
    cwd: o.dataDir,
    env: { ...ENGINE_ENV, ...process.env, PRINTGATE_CONFIG: o.configFile, PRINTGATE_MDNS: '0', NOTIFY_SOCKET: '', ...o.env },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  let log = ''
  proc.stdout!.on('data', (d: Buffer) => (log = (log + d.toString()).slice(-20_000)))
  for (let waited = 0; ; waited += 50) {
    const port = Number(/"msg":"listening".*?"port":(\d+)/.exec(log)?.[1] ?? 0)
    if (port) return { proc, base: `http://127.0.0.1:${port}` }
    if (waited > 120_000 || proc.exitCode !== null) {
      proc.kill('SIGTERM')
      throw new Error(`the gateway did not start:\n${log}`)
    }
    await new Promise((r) => setTimeout(r, 50))
  }
}
