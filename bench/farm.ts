// npm run bench:farm [-- --printers 4 --lines 6000 --phones 20 --interval 500 --ws-ping 1000 --arcs --flow buffered]: several printers on one gateway, all printing at once under phone load.
/*
 * The gateway runs as the service runs it: built first, `node dist/main.js` with a `printers:` list, one engine process
 * per printer. Each printer is a simulated Marlin in its own process on a pty (bench/api.ts --sim: 250000 baud, 3 ms
 * latency), as real printers' MCUs are other machines. The phones (bench/api.ts --load: GET /api/printers/{id}/status
 * every --interval ms and a /ws/progress subscriber to the `printers` topic each) are spread over the printers and must
 * report ready (every socket open, every client answered once) before the window starts; then all printers start the
 * tiny-segment wall (bench/wall.ts: 0.2 mm at 60 mm/s, 300 lines/s needed) at once. Per printer: line rate, planner
 * underruns, the longest gap between moves at the printer, the longest gap between job lines as the engine sent them
 * (status link.longestSendGapMs), planner depth; phone requests and errors inside the window; peak RSS of the gateway plus
 * its engine processes; CPU seconds of each kind of process in the window; a verdict against the goal (exit code 1 when missed).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, setPriority, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startBuiltGateway } from './built-gateway.js'
import { curvedWall } from './wall.js'

const API_BENCH = fileURLToPath(new URL('./api.ts', import.meta.url))
const option = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 ? Number(process.argv[i + 1]) : fallback
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

type SimStats = { underruns: number; maxMoveGapMs: number; plannerDepthAtMove: number[]; commandsExecuted: number }

/** VmRSS of a process in MB (0 when it is gone). */
function rssMb(pid: number): number {
  try {
    return Number(/^VmRSS:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024
  } catch {
    return 0
  }
}

/** A line-oriented child (bench/api.ts in --sim or --load mode) and its stdout lines. */
function child(args: string[], nice: number): { proc: ChildProcess; nextLine: () => Promise<string> } {
  const proc = spawn(process.execPath, ['--import', 'tsx', API_BENCH, ...args], { stdio: ['pipe', 'pipe', 'inherit'] })
  try {
    setPriority(proc.pid!, nice)
  } catch {
    /* not allowed: measured as is */
  }
  const lines: string[] = []
  const waiting: Array<(line: string) => void> = []
  let buffer = ''
  proc.stdout!.on('data', (chunk) => {
    buffer += String(chunk)
    for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
      const line = buffer.slice(0, nl)
      buffer = buffer.slice(nl + 1)
      const w = waiting.shift()
      if (w) w(line)
      else lines.push(line)
    }
  })
  return { proc, nextLine: () => new Promise<string>((resolve) => (lines.length ? resolve(lines.shift()!) : waiting.push(resolve))) }
}

/** The processes `pid` started (the gateway's engines, a simulator's socat relay). */
function childPids(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number)
  } catch {
    return []
  }
}

/** Fields of /proc/<pid>/stat from the state on (field 3 is index 0), or null when the process is gone. */
function procStat(pid: number): string[] | null {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
  } catch {
    return null
  }
}
/** CPU seconds (user + system, all threads) a process has used; 0 when it is gone. */
const cpuSeconds = (pid: number) => ((f) => (f ? (Number(f[11]) + Number(f[12])) / 100 : 0))(procStat(pid))
const niceOf = (pid: number) => procStat(pid)?.[16] ?? '?'

const getJson = async <T>(url: string): Promise<T> => (await (await fetch(url)).json()) as T
type PrinterStatus = { state: string; link: { resends: number; longestSendGapMs?: number }; job: { linesConfirmed?: number } | null }

function depthPercentile(counts: number[], p: number): number {
  const total = counts.reduce((a, b) => a + b, 0)
  let seen = 0
  for (let depth = 0; depth < counts.length; depth++) if ((seen += counts[depth] ?? 0) >= (p / 100) * total) return depth
  return counts.length - 1
}

