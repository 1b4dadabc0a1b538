// npm run bench:camera [-- --seconds 20 --lines 12000 --viewers 3 --size 640x480 --fps 10 --flow buffered] — gateway CPU while relaying a camera, and the link with and without it.
// CPU figures of the print rows include the simulator (same process). The stand-in camera (ffmpeg testsrc2 → MJPEG over HTTP) and the viewers run in child processes (on a Pi they are the
// streamer and the phones); this process is the gateway: camera relay, HTTP, and the printer engine on the simulator on
// the SAME event loop (printer.engine in-process), the harshest case for "the camera never touches the serial stream".
import { serve } from '@hono/node-server'
import { spawn, type ChildProcess } from 'node:child_process'
import http from 'node:http'
import { mkdtempSync, writeFileSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { setPriority, tmpdir } from 'node:os'
import { join } from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { Hono } from 'hono'
import { cameraConfigSchema } from '../src/camera/config.js'
import { createCameraService } from '../src/camera/index.js'
import { createSystemClock } from '../src/core/clock.js'
import { silentLogger } from '../src/core/logger.js'
import { createPrinterService } from '../src/printer/printer-service.js'
import type { FlowMode } from '../src/printer/types.js'
import { loadFirmwareProfiles } from '../src/profiles/load.js'
import { createBindingResolver } from '../src/serial/resolve-binding.js'
import { createSimBinding } from '../src/sim/sim-binding.js'
import { curvedWall } from './wall.js'

// Buffered flow fills the 300 lines/s the wall needs with no underrun when nothing disturbs the link, so any
// disturbance from the camera shows as underruns; `--flow ping-pong` (Marlin's safe default) starves by design.
const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback
}
const SIM_URL = 'sim://marlin?baud=250000&latencyMs=3&heatRate=500&bedHeatRate=500&homeMs=0&transcript=0'
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Child: the stand-in streamer; prints its URL. */
async function runCamera(size: string, fps: number) {
  const { startStandInCamera } = await import('../test/camera/stand-in-camera.js')
  const camera = await startStandInCamera({ size, fps })
  process.stdout.write(`${camera.url}\n`)
  process.stdin.resume().on('end', () => void camera.stop().then(() => process.exit(0)))
}

/** Child: n phones reading an MJPEG stream (parts start with `--<boundary>`); on stdin end prints the frames each received. */
function runViewers(url: string, n: number, boundary: string) {
  const started = performance.now()
  const counts = Array.from({ length: n }, () => 0)
  const marker = Buffer.from(`--${boundary}\r\n`)
  for (let i = 0; i < n; i++) {
    let tail = Buffer.alloc(0)
    http.get(url, { agent: false }, (res) => {
      res.on('data', (chunk: Buffer) => {
        const data = Buffer.concat([tail, chunk])
        for (let at = data.indexOf(marker); at >= 0; at = data.indexOf(marker, at + 1)) counts[i]!++
        tail = data.subarray(Math.max(0, data.length - marker.length + 1))
      })
    })
  }
  process.stdin.resume().on('end', () => {
    const seconds = (performance.now() - started) / 1000
    process.stdout.write(JSON.stringify({ seconds, fpsPerViewer: counts.map((c) => Math.round((c / seconds) * 10) / 10) }) + '\n')
    process.exit(0)
  })
}

function child(args: string[], nice: number): { proc: ChildProcess; firstLine: Promise<string>; lastLine: Promise<string> } {
  const proc = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), ...args], { stdio: ['pipe', 'pipe', 'inherit'] })
  try {
    if (proc.pid) setPriority(proc.pid, nice)
  } catch {
    /* not allowed: measure as is */
  }
  let out = ''
  let resolveFirst: (line: string) => void = () => {}
  const firstLine = new Promise<string>((r) => (resolveFirst = r))
  proc.stdout!.on('data', (c) => {
    out += String(c)
    if (out.includes('\n')) resolveFirst(out.split('\n')[0]!)
  })
  const lastLine = new Promise<string>((r) => proc.on('exit', () => r(out.trim().split('\n').at(-1) ?? '')))
  return { proc, firstLine, lastLine }
}

const cpuPercent = (usage: NodeJS.CpuUsage, seconds: number) => Math.round(((usage.user + usage.system) / 1e6 / seconds) * 1000) / 10

