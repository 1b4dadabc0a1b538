// Workflow API on the real engine + simulator (plan library faked): full run, queue + bed-clear, cancel in each phase.
import { afterEach, describe, expect, it } from 'vitest'
import { createFakePlan } from './fake-plan.js'
import { startTestGateway, until, type TestGateway } from './harness.js'

let gw: TestGateway | null = null
afterEach(async () => {
  await gw?.close()
  gw = null
})

const post = (path: string, body?: unknown) =>
  fetch(gw!.baseUrl + path, { method: 'POST', headers: { 'content-type': 'application/json' }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) })
const status = async (id: string) => (await (await fetch(`${gw!.baseUrl}/api/status/${id}`)).json()) as Record<string, any>
const request = (text = 'Print a 20 mm calibration cube please') => post('/api/print-request', { user_request: text })
const waitStatus = (id: string, wanted: string, timeoutMs = 15_000) =>
  until(async () => ((await status(id)).status === wanted ? status(id) : null), timeoutMs, `${id} → ${wanted}`)

describe('workflows', () => {
  it('runs a text request through every step to a completed print, with steps, outputs and events', async () => {
    gw = await startTestGateway({ plan: createFakePlan() })
    const res = await request()
    expect(res.status).toBe(201)
    const created = (await res.json()) as Record<string, any>
    expect(created).toMatchObject({ status: 'pending', progress_percentage: 0, current_step: 'Initializing workflow', output_files: null })
    expect(created.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/)
    const done = await waitStatus(created.job_id, 'completed')
    expect(done.progress_percentage).toBe(100)
    expect(done.steps.map((s: any) => [s.name, s.status])).toEqual([
      ['research', 'completed'],
      ['cad', 'completed'],
      ['slicing', 'completed'],
      ['printing', 'completed'],
    ])
    expect(done.steps.every((s: any) => typeof s.duration_ms === 'number')).toBe(true)
    expect(done.output_files).toEqual({
      intent: `/api/workflows/${created.job_id}/files/intent`,
      stl: `/api/workflows/${created.job_id}/files/stl`,
      gcode: `/api/workflows/${created.job_id}/files/gcode`,
    })
    const gcode = await fetch(gw.baseUrl + done.output_files.gcode)
    expect(gcode.status).toBe(200)
    expect(await gcode.text()).toContain('G28')
    expect(done.gcode_sha256).toMatch(/^[0-9a-f]{64}$/)
    expect(done.last_confirmed_line).toBeGreaterThan(60)
    const events = (await (await fetch(`${gw.baseUrl}/api/workflows/${created.job_id}/events`)).json()) as any[]
    expect(events.map((e) => e.type)).toEqual([
      'created',
      'step_started',
      'step_completed',
      'step_started',
      'step_completed',
      'step_started',
      'step_completed',
      'queued',
      'step_started',
      'print_ended',
    ])
    // The simulated firmware executed every move of the file exactly once, in order.
    const sim = [...gw.sim.ports.values()][0]!
    const moves = (text: string[]) => text.filter((l) => l.startsWith('G1 X'))
    const fileMoves = moves((await (await fetch(gw.baseUrl + done.output_files.gcode)).text()).split('\n'))
    expect(fileMoves.length).toBe(60)
    expect(moves(sim.transcript.map((t) => t.command.trim()))).toEqual(fileMoves)
  })

  it('queues the second job until the bed is confirmed clear, and lists jobs with X-Total-Count', async () => {
    gw = await startTestGateway({ plan: createFakePlan() })
    const first = ((await (await request()).json()) as any).job_id
    await waitStatus(first, 'completed')
    const second = ((await (await request('Print a 10 mm cube for the queue')).json()) as any).job_id
    const waiting = await waitStatus(second, 'queued')
    expect(waiting.queue_position).toBe(1)
    // Queuing asked the scheduler to start it; the idle printer and the uncleared bed kept it waiting.
    expect(gw.printer.status().state).toBe('operational')
    expect(gw.orchestrator.activeJobId()).toBeNull()
    expect((await status(second)).status).toBe('queued')
    const printer = (await (await post('/api/printer/bed-cleared')).json()) as any
    expect(printer.bed_clear === false || printer.active_job_id === second).toBe(true)
    await waitStatus(second, 'completed')
    const list = await fetch(`${gw.baseUrl}/api/workflows?limit=1&offset=0`)
    expect(list.headers.get('x-total-count')).toBe('2')
    const items = (await list.json()) as any[]
    expect(Array.isArray(items)).toBe(true)
    expect(items.map((i) => i.job_id)).toEqual([second])
    const filtered = (await (await fetch(`${gw.baseUrl}/api/workflows?status_filter=nope`)).json()) as any[]
    expect(filtered).toEqual([])
    const seedWebNames = (await (await fetch(`${gw.baseUrl}/api/workflows?skip=1&limit=5&status=completed`)).json()) as any[]
    expect(seedWebNames.map((i) => i.job_id)).toEqual([first])
  })

  it('cancels in the slicing phase (the slicer is aborted) and the job stays cancelled', async () => {
    const plan = createFakePlan()
    plan.controls.holdSlicing = true
    gw = await startTestGateway({ plan })
    const id = ((await (await request()).json()) as any).job_id
    // The slicer itself is running (the step can read slicing a moment before the slicer is called).
    await until(() => plan.controls.sliceCalls === 1 || null, 10_000, 'the slicer to start')
    expect((await status(id)).status).toBe('slicing_phase')
    const del = await fetch(`${gw.baseUrl}/api/workflows/${id}`, { method: 'DELETE' })
    expect(del.status).toBe(204)
    await until(() => plan.controls.abortedSlices === 1 || null, 3000, 'slicer aborted')
    const after = await until(
      async () => {
        const s = await status(id)
        return s.steps.find((step: any) => step.name === 'slicing').status === 'failed' ? s : null
      },
      10_000,
      'the aborted slicing step recorded',
    )
    expect(after.status).toBe('cancelled')
    expect(after.error_message).toBe('Workflow cancelled by user')
    expect(after.steps.find((s: any) => s.name === 'slicing').status).toBe('failed')
    const again = await fetch(`${gw.baseUrl}/api/workflows/${id}`, { method: 'DELETE' })
    expect(again.status).toBe(400)
    expect(((await again.json()) as any).error).toBe('JOB_INVALID_TRANSITION')
  })

  it('cancels a print mid-stream: the printer stops and the job reads cancelled with its last line', async () => {
    const plan = createFakePlan()
    plan.controls.layers = 40
    plan.controls.movesPerLayer = 50
    gw = await startTestGateway({ plan, simUrl: 'sim://marlin?baud=250000&latencyMs=1&heatRate=200&bedHeatRate=200&homeMs=20&timeScale=0.5' })
    const id = ((await (await request()).json()) as any).job_id
    await until(async () => ((await status(id)).last_confirmed_line ?? 0) > 30 || null, 15_000, 'printing progress')
    expect((await fetch(`${gw.baseUrl}/api/workflows/${id}`, { method: 'DELETE' })).status).toBe(204)
    await until(() => gw!.printer.status().state === 'operational' || null, 10_000, 'printer idle')
    const after = await status(id)
    expect(after.status).toBe('cancelled')
    expect(after.last_confirmed_line).toBeGreaterThan(30)
    const events = (await (await fetch(`${gw.baseUrl}/api/workflows/${id}/events`)).json()) as any[]
    expect(events.at(-1).type).toBe('print_ended')
  })

  it('records a failing step with its stable code', async () => {
    const plan = createFakePlan()
    plan.controls.failSlicing = true
    gw = await startTestGateway({ plan })
    const id = ((await (await request()).json()) as any).job_id
    const failed = await waitStatus(id, 'failed')
    expect(failed.error_code).toBe('SLICER_FAILED')
    expect(failed.message).toContain("Failed at step 'G-code generation'")
    expect(failed.steps.map((s: any) => s.status)).toEqual(['completed', 'completed', 'failed', 'skipped'])
  })

  it('pauses and resumes a running print', async () => {
    const plan = createFakePlan()
    plan.controls.layers = 20
    plan.controls.movesPerLayer = 30
    gw = await startTestGateway({ plan, simUrl: 'sim://marlin?baud=250000&latencyMs=1&heatRate=200&bedHeatRate=200&homeMs=20&timeScale=0.3' })
    const id = ((await (await request()).json()) as any).job_id
    await until(async () => ((await status(id)).last_confirmed_line ?? 0) > 20 || null, 15_000, 'printing')
    const paused = await post(`/api/workflows/${id}/pause`)
    expect(paused.status).toBe(200)
    expect(((await paused.json()) as any).status).toBe('paused')
    expect(gw.printer.status().state).toBe('paused')
    const line = gw.printer.status().job!.linesConfirmed
    // Round trips on the link while paused: the stream had every chance to go on, and did not.
    for (let i = 0; i < 3; i++) expect((await gw.printer.sendCommand('M105')).join(' ')).toMatch(/ok/)
    expect(gw.printer.status().job?.linesConfirmed).toBe(line)
    expect((await post(`/api/workflows/${id}/pause`)).status).toBe(400)
    const resumed = await post(`/api/workflows/${id}/resume`)
    expect(((await resumed.json()) as any).status).toBe('printing_phase')
    expect((await fetch(`${gw.baseUrl}/api/workflows/${id}`, { method: 'DELETE' })).status).toBe(204)
    const types = ((await (await fetch(`${gw.baseUrl}/api/workflows/${id}/events`)).json()) as any[]).map((e) => e.type)
    expect(types.filter((t) => t === 'paused')).toHaveLength(1)
    expect(types.filter((t) => t === 'resumed')).toHaveLength(1)
  })

  it('cancels in the CAD phase and while paused', async () => {
    const plan = createFakePlan()
    plan.controls.stepDelayMs = 1500
    gw = await startTestGateway({ plan, simUrl: 'sim://marlin?baud=250000&latencyMs=1&heatRate=200&bedHeatRate=200&homeMs=20&timeScale=0.3' })
    const inCad = ((await (await request()).json()) as any).job_id
    await waitStatus(inCad, 'cad_phase')
    expect((await fetch(`${gw.baseUrl}/api/workflows/${inCad}`, { method: 'DELETE' })).status).toBe(204)
    const cad = await until(
      async () => {
        const s = await status(inCad)
        return s.steps[1].status === 'failed' ? s : null
      },
      10_000,
      'the aborted CAD step recorded',
    )
    expect(cad.status).toBe('cancelled')
    expect(cad.steps.map((s: any) => s.status)).toEqual(['completed', 'failed', 'skipped', 'skipped'])
    expect(plan.controls.sliceCalls).toBe(0)

    plan.controls.stepDelayMs = 0
    plan.controls.layers = 20
    plan.controls.movesPerLayer = 30
    const paused = ((await (await request('Print a 30 mm cube to pause')).json()) as any).job_id
    await until(async () => ((await status(paused)).last_confirmed_line ?? 0) > 20 || null, 15_000, 'printing')
    expect((await post(`/api/workflows/${paused}/pause`)).status).toBe(200)
    expect((await fetch(`${gw.baseUrl}/api/workflows/${paused}`, { method: 'DELETE' })).status).toBe(204)
    await until(() => gw!.printer.status().state === 'operational' || null, 10_000, 'printer idle')
    expect((await status(paused)).status).toBe('cancelled')
  })

  it('runs one job at a time through CAD and slicing; the next waits as pending', async () => {
    const plan = createFakePlan()
    plan.controls.stepDelayMs = 600
    gw = await startTestGateway({ plan, autoStart: true })
    const a = ((await (await request('Print a 20 mm cube, first')).json()) as any).job_id
    const b = ((await (await request('Print a 20 mm cube, second')).json()) as any).job_id
    await waitStatus(a, 'cad_phase')
    expect((await status(b)).status).toBe('pending')
    await waitStatus(a, 'slicing_phase')
    expect((await status(b)).status).toBe('pending')
    await waitStatus(b, 'completed', 20_000)
    expect((await status(a)).status).toBe('completed')
  })
})
