// End to end on the simulator with the real plan library, PrusaSlicer and the spawned gateway process.
import { execFileSync } from 'node:child_process'
import { afterEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { smallGcode } from '../api/fake-plan.js'
import { until } from '../api/harness.js'
import { startGatewayProcess, type GatewayProcess } from '../api/process.js'

const INSTANT_SIM = 'sim://marlin?baud=0&latencyMs=0&heatRate=500&bedHeatRate=500&homeMs=0&timeScale=0'
const REALTIME_SIM = 'sim://marlin?baud=250000&latencyMs=1&heatRate=500&bedHeatRate=500&homeMs=10&timeScale=1'

const running: GatewayProcess[] = []
afterEach(async () => {
  for (const p of running.splice(0)) await p.stop('SIGKILL')
})
async function start(o: Parameters<typeof startGatewayProcess>[0]) {
  const p = await startGatewayProcess(o)
  running.push(p)
  return p
}

const api = (gw: GatewayProcess) => ({
  status: async (id: string) => (await (await fetch(`${gw.baseUrl}/api/status/${id}`)).json()) as Record<string, any>,
  events: async (id: string) => (await (await fetch(`${gw.baseUrl}/api/workflows/${id}/events`)).json()) as Record<string, any>[],
  // These runs print without the phone's "Print it" (it has its own suites: test/api/preview, test/ui/preview).
  request: async (text: string) => {
    const res = await fetch(`${gw.baseUrl}/api/print-request`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user_request: text, quality_level: 'draft', confirm_before_print: false }),
    })
    expect(res.status).toBe(201)
    return ((await res.json()) as Record<string, any>).job_id as string
  },
  upload: async (text: string, name = 'part.gcode') => {
    const form = new FormData()
    form.append('file', new Blob([text]), name)
    form.append('print', 'true')
    const res = await fetch(`${gw.baseUrl}/api/files`, { method: 'POST', body: form })
    expect(res.status).toBe(201)
    return ((await res.json()) as Record<string, any>).job.job_id as string
  },
})

