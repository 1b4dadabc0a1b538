// GET /health: the seed's SystemHealth shape filled from real checks (database, printer, slicer, disk, event loop).
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi'
import { readFileSync } from 'node:fs'
import { statfs } from 'node:fs/promises'
import { cpus, freemem, loadavg, totalmem } from 'node:os'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import type { PrinterService } from '../printer/types.js'

export type Level = 'healthy' | 'degraded' | 'unhealthy'
export interface HealthCheck {
  status: Level
  [key: string]: unknown
}

export interface HealthDeps {
  version: string
  startedAt: number
  checkDatabase: () => void
  printer: PrinterService
  findSlicer: () => Promise<string>
  /** Parses a fixed request with the intent parser (the "research" step); throws when it cannot. */
  checkIntentParser?: () => void
  dataDir: string
  activeWorkflows: () => number
  totalCompleted: () => number
  connections: () => number
  /** Extra probes (Pi SoC temperature, throttling …) plugged in by src/ops. */
  extraChecks?: () => Promise<Record<string, HealthCheck>>
}

const Health = z
  .object({
    status: z.enum(['healthy', 'degraded', 'unhealthy', 'unknown']),
    version: z.string(),
    uptime_seconds: z.number(),
    active_workflows: z.number(),
    total_completed: z.number(),
    agents_status: z.record(z.string(), z.string()),
    system_metrics: z.record(z.string(), z.number()),
    checks: z.record(z.string(), z.object({ status: z.enum(['healthy', 'degraded', 'unhealthy']) }).passthrough()),
  })
  .openapi('SystemHealth')

const route = createRoute({
  method: 'get',
  path: '/health',
  tags: ['system'],
  summary: 'Health of the gateway (always 200; read `status`)',
  responses: { 200: { description: 'Health', content: { 'application/json': { schema: Health } } } },
})

function researchStatus(deps: HealthDeps): Level | 'unknown' {
  if (!deps.checkIntentParser) return 'unknown'
  try {
    deps.checkIntentParser()
    return 'healthy'
  } catch {
    return 'unhealthy'
  }
}

/** The process's threads as the kernel counts them (Linux); left out where /proc cannot say. */
function threadCount(): { active_threads?: number } {
  try {
    const threads = /^Threads:\s+(\d+)/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1]
    return threads ? { active_threads: Number(threads) } : {}
  } catch {
    return {}
  }
}

const worst = (levels: Level[]): Level => (levels.includes('unhealthy') ? 'unhealthy' : levels.includes('degraded') ? 'degraded' : 'healthy')

function cpuSampler() {
  const totals = () =>
    cpus().reduce((acc, c) => ({ idle: acc.idle + c.times.idle, all: acc.all + Object.values(c.times).reduce((a, b) => a + b, 0) }), { idle: 0, all: 0 })
  let last = totals()
  return () => {
    const now = totals()
    const all = now.all - last.all
    const busy = all > 0 ? 100 * (1 - (now.idle - last.idle) / all) : 0
    last = now
    return Math.round(busy * 10) / 10
  }
}

export function createHealthRoutes(deps: HealthDeps): { app: OpenAPIHono; dispose: () => void } {
  const app = new OpenAPIHono()
  const loop = monitorEventLoopDelay({ resolution: 20 })
  loop.enable()
  const cpu = cpuSampler()
  let slicer: { at: number; check: HealthCheck } | null = null

  async function slicerCheck(): Promise<HealthCheck> {
    if (slicer && Date.now() - slicer.at < 60_000) return slicer.check
    let check: HealthCheck
    try {
      check = { status: 'healthy', path: await deps.findSlicer() }
    } catch (error) {
      check = { status: 'degraded', error: error instanceof Error ? error.message : String(error) }
    }
    slicer = { at: Date.now(), check }
    return check
  }

  app.openapi(route, async (c) => {
    const checks: Record<string, HealthCheck> = {}
    try {
      deps.checkDatabase()
      checks.database = { status: 'healthy' }
    } catch (error) {
      checks.database = { status: 'unhealthy', error: String(error) }
    }
    const printer = deps.printer.status()
    const linkUp = ['operational', 'printing', 'paused'].includes(printer.state)
    checks.printer = {
      status: linkUp ? 'healthy' : printer.state === 'error' ? 'unhealthy' : 'degraded',
      state: printer.state,
      reason: printer.reason,
      firmware: printer.firmware?.name ?? null,
      profile: printer.firmware?.profile ?? null,
    }
    checks.slicer = await slicerCheck()
    let diskPercent = 0
    try {
      const fs = await statfs(deps.dataDir)
      diskPercent = Math.round((1 - fs.bavail / fs.blocks) * 1000) / 10
      checks.disk = { status: diskPercent > 85 ? 'degraded' : 'healthy', used_percent: diskPercent, free_bytes: fs.bavail * fs.bsize }
    } catch (error) {
      checks.disk = { status: 'unhealthy', error: String(error) }
    }
    const lagMs = Math.round((loop.percentile(99) / 1e6) * 10) / 10
    loop.reset()
    checks.event_loop = { status: lagMs > 500 ? 'unhealthy' : lagMs > 100 ? 'degraded' : 'healthy', lag_p99_ms: lagMs }
    if (deps.extraChecks) {
      try {
        Object.assign(checks, await deps.extraChecks())
      } catch (error) {
        checks.ops = { status: 'degraded', error: String(error) }
      }
    }
    const uptime = Math.round((Date.now() - deps.startedAt) / 100) / 10
    return c.json(
      {
        status: worst(Object.values(checks).map((ch) => ch.status)),
        version: deps.version,
        uptime_seconds: uptime,
        active_workflows: deps.activeWorkflows(),
        total_completed: deps.totalCompleted(),
        // Only what was checked: the parser is run, CAD has no probe (its worker starts per job), so it reads unknown.
        agents_status: { research: researchStatus(deps), cad: 'unknown', slicer: checks.slicer.status, printer: checks.printer.status, parent: 'running' },
        system_metrics: {
          cpu_usage_percent: cpu(),
          memory_usage_percent: Math.round((1 - freemem() / totalmem()) * 1000) / 10,
          disk_usage_percent: diskPercent,
          load_average: loadavg()[0] ?? 0,
          uptime_seconds: uptime,
          network_connections: deps.connections(),
          ...threadCount(),
          active_connections: deps.connections(),
          event_loop_lag_ms: lagMs,
          rss_mb: Math.round(process.memoryUsage.rss() / 1e5) / 10,
        },
        checks,
      },
      200,
    )
  })
  return { app, dispose: () => loop.disable() }
}
