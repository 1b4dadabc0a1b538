// npm run bench:api [-- --lines 6000 --http 32 --ws 50 --ws-ping 100 --interval 0 --engine both|process|in-process --gateway-nice 0 --engine-nice 0 --inproc] — API + WebSocket load during a tiny-segment print.
// The gateway (src/gateway.ts, the shipping wiring) runs in this process; its printer engine runs in a child process
// (printer.engine 'process', the default) or on the same event loop as HTTP and WebSocket ('in-process').
// `--engine both` (default) measures both in one run, one after the other.
// `--gateway-nice N` sets this process's threads (HTTP) to nice N while a separate engine prints;
// `--engine-nice N` sets the engine process's threads (negative needs root or CAP_SYS_NICE).
// Each row reports the planner depth as moves started (p1 and median of 15 blocks): the margin the link kept.
// The load comes from a child process so its own CPU work does not sit on the gateway's event loop.
import { spawn } from 'node:child_process'
import http from 'node:http'
import { setPriority } from 'node:os'
import { mkdtempSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import WebSocket from 'ws'
import { configSchema } from '../src/config/schema.js'
import { createSystemClock } from '../src/core/clock.js'
import { silentLogger } from '../src/core/logger.js'
import { createGateway } from '../src/gateway.js'
import { createSimBinding } from '../src/sim/sim-binding.js'

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 ? Number(process.argv[i + 1]) : fallback
}

/** A curved wall of 0.2 mm segments at 60 mm/s: the case where the link, not the motion, limits the print. */
function tinySegments(lines: number): string {
  const out = ['G21', 'G90', 'M82', 'G92 E0', 'G1 Z0.2 F600', 'G1 X150 Y110 F3600']
  const radius = 40
  let angle = 0
  let e = 0
  for (let i = 0; i < lines; i++) {
    angle += 0.2 / radius
    e += 0.0067
    out.push(`G1 X${(110 + radius * Math.cos(angle)).toFixed(3)} Y${(110 + radius * Math.sin(angle)).toFixed(3)} E${e.toFixed(5)} F3600`)
  }
  return out.join('\n') + '\n'
}

/** Child mode: the simulated printer on a pty (its own process, like a real printer's MCU); stdin `reset`/`stats`. */
async function runSim(ptyPath: string) {
  const { startPtyServer } = await import('../src/sim/pty-server.js')
  const { parseSimOptions } = await import('../src/sim/options.js')
  const server = await startPtyServer({
    ptyPath,
    sim: parseSimOptions({ baud: '250000', latencyMs: '3', heatRate: '500', bedHeatRate: '500', homeMs: '0', transcript: '0' }),
    replugMs: 2000,
    log: () => {},
  })
  process.stdout.write('ready\n')
  let buffer = ''
  process.stdin.on('data', (chunk) => {
    buffer += String(chunk)
    for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
      const command = buffer.slice(0, nl).trim()
      buffer = buffer.slice(nl + 1)
      if (command === 'reset') server.printer.resetStats()
      if (command === 'stats') process.stdout.write(JSON.stringify(server.printer.stats()) + '\n')
    }
  })
  process.stdin.on('end', () => void server.close().then(() => process.exit(0)))
}

/** On Linux a nice value belongs to a thread: setPriority(pid) alone leaves the pool and V8 threads as they were. */
function reniceAll(pid: number, nice: number) {
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) setPriority(Number(tid), nice)
  } catch {
    /* gone or not allowed */
  }
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN

/**
 * Child mode: hammer GET `watched` (a job id: /api/status/{id}; or a path such as /api/printers/p1/status) and hold
 * WebSocket subscribers (to that job and the `printer` topic; to the `printers` topic for a printers path) until stdin closes. Prints `ready` once every
 * subscriber is open and every HTTP client has had one answer; a `mark` line on stdin starts the counts afresh (the
 * measured window), `stop` or the end of stdin ends the load and prints the counts as JSON.
 */
