// npm run bench:memory [-- --moves 12000 --idle-s 10 --node-options '']: RSS of the built gateway and every process it starts, idle and printing on the simulator.
/*
 * Runs what the service runs (`node dist/main.js`, built first) with the default simulated printer, then samples
 * /proc/<pid>/status (VmRSS) of the gateway and its descendants (the engine process, anything else it starts):
 * idle after start-up has settled, then while a curved-wall file prints. Prints one row per process and the sum.
 */
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { curvedWall } from './wall.js'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 ? Number(process.argv[i + 1]) : fallback
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** RSS, and its anonymous part (heap, stacks: what is the process's own; the rest is mostly the shared node binary), in MB. */
function memoryMb(pid: number): { rss: number; anon: number } | null {
  try {
    const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8')
    const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(rollup)?.[1] ?? NaN) / 1024
    return { rss: field('Rss'), anon: field('Anonymous') }
  } catch {
    return null
  }
}

/** The process and its descendants, each with a short name from its command line. */
function tree(root: number): { pid: number; name: string }[] {
  const parents = new Map<number, number>()
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue
    try {
      parents.set(Number(d), Number(readFileSync(`/proc/${d}/stat`, 'utf8').replace(/^.*\) /, '').split(' ')[1]))
    } catch {
      // gone meanwhile
    }
  }
  const out: number[] = [root]
  for (let i = 0; i < out.length; i++) for (const [pid, ppid] of parents) if (ppid === out[i]) out.push(pid)
  return out.map((pid) => {
    let cmd = ''
    try {
      cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).map((a) => a.replace(ROOT, '')).join(' ')
    } catch {
      // gone meanwhile
    }
    return { pid, name: pid === root ? `gateway (${cmd.slice(0, 60)})` : cmd.slice(0, 90) }
  })
}

/** Peak RSS per process over `ms`, sampled every 100 ms. */
async function sample(root: number, ms: number, until?: () => Promise<boolean>): Promise<Map<string, { rss: number; anon: number }>> {
  const peak = new Map<string, { rss: number; anon: number }>()
  const end = Date.now() + ms
  while (Date.now() < end && !(until && (await until()))) {
    for (const p of tree(root)) {
      const mb = memoryMb(p.pid)
      const was = peak.get(p.name) ?? { rss: 0, anon: 0 }
      if (mb !== null) peak.set(p.name, { rss: Math.max(was.rss, mb.rss), anon: Math.max(was.anon, mb.anon) })
    }
    await sleep(100)
  }
  return peak
}

function report(label: string, peak: Map<string, { rss: number; anon: number }>): void {
  let rss = 0
  let anon = 0
  let shared = 0
  for (const [name, mb] of peak) {
    rss += mb.rss
    anon += mb.anon
    shared = Math.max(shared, mb.rss - mb.anon)
    console.log(`${label.padEnd(9)} RSS ${mb.rss.toFixed(1).padStart(6)} MB  (own ${mb.anon.toFixed(1).padStart(5)} MB)  ${name}`)
  }
  console.log(`${label.padEnd(9)} RSS ${rss.toFixed(1).padStart(6)} MB  all processes (sum of per-process peaks)`)
  console.log(`${label.padEnd(9)}     ${(anon + shared).toFixed(1).padStart(6)} MB  counting the file pages they share (node binary) once\n`)
}

async function main() {
  const build = spawnSync(process.execPath, [join(ROOT, 'scripts/build.mjs')], { stdio: 'inherit' })
  if (build.status !== 0) throw new Error('build failed')
  const dataDir = mkdtempSync(join(tmpdir(), 'pg-bench-memory-'))
  const at = process.argv.indexOf('--node-options')
  // The service's own options (systemd/printgate.service, npm start) unless told otherwise.
  const nodeOptions = (at >= 0 ? process.argv[at + 1]! : '--max-semi-space-size=1').split(' ').filter(Boolean)
  const gateway = spawn(process.execPath, [...nodeOptions, join(ROOT, 'dist/main.js')], {
    cwd: dataDir,
    env: { ...process.env, PRINTGATE_CONFIG: '', PRINTGATE_DATA_DIR: dataDir, PRINTGATE_HTTP_PORT: '0', PRINTGATE_HTTP_HOST: '127.0.0.1', PRINTGATE_MDNS: '0', NOTIFY_SOCKET: '' },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  let log = ''
  gateway.stdout!.on('data', (d: Buffer) => (log += d.toString()))
  try {
    let port = 0
    for (let waited = 0; !port; waited += 50) {
      if (waited > 60_000) throw new Error(`the gateway did not start:\n${log}`)
      port = Number(/"msg":"listening".*?"port":(\d+)/.exec(log)?.[1] ?? 0)
      await sleep(50)
    }
    const base = `http://127.0.0.1:${port}`
    const printerState = async () => ((await (await fetch(`${base}/api/printer/status`)).json()) as { state?: string }).state
    for (let waited = 0; (await printerState()) !== 'operational'; waited += 100) {
      if (waited > 30_000) throw new Error('the printer did not connect')
      await sleep(100)
    }
    // A first request loads the routes' lazy parts, as a phone opening the dashboard would.
    await fetch(`${base}/health`)
    const idleS = arg('idle-s', 10)
    console.log(`gateway ${gateway.pid} on ${base}; settling ${idleS} s, then sampling idle for 5 s (shared machine: figures vary a few MB)\n`)
    await sleep(idleS * 1000)
    report('idle', await sample(gateway.pid!, 5000))

    const moves = arg('moves', 12_000)
    const form = new FormData()
    form.append('file', new Blob([curvedWall(moves)]), 'wall.gcode')
    form.append('print', 'true')
    const upload = await fetch(`${base}/api/files`, { method: 'POST', body: form })
    if (upload.status !== 201) throw new Error(`upload refused: ${upload.status} ${await upload.text()}`)
    const jobId = ((await upload.json()) as { job: { job_id: string } }).job.job_id
    const status = async () => ((await (await fetch(`${base}/api/status/${jobId}`)).json()) as { status: string }).status
    for (let waited = 0; (await status()) !== 'printing_phase'; waited += 100) {
      if (waited > 30_000) throw new Error(`the print did not start: ${await status()}`)
      await sleep(100)
    }
    const printing = await sample(gateway.pid!, 120_000, async () => (await status()) !== 'printing_phase')
    console.log(`printing ${moves} moves: job ${await status()}`)
    report('printing', printing)
  } finally {
    gateway.kill('SIGTERM')
    await new Promise((r) => gateway.once('exit', r))
    rmSync(dataDir, { recursive: true, force: true })
  }
}

await main()
