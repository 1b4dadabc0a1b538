// The installed command, built: bin/printgate.js runs dist/ as plain JS; `serve` starts, prints a file on the simulator and stops.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { until } from '../api/harness.js'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const BIN = join(ROOT, 'bin/printgate.js')
const run = (args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 120_000 })
const FAST_SIM = 'sim://marlin?baud=250000&latencyMs=1&heatRate=200&bedHeatRate=200&homeMs=20&timeScale=0.02'

const commandLine = (pid: number) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ')
const childrenOf = (pid: number) =>
  readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .map(Number)
    .filter((p) => {
      try {
        return (
          Number(
            readFileSync(`/proc/${p}/stat`, 'utf8')
              .replace(/^.*\) /, '')
              .split(' ')[1],
          ) === pid
        )
      } catch {
        return false
      }
    })

// dist/ is current: vitest's global setup (test/support/build-dist.ts) rebuilt it if a source was newer. Building here again
// would swap dist/ under the gateways other suites run from it at the same time.

describe('bin/printgate.js', () => {
  it('plans a request into intent, STL and G-code (workers start from dist/ too)', () => {
    const out = mkdtempSync(join(tmpdir(), 'pg-cli-'))
    const res = run(['plan', 'print a 2 cm cube in PLA', '--out', out])
    expect(res.stderr).not.toMatch(/Error/)
    expect(res.status).toBe(0)
    expect(res.stdout).toContain('20 × 20 × 20 mm')
    for (const f of ['intent.json', 'model.stl', 'model.gcode']) expect(existsSync(join(out, f))).toBe(true)
    expect(JSON.parse(readFileSync(join(out, 'intent.json'), 'utf8'))).toMatchObject({
      object: 'cube',
      shape: { kind: 'box', width: 20, depth: 20, height: 20 },
      material: 'PLA',
    })
  }, 120_000)

  it('exits 2 with the command list for an unknown command', () => {
    const res = run(['nonsense'])
    expect(res.status).toBe(2)
    expect(res.stderr).toContain('plan')
  })

  it('serve: starts from dist/ (gateway and engine process, no tsx), prints an uploaded file on the simulator, stops on SIGTERM', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pg-serve-'))
    const child = spawn(process.execPath, [BIN, 'serve'], {
      cwd: tmpdir(),
      env: {
        ...process.env,
        PRINTGATE_CONFIG: '',
        PRINTGATE_DATA_DIR: dataDir,
        PRINTGATE_HTTP_PORT: '0',
        PRINTGATE_HTTP_HOST: '127.0.0.1',
        PRINTGATE_SERIAL_PORT: FAST_SIM,
        NOTIFY_SOCKET: '',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    child.stdout!.on('data', (d: Buffer) => (output += d.toString()))
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()))
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
    try {
      const port = await until(() => Number(/"msg":"listening".*?"port":(\d+)/.exec(output)?.[1] ?? 0), 60_000, 'listening')
      const base = `http://127.0.0.1:${port}`
      const [engine] = await until(() => childrenOf(child.pid!).length > 0 && childrenOf(child.pid!), 30_000, 'the engine process')
      expect(commandLine(child.pid!)).not.toMatch(/tsx|esbuild/)
      expect(commandLine(engine!)).toContain(join(ROOT, 'dist/engine/engine-process-main.js'))
      expect(commandLine(engine!)).not.toMatch(/tsx|esbuild/)
      await until(async () => ((await (await fetch(`${base}/api/printer/status`)).json()) as { state: string }).state === 'operational', 30_000, 'the printer')

      const moves = Array.from({ length: 200 }, (_, i) => `G1 X${(10 + (i % 50)).toFixed(1)} Y${(10 + i / 10).toFixed(1)} F6000`)
      const form = new FormData()
      form.append('file', new Blob([['G28', 'G90', ...moves, 'M84'].join('\n') + '\n']), 'serve-test.gcode')
      form.append('print', 'true')
      const upload = await fetch(`${base}/api/files`, { method: 'POST', body: form })
      expect(upload.status).toBe(201)
      const jobId = ((await upload.json()) as { job: { job_id: string } }).job.job_id
      const done = await until(
        async () => {
          const job = (await (await fetch(`${base}/api/status/${jobId}`)).json()) as { status: string }
          return ['completed', 'failed', 'cancelled', 'interrupted'].includes(job.status) && job
        },
        90_000,
        'the print',
      )
      expect(done.status).toBe('completed')

      child.kill('SIGTERM')
      expect(await exited).toBe(0)
      expect(existsSync(`/proc/${engine}`) && !readFileSync(`/proc/${engine}/stat`, 'utf8').includes(') Z')).toBe(false)
      expect(output).toContain('"msg":"stopped"')
    } finally {
      child.kill('SIGKILL')
    }
  }, 180_000)
})