async function runLoad(base: string, watched: string, httpClients: number, wsClients: number, intervalMs: number, wsPingMs: number) {
  let latencies: number[] = []
  let errors = 0
  /** Failed requests by HTTP status or socket error code. */
  let errorKinds: Record<string, number> = {}
  let wsMessages = 0
  let wsPongs = 0
  let stop = false
  let started = performance.now()
  let input = ''
  process.stdin
    .on('data', (chunk) => {
      input += String(chunk)
      for (let nl = input.indexOf('\n'); nl >= 0; nl = input.indexOf('\n')) {
        const command = input.slice(0, nl).trim()
        input = input.slice(nl + 1)
        if (command === 'mark') {
          latencies = []
          errors = wsMessages = wsPongs = 0
          errorKinds = {}
          started = performance.now()
        } else stop = true
      }
    })
    .on('end', () => (stop = true))
  const path = watched.startsWith('/') ? watched : `/api/status/${watched}`
  const socketUrl = `${base.replace('http', 'ws')}/ws/progress${watched.startsWith('/') ? '' : `?job_id=${watched}`}`
  const topic = watched.startsWith('/api/printers/') ? 'printers' : 'printer'
  let opened = 0
  let answered = 0
  const readyWhenUp = () => {
    if (opened === wsClients && answered === httpClients) process.stdout.write('ready\n')
  }
  const sockets = Array.from({ length: wsClients }, () => {
    const ws = new WebSocket(socketUrl)
    ws.on('message', (data) => (String(data).includes('"pong"') ? wsPongs++ : wsMessages++))
    ws.on('open', () => {
      opened++
      readyWhenUp()
      ws.send(JSON.stringify({ type: 'subscribe', topic }))
      // Every subscriber also talks: application-level pings the hub must parse and answer.
      if (wsPingMs > 0) {
        const timer = setInterval(() => (ws.readyState === WebSocket.OPEN ? ws.send('{"type":"ping"}') : clearInterval(timer)), wsPingMs)
        ws.on('close', () => clearInterval(timer))
      }
    })
    return ws
  })
  // node:http with keep-alive rather than fetch: a lighter client leaves more of the shared CPU to the gateway it measures.
  const { hostname, port } = new URL(base)
  const agent = new http.Agent({ keepAlive: true, maxSockets: httpClients })
  const getStatus = (path: string) =>
    new Promise<number>((resolve, reject) => {
      http
        .get({ hostname, port, path, agent }, (res) => {
          res.resume()
          res.on('end', () => resolve(res.statusCode ?? 0)).on('error', reject)
        })
        .on('error', reject)
    })
  await Promise.all(
    Array.from({ length: httpClients }, async () => {
      // Spread the clients over the interval, as independent phones would be.
      if (intervalMs > 0) await new Promise((r) => setTimeout(r, Math.random() * intervalMs))
      let counted = false
      while (!stop) {
        const t = performance.now()
        let outcome = '200'
        try {
          outcome = String(await getStatus(path))
        } catch (error) {
          outcome = (error as NodeJS.ErrnoException).code ?? 'error'
        }
        const ok = outcome === '200'
        if (!ok) {
          errors++
          errorKinds[outcome] = (errorKinds[outcome] ?? 0) + 1
        }
        latencies.push(performance.now() - t)
        if (ok && !counted) {
          counted = true
          answered++
          readyWhenUp()
        }
        if (intervalMs > 0) await new Promise((r) => setTimeout(r, intervalMs))
      }
    }),
  )
  const seconds = (performance.now() - started) / 1000
  for (const ws of sockets) ws.close()
  latencies.sort((a, b) => a - b)
  process.stdout.write(
    JSON.stringify({
      requests: latencies.length,
      seconds,
      errors,
      errorKinds,
      wsMessages,
      wsPongs,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      max: latencies.at(-1) ?? NaN,
    }) + '\n',
  )
  process.exit(0)
}

type Thread = 'process' | 'in-process'
type SimStats = { underruns: number; maxMoveGapMs: number; plannerDepthAtMove: number[] }

/** The planner depth that p % of moves started below or at (from the simulator's depth counts). */
function depthPercentile(counts: number[], p: number): number {
  const total = counts.reduce((a, b) => a + b, 0)
  let seen = 0
  for (let depth = 0; depth < counts.length; depth++) {
    seen += counts[depth] ?? 0
    if (seen >= (p / 100) * total) return depth
  }
  return counts.length - 1
}

/** The simulated MCU in its own process on a pty, with `reset`/`stats` over its stdin. */
async function startSimChild(ptyPath: string, prioritise: (pid: number | undefined, nice: number) => void) {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--sim', ptyPath], { stdio: ['pipe', 'pipe', 'inherit'] })
  prioritise(child.pid, -5)
  const lines: string[] = []
  let waiter: ((line: string) => void) | null = null
  let buffer = ''
  child.stdout!.on('data', (chunk) => {
    buffer += String(chunk)
    for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
      const line = buffer.slice(0, nl)
      buffer = buffer.slice(nl + 1)
      if (waiter) {
        const w = waiter
        waiter = null
        w(line)
      } else lines.push(line)
    }
  })
  const nextLine = () => new Promise<string>((resolve) => (lines.length ? resolve(lines.shift()!) : (waiter = resolve)))
  await nextLine()
  return {
    reset: async () => void child.stdin!.write('reset\n'),
    read: async () => {
      child.stdin!.write('stats\n')
      return JSON.parse(await nextLine()) as SimStats
    },
    close: () => new Promise<void>((resolve) => (child.once('exit', () => resolve()), child.stdin!.end())),
  }
}

