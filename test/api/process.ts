// Spawns the built gateway (`node dist/main.js`, as the service runs it) as a child process with a temp data dir and a free port.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { START_BOUND_MS } from '../support/wait-for.js'

export const REPO_ROOT = resolve(import.meta.dirname, '../..')

export interface GatewayProcess {
  child: ChildProcess
  baseUrl: string
  wsUrl: string
  dataDir: string
  logs: string[]
  /** Sends a signal and waits for the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>
}

/**
 * dist/ is rebuilt when a source is newer (test/support/build-dist.ts, vitest's global setup): plain JS starts several
 * times faster than the sources under tsx's loader (gateway and engine process), which a loaded machine stretched past 30 s.
 */
export async function startGatewayProcess(
  o: { dataDir?: string; simUrl?: string; env?: Record<string, string>; startTimeoutMs?: number } = {},
): Promise<GatewayProcess> {
  const dataDir = o.dataDir ?? mkdtempSync(join(tmpdir(), 'pg-proc-'))
  const child = spawn(process.execPath, [join(REPO_ROOT, 'dist/main.js')], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      PRINTGATE_CONFIG: '',
      PRINTGATE_DATA_DIR: dataDir,
      PRINTGATE_HTTP_PORT: '0',
      PRINTGATE_HTTP_HOST: '127.0.0.1',
      PRINTGATE_SERIAL_PORT: o.simUrl ?? 'sim://marlin?baud=250000&latencyMs=1&heatRate=200&bedHeatRate=200&homeMs=20&timeScale=0.02',
      ...o.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const logs: string[] = []
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)))
  const port = await new Promise<number>((resolvePort, reject) => {
    const bound = o.startTimeoutMs ?? START_BOUND_MS
    const hung = () => {
      reject(new Error(`the gateway (dist/main.js) did not log "listening" within ${bound / 1000} s (hung); its output:\n${logs.join('\n')}`))
      child.kill('SIGKILL') // not left running after its suite
    }
    const timer = setTimeout(hung, bound)
    let buffer = ''
    child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString()
      let nl: number
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl)
        buffer = buffer.slice(nl + 1)
        logs.push(line)
        try {
          const entry = JSON.parse(line) as { msg?: string; port?: number }
          if (entry.msg === 'listening' && entry.port) {
            clearTimeout(timer)
            resolvePort(entry.port)
          }
        } catch {
          // not a JSON log line
        }
      }
    })
    child.stderr!.on('data', (chunk: Buffer) => logs.push(chunk.toString()))
    void exited.then((code) => {
      clearTimeout(timer)
      reject(new Error(`gateway exited with ${code}:\n${logs.join('\n')}`))
    })
  })
  return {
    child,
    dataDir,
    logs,
    baseUrl: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}`,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal)
      return exited
    },
  }
}
