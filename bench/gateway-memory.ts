// npm run bench:memory [-- --moves 30000 --idle-s 10 --idle-only --pty --node-options '']: memory of the built gateway and every process it starts, idle and printing on the simulator.
/*
 * Runs what the service runs (`node dist/main.js`, built first) with the default simulated printer, then samples
 * the gateway and its descendants (the engine process, anything else it starts): idle after start-up has settled,
 * then while a curved-wall file prints. Per process: RSS, PSS and its anonymous pages; for all: the sums and the
 * distinct physical pages (the node binary's pages, resident in both processes, counted once).
 * By default the simulator runs inside the engine (`sim://`, the out-of-the-box setup); `--pty` runs it in a process of its
 * own on a pty, not counted, and the engine opens the pty with the native serial binding as it would a real printer.
 */
import { spawn } from 'node:child_process'
import { closeSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, readSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { SERVICE_NODE_OPTIONS, startBuiltGateway } from './built-gateway.js'
import { curvedWall } from './wall.js'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 ? Number(process.argv[i + 1]) : fallback
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** One process's memory in MB from /proc/<pid>/smaps_rollup: resident, proportional (shared pages split among every process mapping them), anonymous. */
interface Memory {
  rss: number
  pss: number
  anon: number
}

function memoryMb(pid: number): Memory | null {
  try {
    const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8')
    const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(rollup)?.[1] ?? NaN) / 1024
    return { rss: field('Rss'), pss: field('Pss'), anon: field('Anonymous') }
  } catch {
    return null
  }
}

const PAGE = 4096
const PFN_MASK = (1n << 55n) - 1n

/**
 * The physical pages resident in any of `pids`, each counted once (from /proc/<pid>/pagemap), in MB; null when the
 * kernel hides page frame numbers (they need CAP_SYS_ADMIN). This is the two processes' real footprint: unlike PSS it
 * does not hand part of the node binary's pages to unrelated Node processes that happen to run on the same machine.
 */
function distinctMb(pids: number[]): number | null {
  const frames = new Set<bigint>()
  for (const pid of pids) {
    let fd: number
    let smaps: string
    try {
      smaps = readFileSync(`/proc/${pid}/smaps`, 'utf8')
      fd = openSync(`/proc/${pid}/pagemap`, 'r')
    } catch {
      continue
    }
    try {
      // Only mappings with resident pages: V8 reserves gigabytes of address space it never touches.
      let range: [number, number] | null = null
      for (const line of smaps.split('\n')) {
        const head = /^([0-9a-f]+)-([0-9a-f]+) /.exec(line)
        if (head) range = [parseInt(head[1]!, 16) / PAGE, parseInt(head[2]!, 16) / PAGE]
        if (!range || !line.startsWith('Rss:') || /^Rss:\s+0 kB/.test(line)) continue
        const [start, end] = range
        const buf = Buffer.alloc((end - start) * 8)
        readSync(fd, buf, 0, buf.length, start * 8)
        for (let i = 0; i < end - start; i++) {
          const entry = buf.readBigUInt64LE(i * 8)
          if (!(entry >> 63n)) continue
          const pfn = entry & PFN_MASK
          if (pfn === 0n) return null
          frames.add(pfn)
        }
      }
    } catch {
      // ended meanwhile: its pages are gone too
    } finally {
      closeSync(fd)
    }
  }
  return (frames.size * PAGE) / 1024 / 1024
}

/** The process and its descendants, each with a short name from its command line. */
function tree(root: number): { pid: number; name: string }[] {
  const parents = new Map<number, number>()
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue
    try {
      parents.set(
        Number(d),
        Number(
          readFileSync(`/proc/${d}/stat`, 'utf8')
            .replace(/^.*\) /, '')
            .split(' ')[1],
        ),
      )
    } catch {
      // gone meanwhile
    }
  }
  const out: number[] = [root]
  for (let i = 0; i < out.length; i++) for (const [pid, ppid] of parents) if (ppid === out[i]) out.push(pid)
  return out.map((pid) => {
    let cmd = ''
    try {
      cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8')
        .split('\0')
        .filter(Boolean)
        .map((a) => a.replace(ROOT, ''))
        .join(' ')
    } catch {
      // gone meanwhile
    }
    return { pid, name: pid === root ? `gateway (${cmd.slice(0, 60)})` : cmd.slice(0, 90) }
  })
}

interface Peaks {
  /** Per process, its own peaks. */
  each: Map<string, Memory>
  /** Peaks of the sums taken at one instant (the distinct pages every 5th sample: reading page maps costs CPU). */
  rss: number
  pss: number
  distinct: number | null
}