async function runBench() {
  const lines = arg('lines', 6000)
  const httpClients = arg('http', 32)
  const wsClients = arg('ws', 50)
  const intervalMs = arg('interval', 0)
  const wsPingMs = arg('ws-ping', 100)
  const inProcess = process.argv.includes('--inproc')
  const engineArg = process.argv.includes('--engine') ? process.argv[process.argv.indexOf('--engine') + 1] : 'both'
  // An in-process simulator must share the engine's loop to be read, so --inproc measures the in-process engine only.
  const threads: Thread[] = inProcess ? ['in-process'] : engineArg === 'process' || engineArg === 'in-process' ? [engineArg] : ['in-process', 'process']
  // On a Pi the printer's MCU and the phones are other machines: unless --same-priority, the simulated MCU runs at
  // nice -5 and the load generator at nice 19, so the shared 2 cores model the gateway's own work, not theirs.
  const samePriority = process.argv.includes('--same-priority')
  const prioritise = (pid: number | undefined, nice: number) => {
    if (samePriority || pid === undefined) return
    try {
      setPriority(pid, nice)
    } catch {
      /* not allowed (non-root): measure as is */
    }
    // Threads the child started before the call above keep their nice: catch them once it is up.
    setTimeout(() => reniceAll(pid, nice), 1000)
  }
  console.log(`priorities: ${samePriority ? 'all equal (--same-priority)' : 'sim MCU nice -5, load generator nice 19'}`)
  console.log(
    `tiny-segment file: ${lines} moves of 0.2 mm at 60 mm/s, sim (${inProcess ? 'in process' : 'own process on a pty, native binding'}) at 250000 baud, latency 3 ms; load: ${httpClients} HTTP clients on GET /api/status/{id} (${intervalMs ? `each every ${intervalMs} ms` : 'closed loop, as fast as possible'}), ${wsClients} WebSocket subscribers${wsPingMs ? ` each sending a ping every ${wsPingMs} ms` : ''}`,
  )
  for (const thread of threads) await benchGateway(thread, { lines, httpClients, wsClients, intervalMs, wsPingMs, inProcess, prioritise })
  process.exit(0)
}