async function main() {
  const count = option('printers', 4)
  const lines = option('lines', 6000)
  const phones = option('phones', 20)
  const intervalMs = option('interval', 500)
  const wsPingMs = option('ws-ping', 1000)
  // The user's opt-in arc fitting (the simulated Marlin reports Cap:ARCS); off, the printers get the default flow.
  const arcFitting = process.argv.includes('--arcs')
  // `--flow buffered`: the opt-in window for links the user trusts (these simulated links carry no noise).
  const flowAt = process.argv.indexOf('--flow')
  const flowMode = flowAt >= 0 ? process.argv[flowAt + 1] : undefined
  const dataDir = mkdtempSync(join(tmpdir(), 'pg-bench-farm-'))
  const ids = Array.from({ length: count }, (_, i) => `p${i + 1}`)
  // The MCUs run at nice -5 and the phones at nice 19 where allowed: the shared cores then model the gateway's own work.
  const sims = await Promise.all(
    ids.map(async (id) => {
      const sim = child(['--sim', join(dataDir, id)], -5)
      await sim.nextLine()
      return sim
    }),
  )
  const loads: ReturnType<typeof child>[] = []
  let gateway: ChildProcess | null = null
  try {
    // JSON is YAML: the config loader reads it as the service's config file.
    const configFile = join(dataDir, 'printgate.yaml')
    writeFileSync(
      configFile,
      JSON.stringify({
        dataDir,
        http: { host: '127.0.0.1', port: 0 },
        files: { maxUploadBytes: 64 << 20 },
        queue: { autoStart: true },
        printers: ids.map((id) => ({
          id,
          name: `Printer ${id}`,
          port: join(dataDir, id),
          baud: 250000,
          engine: 'process',
          arcFitting,
          ...(flowMode ? { flowMode } : {}),
        })),
      }),
    )
    const started = await startBuiltGateway({ dataDir, configFile })
    gateway = started.proc
    const base = started.base
    const printerStatus = (id: string) => getJson<PrinterStatus>(`${base}/api/printers/${id}/status`)
    for (let waited = 0; (await Promise.all(ids.map(printerStatus))).some((p) => p.state !== 'operational'); waited += 100) {
      if (waited > 60_000) throw new Error('the printers did not connect')
      await sleep(100)
    }
    const form = new FormData()
    form.append('file', new Blob([curvedWall(lines)]), 'tiny-segments.gcode')
    const file = (await (await fetch(`${base}/api/files`, { method: 'POST', body: form })).json()) as { id: string }
    // The phones watch their printer before anything prints, and the window opens only once every one of them is up.
    ids.forEach((id, i) => {
      const share = Math.floor(phones / count) + (i < phones % count ? 1 : 0)
      if (share > 0) loads.push(child(['--load', base, `/api/printers/${id}/status`, String(share), String(share), String(intervalMs), String(wsPingMs)], 19))
    })
    const ready = await Promise.race([Promise.all(loads.map((load) => load.nextLine())), sleep(120_000).then(() => null)])
    if (!ready || ready.some((line) => line !== 'ready')) throw new Error(`the phone load did not come up: ${JSON.stringify(ready)}`)
    for (const load of loads) load.proc.stdin!.write('mark\n')
    for (const sim of sims) sim.proc.stdin!.write('reset\n')
    const processes = () => ({
      gateway: [gateway!.pid!],
      engines: childPids(gateway!.pid!),
      simulators: sims.map((sim) => sim.proc.pid!),
      relays: sims.flatMap((sim) => childPids(sim.proc.pid!)),
      phones: loads.map((load) => load.proc.pid!),
    })
    const cpuOf = () => Object.fromEntries(Object.entries(processes()).map(([kind, pids]) => [kind, pids.reduce((sum, pid) => sum + cpuSeconds(pid), 0)]))
    const niceness = Object.fromEntries(Object.entries(processes()).map(([kind, pids]) => [kind, [...new Set(pids.map(niceOf))].join('/')]))
    const cpuAtStart = cpuOf()
    const loadAtStart = loadavg()
    const t0 = performance.now()
    const jobIds = await Promise.all(
      ids.map(
        async (id) => ((await (await fetch(`${base}/api/printers/${id}/files/${file.id}/print`, { method: 'POST' })).json()) as { job_id: string }).job_id,
      ),
    )
    const finishedAt = new Map<string, number>()
    let peakRss = 0
    while (finishedAt.size < ids.length) {
      peakRss = Math.max(
        peakRss,
        [gateway.pid!, ...childPids(gateway.pid!)].reduce((sum, pid) => sum + rssMb(pid), 0),
      )
      const statuses = await Promise.all(jobIds.map(async (jobId) => (await getJson<{ status: string }>(`${base}/api/status/${jobId}`)).status))
      statuses.forEach((status, i) => {
        if (status === 'failed' || status === 'cancelled' || status === 'interrupted') throw new Error(`${ids[i]}: bench print ${status}`)
        if (status === 'completed' && !finishedAt.has(ids[i]!)) finishedAt.set(ids[i]!, performance.now())
      })
      await sleep(200)
    }
    const windowSeconds = (performance.now() - t0) / 1000
    const cpuAtEnd = cpuOf()
    const loadAtEnd = loadavg()
    const stats = await Promise.all(sims.map(async (sim) => (sim.proc.stdin!.write('stats\n'), JSON.parse(await sim.nextLine()) as SimStats)))
    const links = await Promise.all(ids.map(async (id) => (await printerStatus(id)).link))
    for (const load of loads) load.proc.stdin!.write('stop\n')
    const loadRows = await Promise.all(
      loads.map(async (load) => JSON.parse(await load.nextLine()) as Record<string, number> & { errorKinds?: Record<string, number> }),
    )
    const errorKinds: Record<string, number> = {}
    for (const row of loadRows) for (const [kind, n] of Object.entries(row.errorKinds ?? {})) errorKinds[kind] = (errorKinds[kind] ?? 0) + n
    console.log(
      `${count} printers (engine processes) on one built gateway (node dist/main.js), each a simulated Marlin on its own pty (250000 baud, 3 ms latency), all printing ${lines} moves of 0.2 mm at 60 mm/s (300 lines/s needed) at once${arcFitting ? ', arc fitting on' : ''}, flow ${flowMode ?? 'default (ping-pong)'}; ${phones} phones, up before the window: GET /api/printers/{id}/status every ${intervalMs} ms and a /ws/progress subscriber (topic printers) pinging every ${wsPingMs} ms each; nice values ${JSON.stringify(niceness)} (they act within this session's scheduling group)`,
    )
    ids.forEach((id, i) => {
      const seconds = ((finishedAt.get(id) ?? performance.now()) - t0) / 1000
      const s = stats[i]!
      console.log(
        JSON.stringify({
          printer: id,
          printSeconds: seconds.toFixed(1),
          // The file's lines (what the print needs) and the lines on the wire (fewer when arcs joined moves).
          fileLinesPerSecond: Math.round(lines / seconds),
          wireLinesPerSecond: Math.round(s.commandsExecuted / seconds),
          underruns: s.underruns,
          maxMoveGapMs: Math.round(s.maxMoveGapMs * 10) / 10,
          longestSendGapMs: Math.round((links[i]!.longestSendGapMs ?? NaN) * 10) / 10,
          plannerDepthP1: depthPercentile(s.plannerDepthAtMove, 1),
          plannerDepthMedian: depthPercentile(s.plannerDepthAtMove, 50),
          resends: links[i]!.resends,
        }),
      )
    })
    const requests = loadRows.reduce((sum, r) => sum + (r.requests ?? 0), 0)
    const errors = loadRows.reduce((sum, r) => sum + (r.errors ?? 0), 0)
    console.log(
      JSON.stringify({
        phones,
        requestsInWindow: requests,
        errorsInWindow: errors,
        errorKinds,
        worstP99Ms: Math.round(Math.max(...loadRows.map((r) => r.p99 ?? 0)) * 10) / 10,
        wsMessagesInWindow: loadRows.reduce((sum, r) => sum + (r.wsMessages ?? 0), 0),
      }),
    )
    console.log(
      JSON.stringify({
        peakRssMb: Math.round(peakRss),
        counted: 'gateway + its engine processes (sum of VmRSS); simulators and phones are other machines',
        goalMb: 400,
      }),
    )
    const cpu = Object.fromEntries(Object.keys(cpuAtEnd).map((kind) => [kind, Math.round(((cpuAtEnd[kind] ?? 0) - (cpuAtStart[kind] ?? 0)) * 10) / 10]))
    console.log(
      JSON.stringify({
        windowSeconds: Math.round(windowSeconds * 10) / 10,
        cpuSecondsInWindow: cpu,
        cores: cpus().length,
        loadAverage: { start: loadAtStart.map((l) => l.toFixed(2)).join(' '), end: loadAtEnd.map((l) => l.toFixed(2)).join(' ') },
      }),
    )
    const underruns = stats.map((s, i) => `${ids[i]} ${s.underruns}`).join(', ')
    const underrunsMet = stats.every((s) => s.underruns === 0)
    const rssMet = peakRss < 400
    console.log(
      `verdict (flow ${flowMode ?? 'default'}${arcFitting ? ', arcs' : ''}): ${underrunsMet && rssMet ? 'goal met' : 'goal MISSED'}; underruns ${underruns} (goal 0 on every printer: ${underrunsMet ? 'met' : 'missed'}); peak RSS ${Math.round(peakRss)} MB (goal < 400 MB: ${rssMet ? 'met' : 'missed'}); phones ${requests} requests, ${errors} errors in the window`,
    )
    if (!underrunsMet || !rssMet || errors > 0) process.exitCode = 1
  } finally {
    for (const load of loads) load.proc.kill('SIGTERM')
    if (gateway && gateway.exitCode === null) {
      gateway.kill('SIGTERM')
      await new Promise((r) => gateway!.once('exit', r))
    }
    for (const sim of sims) sim.proc.stdin!.end()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

await main()
process.exit()