describe('gateway end to end', () => {
  it('a text request goes through every step to a completed print, with the events a phone sees', async () => {
    const gw = await start({ simUrl: INSTANT_SIM })
    const ws = new WebSocket(`${gw.wsUrl}/ws/progress`)
    const seen: Record<string, any>[] = []
    ws.on('message', (d) => seen.push(JSON.parse(String(d))))
    await new Promise((r) => ws.once('open', r))
    const a = api(gw)
    const id = await a.request('Print a 10 mm cube in PLA')
    const done = await until(
      async () => {
        const s = await a.status(id)
        if (s.status === 'failed') throw new Error(`job failed: ${s.error_code} ${s.error_message}`)
        return s.status === 'completed' ? s : null
      },
      90_000,
      'completed print',
    )
    expect(done.steps.map((s: any) => s.status)).toEqual(['completed', 'completed', 'completed', 'completed'])
    expect(done.layer_count).toBeGreaterThan(10)
    expect(done.estimated_seconds).toBeGreaterThan(0)
    const stl = await fetch(gw.baseUrl + done.output_files.stl)
    expect(stl.status).toBe(200)
    await until(() => seen.some((m) => m.job_id === id && m.status === 'completed') || null, 5000)
    ws.close()
    const statuses = seen.filter((m) => m.job_id === id && m.type === 'status_update').map((m) => m.status)
    expect(statuses).toEqual(['pending', 'research_phase', 'cad_phase', 'slicing_phase', 'queued', 'printing_phase', 'completed'])

    // The STL it made, uploaded again, skips research and CAD.
    const form = new FormData()
    form.append('file', new Blob([await stl.arrayBuffer()]), 'cube.stl')
    form.append('print', 'true')
    const uploaded = (await (await fetch(`${gw.baseUrl}/api/files`, { method: 'POST', body: form })).json()) as Record<string, any>
    expect(uploaded.kind).toBe('stl')
    await fetch(`${gw.baseUrl}/api/printer/bed-cleared`, { method: 'POST' })
    const fromStl = await until(
      async () => {
        const s = await a.status(uploaded.job.job_id)
        if (s.status === 'failed') throw new Error(`STL job failed: ${s.error_code} ${s.error_message}`)
        return s.status === 'completed' ? s : null
      },
      90_000,
      'STL job completed',
    )
    expect(fromStl.source).toBe('stl')
    expect(fromStl.steps.map((s: any) => s.status)).toEqual(['skipped', 'skipped', 'completed', 'completed'])
  }, 120_000)

  it('two jobs queue; a queued job cancels cleanly; bed-cleared starts the next', async () => {
    const gw = await start({ simUrl: REALTIME_SIM })
    const a = api(gw)
    const first = await a.upload(smallGcode(4, 10), 'first.gcode')
    const second = await a.upload(smallGcode(2, 5), 'second.gcode')
    const third = await a.upload(smallGcode(2, 5), 'third.gcode')
    await until(async () => (await a.status(first)).status === 'printing_phase' || null)
    expect(await a.status(second)).toMatchObject({ status: 'queued', queue_position: 1 })
    expect(await a.status(third)).toMatchObject({ status: 'queued', queue_position: 2 })
    expect((await fetch(`${gw.baseUrl}/api/workflows/${second}`, { method: 'DELETE' })).status).toBe(204)
    expect((await a.status(third)).queue_position).toBe(1)
    await until(async () => (await a.status(first)).status === 'completed' || null, 30_000)
    // The printer back to operational asks the scheduler for the next job; the uncleared bed keeps it waiting.
    const idle = await until(
      async () => {
        const p = (await (await fetch(`${gw.baseUrl}/api/printer/status`)).json()) as Record<string, any>
        return p.state === 'operational' ? p : null
      },
      10_000,
      'the printer operational after the first print',
    )
    expect(idle).toMatchObject({ active_job_id: null, bed_clear: false })
    expect((await a.status(third)).status).toBe('queued')
    expect((await fetch(`${gw.baseUrl}/api/printer/bed-cleared`, { method: 'POST' })).status).toBe(200)
    await until(async () => (await a.status(third)).status === 'completed' || null, 30_000)
    expect((await a.status(second)).status).toBe('cancelled')
  }, 120_000)

  it('SIGKILL mid-print, restart: the print is interrupted with its position, pipelines re-run, the queue survives', async () => {
    const first = await start({ simUrl: REALTIME_SIM })
    const a = api(first)
    const printing = await a.upload(smallGcode(20, 50), 'long.gcode')
    const waiting = await a.upload(smallGcode(2, 5), 'next.gcode')
    await until(async () => ((await a.status(printing)).last_confirmed_line ?? 0) > 40 || null, 20_000, 'persisted progress')
    const fresh = await a.request('Print a 12 mm cube for the restart')
    expect(await first.stop('SIGKILL')).toBeNull()

    const second = await start({ simUrl: REALTIME_SIM, dataDir: first.dataDir })
    const b = api(second)
    const interrupted = await b.status(printing)
    expect(interrupted.status).toBe('interrupted')
    expect(interrupted.error_code).toBe('JOB_INTERRUPTED')
    expect(interrupted.last_confirmed_line).toBeGreaterThan(40)
    expect(interrupted.byte_offset).toBeGreaterThan(0)
    expect(interrupted.layer).toBeGreaterThanOrEqual(1)
    expect(interrupted.z).toBeGreaterThan(0)
    expect(interrupted.message).toContain(`last confirmed line ${interrupted.last_confirmed_line}`)
    const history = (await b.events(printing)).map((e) => e.type)
    expect(history).toEqual(['created', 'queued', 'step_started', 'interrupted'])
    const reprint = await fetch(`${second.baseUrl}/api/workflows/${printing}/reprint`, { method: 'POST' })
    expect(reprint.status).toBe(201)
    const again = (await reprint.json()) as Record<string, any>
    expect(again).toMatchObject({ source: 'gcode', gcode_sha256: interrupted.gcode_sha256 })
    expect((await fetch(`${second.baseUrl}/api/workflows/${again.job_id}`, { method: 'DELETE' })).status).toBe(204)
    expect((await fetch(`${second.baseUrl}/api/workflows/${waiting}/reprint`, { method: 'POST' })).status).toBe(400)
    expect(await b.status(waiting)).toMatchObject({ status: 'queued', queue_position: 1 })
    const rerun = await until(
      async () => {
        const s = await b.status(fresh)
        return s.status === 'queued' ? s : null
      },
      60_000,
      'text job re-run to queued',
    )
    expect(rerun.queue_position).toBe(2)
    expect((await b.events(fresh)).map((e) => e.type)).toContain('restarted')
    await fetch(`${second.baseUrl}/api/printer/bed-cleared`, { method: 'POST' })
    await until(async () => (await b.status(waiting)).status === 'completed' || null, 30_000, 'queued job printed after restart')
    expect(await second.stop('SIGTERM')).toBe(0)
  }, 120_000)

  it('SIGTERM mid-print: the print is stopped safely and recorded, the process exits 0', async () => {
    const gw = await start({ simUrl: REALTIME_SIM })
    const a = api(gw)
    const id = await a.upload(smallGcode(20, 50), 'long.gcode')
    await until(async () => ((await a.status(id)).last_confirmed_line ?? 0) > 20 || null, 20_000, 'printing')
    expect(await gw.stop('SIGTERM')).toBe(0)
    expect(gw.logs.some((l) => l.includes('"msg":"stopped"'))).toBe(true)
    const again = await start({ simUrl: REALTIME_SIM, dataDir: gw.dataDir })
    const job = await api(again).status(id)
    expect(job.status).toBe('interrupted')
    expect(job.message).toContain('shut down')
    expect(job.last_confirmed_line).toBeGreaterThan(20)
    const ended = (await api(again).events(id)).find((e) => e.type === 'print_ended')
    expect(ended?.data.outcome).toBe('cancelled')
  }, 120_000)

  it('cancel while PrusaSlicer runs kills the slicer process; the job stays cancelled', async () => {
    const gw = await start({ simUrl: INSTANT_SIM })
    const slicers = () => {
      try {
        return execFileSync('ps', ['-o', 'pid=,comm=', '--ppid', String(gw.child.pid)], { encoding: 'utf8' })
          .split('\n')
          .filter((l) => /prusa/i.test(l))
      } catch {
        return []
      }
    }
    const res = await fetch(`${gw.baseUrl}/api/print-request`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user_request: 'Print a sphere 150 mm in diameter', quality_level: 'ultra' }),
    })
    const id = ((await res.json()) as Record<string, any>).job_id as string
    await until(() => slicers().length > 0 || null, 60_000, 'PrusaSlicer running')
    expect((await fetch(`${gw.baseUrl}/api/workflows/${id}`, { method: 'DELETE' })).status).toBe(204)
    await until(() => slicers().length === 0 || null, 5000, 'PrusaSlicer gone')
    // The slicing step is recorded failed once the pipeline has seen the killed slicer; after that nothing moves the job on.
    const job = await until(
      async () => {
        const s = await api(gw).status(id)
        return s.steps.find((step: any) => step.name === 'slicing')?.status === 'failed' ? s : null
      },
      10_000,
      'the slicing step recorded failed',
    )
    expect(job.status).toBe('cancelled')
    expect(job.steps.find((s: any) => s.name === 'slicing')).toMatchObject({ status: 'failed', error_code: 'JOB_CANCELLED' })
    expect(job.output_files?.gcode).toBeUndefined()
  }, 120_000)
})