async function benchGateway(
  thread: Thread,
  o: {
    lines: number
    httpClients: number
    wsClients: number
    intervalMs: number
    wsPingMs: number
    inProcess: boolean
    prioritise: (pid: number | undefined, nice: number) => void
  },
) {
  const { lines, httpClients, wsClients, intervalMs, wsPingMs } = o
  const dataDir = mkdtempSync(join(tmpdir(), 'pg-bench-'))
  const sim = createSimBinding({ clock: createSystemClock() })
  const ptyPath = join(dataDir, 'printer')
  const simChild = o.inProcess ? null : await startSimChild(ptyPath, o.prioritise)
  const simUrl = o.inProcess ? 'sim://marlin?baud=250000&latencyMs=3&heatRate=500&bedHeatRate=500&homeMs=0&transcript=0' : ptyPath
  const simStats = {
    reset: async () => (simChild ? simChild.reset() : sim.printer(simUrl)!.resetStats()),
    read: async (): Promise<SimStats> => (simChild ? simChild.read() : sim.printer(simUrl)!.stats()),
  }
  const config = configSchema.parse({
    dataDir,
    http: { host: '127.0.0.1', port: 0 },
    files: { maxUploadBytes: 64 << 20 },
    queue: { autoStart: true },
    printer: { port: simUrl, baud: 250000, engine: thread, autoConnect: false },
  })
  const gw = await createGateway(config, silentLogger, { sim, security: null, version: 'bench' })
  const { printer, jobs } = gw
  await gw.start({ connect: 'wait' })
  const gatewayNice = arg('gateway-nice', 0)
  if (thread === 'process' && gatewayNice) reniceAll(process.pid, gatewayNice)
  const engineNice = arg('engine-nice', 0)
  const enginePid = printer.enginePid()
  if (thread === 'process' && engineNice && enginePid) reniceAll(enginePid, engineNice)
  const base = `http://127.0.0.1:${(await gw.listen()).port}`
  const form = new FormData()
  form.append('file', new Blob([tinySegments(lines)]), 'tiny-segments.gcode')
  const file = (await (await fetch(`${base}/api/files`, { method: 'POST', body: form })).json()) as { id: string }

  async function printOnce(withLoad: boolean) {
    const res = await fetch(`${base}/api/print-request`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ file_id: file.id }),
    })
    const jobId = ((await res.json()) as { job_id: string }).job_id
    // Measure from the 100th confirmed line: the start (file prescan, first moves) is the same with or without load.
    while ((printer.status().job?.linesConfirmed ?? 0) < 100) await new Promise((r) => setTimeout(r, 5))
    const load = withLoad
      ? spawn(
          process.execPath,
          [
            '--import',
            'tsx',
            fileURLToPath(import.meta.url),
            '--load',
            base,
            jobId,
            String(httpClients),
            String(wsClients),
            String(intervalMs),
            String(wsPingMs),
          ],
          { stdio: ['pipe', 'pipe', 'inherit'] },
        )
      : null
    o.prioritise(load?.pid, 19)
    const loadResult = load
      ? new Promise<string>((resolve) => {
          let out = ''
          load.stdout!.on('data', (c) => (out += c))
          load.on('exit', () => resolve(out))
        })
      : null
    // Clients connect (and the JIT warms up) before measuring: the steady load is what is compared.
    if (load) await new Promise((r) => setTimeout(r, 1500))
    await simStats.reset()
    const loopDelay = monitorEventLoopDelay({ resolution: 5 })
    loopDelay.enable()
    const linesAtStart = printer.status().job?.linesConfirmed ?? 0
    const started = performance.now()
    while (jobs.get(jobId)?.status !== 'completed') {
      const status = jobs.get(jobId)?.status
      if (status === 'failed' || status === 'cancelled') throw new Error(`bench print ${status}`)
      await new Promise((r) => setTimeout(r, 50))
    }
    const seconds = (performance.now() - started) / 1000
    const stats = await simStats.read()
    loopDelay.disable()
    load?.stdin!.end()
    const loadStats = loadResult ? (JSON.parse((await loadResult).trim().split('\n').at(-1) ?? '{}') as Record<string, number>) : null
    const row = {
      engine: thread,
      ...(thread === 'process' && arg('gateway-nice', 0) ? { gatewayNice: arg('gateway-nice', 0) } : {}),
      ...(thread === 'process' && arg('engine-nice', 0) ? { engineNice: arg('engine-nice', 0) } : {}),
      load: withLoad ? 'yes' : 'no',
      printSeconds: seconds.toFixed(1),
      linesPerSecond: Math.round((lines - linesAtStart) / seconds),
      underruns: stats.underruns,
      maxMoveGapMs: Math.round(stats.maxMoveGapMs * 10) / 10,
      gatewayLoopDelayP99Ms: Math.round(loopDelay.percentile(99) / 1e5) / 10,
      gatewayLoopDelayMaxMs: Math.round(loopDelay.max / 1e5) / 10,
      plannerDepthP1: depthPercentile(stats.plannerDepthAtMove, 1),
      plannerDepthMedian: depthPercentile(stats.plannerDepthAtMove, 50),
    }
    const loadRow = loadStats
      ? {
          requestsPerSecond: Math.round(loadStats.requests! / loadStats.seconds!),
          p50Ms: loadStats.p50?.toFixed(2),
          p99Ms: loadStats.p99?.toFixed(2),
          maxMs: loadStats.max?.toFixed(1),
          errors: loadStats.errors,
          wsMessages: loadStats.wsMessages,
          wsPongsPerSecond: Math.round(loadStats.wsPongs! / loadStats.seconds!),
        }
      : {}
    console.log(JSON.stringify({ ...row, ...loadRow }))
  }

  await printOnce(false)
  await printOnce(true)
  await gw.close('cancel')
  if (thread === 'process' && arg('gateway-nice', 0)) setPriority(0, 0)
  sim.dispose()
  await simChild?.close()
}

const loadAt = process.argv.indexOf('--load')
const simAt = process.argv.indexOf('--sim')
if (simAt >= 0) void runSim(process.argv[simAt + 1]!)
else if (loadAt >= 0)
  void runLoad(
    process.argv[loadAt + 1]!,
    process.argv[loadAt + 2]!,
    Number(process.argv[loadAt + 3]),
    Number(process.argv[loadAt + 4]),
    Number(process.argv[loadAt + 5]),
    Number(process.argv[loadAt + 6]),
  )
else void runBench()