async function runBench() {
  const seconds = Number(arg('seconds', '20'))
  const lines = Number(arg('lines', '12000'))
  const viewerCount = Number(arg('viewers', '3'))
  const size = arg('size', '640x480')
  const fps = Number(arg('fps', '10'))
  console.log(
    `stand-in camera ${size} at ${fps} fps (ffmpeg testsrc2, own process); ${viewerCount} viewers (own process, nice 19); gateway = this process, engine on the same event loop as the camera (printer.engine in-process), simulator in process at 250000 baud, 3 ms latency, ${arg('flow', 'buffered')} flow`,
  )
  const camera = child(['--camera', size, String(fps)], 0)
  const upstream = await camera.firstLine
  const dataDir = mkdtempSync(join(tmpdir(), 'pg-bench-camera-'))
  const clock = createSystemClock()
  const sim = createSimBinding({ clock })
  const printer = createPrinterService({
    clock,
    logger: silentLogger,
    profiles: loadFirmwareProfiles(),
    resolveBinding: createBindingResolver({ sim }),
    options: { defaultPort: SIM_URL, defaultBaud: 250000, profile: 'marlin', flowMode: arg('flow', 'buffered') as FlowMode },
  })
  await printer.connect()
  const file = join(dataDir, 'wall.gcode')
  writeFileSync(file, curvedWall(lines))
  // Without the camera the same phones read the streamer directly, so the streamer and the phones cost the
  // machine the same in both rows and only the gateway's relay differs.
  const printOnce = async (label: string, streamUrl: string | null) => {
    const watchers = child(['--viewers', streamUrl ?? upstream, String(viewerCount), streamUrl ? 'printgate' : 'ffmpeg'], 19)
    await sleep(2000)
    const simulated = sim.printer(SIM_URL)!
    const lag = monitorEventLoopDelay({ resolution: 5 })
    lag.enable()
    const cpu0 = process.cpuUsage()
    const t0 = performance.now()
    const { done } = await printer.startPrint({ jobId: `bench-${label}`, path: file })
    simulated.resetStats()
    const result = await done
    const elapsed = (performance.now() - t0) / 1000
    const cpu = process.cpuUsage(cpu0)
    lag.disable()
    const s = simulated.stats()
    watchers.proc.stdin!.end()
    const seen = JSON.parse(await watchers.lastLine) as { fpsPerViewer: number[] }
    console.log(
      JSON.stringify({
        phase: 'print',
        camera: label,
        viewersRead: streamUrl ? 'the gateway' : 'the streamer directly',
        outcome: result.outcome,
        linesPerSecond: Math.round(lines / elapsed),
        underruns: s.underruns,
        underrunMs: Math.round(s.underrunMs),
        gatewayCpuPercent: cpuPercent(cpu, elapsed),
        maxLoopLagMs: Math.round(lag.max / 1e5) / 10,
        viewerFps: seen.fpsPerViewer,
      }),
    )
  }

  // 1. The link without any camera code running (no camera configured), after a short warm-up print (JIT)
  writeFileSync(join(dataDir, 'warm-up.gcode'), curvedWall(1500))
  await (
    await printer.startPrint({ jobId: 'warm-up', path: join(dataDir, 'warm-up.gcode') })
  ).done
  await printOnce('off', null)
  const idle0 = process.cpuUsage()
  await sleep(seconds * 1000)
  const idleCpu = cpuPercent(process.cpuUsage(idle0), seconds)

  // 2. CPU while relaying to the viewers (printer idle)
  const cameras = createCameraService({
    config: cameraConfigSchema.parse({ url: upstream, fps, idleFps: fps, lingerMs: 1000 }),
    printer,
    clock,
    dataDir,
    logger: silentLogger,
  })
  const app = new Hono()
  app.route('/', cameras.routes)
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s))
  })
  const streamUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webcam/?action=stream`
  const viewers = child(['--viewers', streamUrl, String(viewerCount), 'printgate'], 19)
  await sleep(3000)
  const relay0 = process.cpuUsage()
  const rss0 = process.memoryUsage().rss
  await sleep(seconds * 1000)
  const relayCpu = cpuPercent(process.cpuUsage(relay0), seconds)
  viewers.proc.stdin!.end()
  const seen = JSON.parse(await viewers.lastLine) as { fpsPerViewer: number[] }
  const stats = cameras.cameras[0]!.relay.stats()
  console.log(
    JSON.stringify({
      phase: 'relay',
      seconds,
      gatewayCpuIdlePercent: idleCpu,
      gatewayCpuRelayingPercent: relayCpu,
      cameraCostPercent: Math.round((relayCpu - idleCpu) * 10) / 10,
      viewerFps: seen.fpsPerViewer,
      upstreamConnections: stats.connectionsOpened,
      rssMb: Math.round(process.memoryUsage().rss / 1e6),
      rssChangeMb: Math.round((process.memoryUsage().rss - rss0) / 1e6),
    }),
  )

  // 3. The same print with the viewers watching and the timelapse recording a frame per layer
  await printOnce('on', streamUrl)
  await cameras.recorder?.settled('bench-on')
  while (cameras.renderer?.rendering('bench-on')) await sleep(200)
  const listing = (await (await fetch(streamUrl.replace('/webcam/?action=stream', '/api/timelapse'))).json()) as { files: { name: string; size: string }[] }
  console.log(
    JSON.stringify({
      phase: 'timelapse',
      rendered: listing.files.map((f) => `${f.name} ${f.size}`),
      upstreamConnections: cameras.cameras[0]!.relay.stats().connectionsOpened,
    }),
  )
  cameras.stop()
  server.close()
  // 4. Without the camera again: the machine is shared, so off / on / off shows how much is noise
  await printOnce('off-again', null)
  await printer.shutdown()
  sim.dispose()
  camera.proc.stdin!.end()
  process.exit(0)
}

const at = (flag: string) => process.argv.indexOf(flag)
if (at('--camera') >= 0) void runCamera(process.argv[at('--camera') + 1]!, Number(process.argv[at('--camera') + 2]))
else if (at('--viewers') >= 0) runViewers(process.argv[at('--viewers') + 1]!, Number(process.argv[at('--viewers') + 2]), process.argv[at('--viewers') + 3]!)
else void runBench()