/** Peak memory per process and of the sums over `ms`, sampled every 100 ms. */
async function sample(root: number, ms: number, until?: () => Promise<boolean>): Promise<Peaks> {
  const peaks: Peaks = { each: new Map(), rss: 0, pss: 0, distinct: null }
  const end = Date.now() + ms
  for (let n = 0; Date.now() < end && !(until && (await until())); n++) {
    const procs = tree(root)
    let rss = 0
    let pss = 0
    for (const p of procs) {
      const mb = memoryMb(p.pid)
      if (mb === null) continue
      const was = peaks.each.get(p.name) ?? { rss: 0, pss: 0, anon: 0 }
      peaks.each.set(p.name, { rss: Math.max(was.rss, mb.rss), pss: Math.max(was.pss, mb.pss), anon: Math.max(was.anon, mb.anon) })
      rss += mb.rss
      pss += mb.pss
    }
    peaks.rss = Math.max(peaks.rss, rss)
    peaks.pss = Math.max(peaks.pss, pss)
    if (n % 5 === 0) {
      const distinct = distinctMb(procs.map((p) => p.pid))
      if (distinct !== null) peaks.distinct = Math.max(peaks.distinct ?? 0, distinct)
    }
    await sleep(100)
  }
  return peaks
}

function report(label: string, peaks: Peaks): void {
  const mb = (n: number) => n.toFixed(1).padStart(6)
  for (const [name, m] of peaks.each) console.log(`${label.padEnd(9)} RSS ${mb(m.rss)}  PSS ${mb(m.pss)}  own ${mb(m.anon)} MB  ${name}`)
  console.log(`${label.padEnd(9)} RSS ${mb(peaks.rss)}  PSS ${mb(peaks.pss)}  MB  all processes (peak of the sum at one instant)`)
  const distinct = peaks.distinct === null ? 'not readable (page frame numbers need root)' : `${peaks.distinct.toFixed(1)} MB`
  console.log(`${label.padEnd(9)} distinct pages of all processes, shared ones counted once: ${distinct}\n`)
}

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'pg-bench-memory-'))
  const pty = process.argv.includes('--pty') ? join(dataDir, 'printer') : null
  // The default sim:// port's settings (src/config/schema.ts DEFAULT_SIM_PORT).
  const sim = pty
    ? spawn(
        process.execPath,
        ['--import', 'tsx', join(ROOT, 'src/sim/cli.ts'), '--pty', pty, '--baud', '250000', '--latencyMs', '2', '--heatRate', '20', '--bedHeatRate', '5'],
        { stdio: 'ignore' },
      )
    : null
  for (let waited = 0; pty && !existsSync(pty); waited += 50) {
    if (waited > 30_000) {
      sim?.kill('SIGTERM')
      throw new Error('the simulator did not open its pty')
    }
    await sleep(50)
  }
  // The service always reads a config file (/etc/printgate/config.yaml), so the YAML reader is loaded here too.
  const configFile = join(dataDir, 'config.yaml')
  writeFileSync(configFile, `logging:\n  level: info\n${pty ? `printer:\n  port: ${pty}\n  baud: 250000\n` : ''}`)
  const at = process.argv.indexOf('--node-options')
  // The service's own options (systemd/printgate.service, npm start) unless told otherwise.
  const nodeOptions = at >= 0 ? process.argv[at + 1]!.split(' ').filter(Boolean) : SERVICE_NODE_OPTIONS
  const started = await startBuiltGateway({
    dataDir,
    configFile,
    nodeOptions,
    env: { PRINTGATE_DATA_DIR: dataDir, PRINTGATE_HTTP_PORT: '0', PRINTGATE_HTTP_HOST: '127.0.0.1' },
  }).catch((error: unknown) => {
    sim?.kill('SIGTERM')
    throw error
  })
  const gateway = started.proc
  const base = started.base
  try {
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
    if (process.argv.includes('--idle-only')) return

    // About three minutes of printing: the engine's old space fills with promoted garbage and is collected about once a
    // minute, so a shorter print can end before its first peak (12,000 moves did).
    const moves = arg('moves', 30_000)
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
    const began = Date.now()
    const printing = await sample(gateway.pid!, 600_000, async () => (await status()) !== 'printing_phase')
    const seconds = (Date.now() - began) / 1000
    const link = ((await (await fetch(`${base}/api/printer/status`)).json()) as { link?: { longestSendGapMs?: number } }).link
    // What the memory costs the link, if anything: the file's move rate and the engine's longest wait between job lines.
    console.log(
      `printing ${moves} moves: job ${await status()} after ${seconds.toFixed(0)} s (${(moves / seconds).toFixed(0)} moves/s), ` +
        `longest send gap at the engine ${link?.longestSendGapMs?.toFixed(1) ?? '?'} ms`,
    )
    report('printing', printing)
  } finally {
    gateway.kill('SIGTERM')
    await new Promise((r) => gateway.once('exit', r))
    sim?.kill('SIGTERM')
    rmSync(dataDir, { recursive: true, force: true })
  }
}

await main()
