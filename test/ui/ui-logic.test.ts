// Unit tests of the UI's pure modules (formatting, job view model, back-off), loaded as the browser loads them.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it, onTestFinished, vi } from 'vitest'

// The UI is plain JavaScript without type declarations; import it by URL so it stays untyped here.
const load = (path: string) => import(new URL(`../../src/ui/js/${path}`, import.meta.url).href)
const format = await load('format.js')
const model = await load('job-model.js')
const live = await load('live.js')
const api = await load('api.js')
const firstFrame = await load('first-frame.js')
const thumbnails = await load('thumbnail.js')
const { createStore } = await load('store.js')
const { printerTarget } = await load('printer-target.js')

describe('describeIntent', () => {
  it('says what was understood in the words of the issue', () => {
    const intent = {
      object: 'cube',
      shape: { kind: 'box', width: 20, depth: 20, height: 20 },
      count: 1,
      material: 'petg',
      quality: null,
      infillPercent: null,
      hollow: false,
    }
    expect(format.describeIntent(intent, { quality: 'standard' })).toBe('cube 20 × 20 × 20 mm, PETG, standard')
  })

  it('covers counts, tubes, infill and hollow shapes', () => {
    expect(
      format.describeIntent({
        object: 'washer',
        shape: { kind: 'tube', outerDiameter: 20, innerDiameter: 8, height: 2 },
        count: 3,
        material: null,
        quality: 'draft',
        infillPercent: 30,
        hollow: false,
      }),
    ).toBe('3 × washer ⌀ 20 / 8 × 2 mm, draft, 30% infill')
    expect(
      format.describeIntent({
        object: 'cylinder',
        shape: { kind: 'cylinder', diameter: 30, height: 10 },
        count: 1,
        material: 'pla',
        quality: 'fine',
        infillPercent: null,
        hollow: true,
      }),
    ).toBe('cylinder ⌀ 30 × 10 mm, hollow, PLA, fine')
    expect(format.describeIntent(null)).toBeNull()
  })
})

describe('formatting', () => {
  it('formats durations, filament and temperatures', () => {
    expect(format.formatDuration(0.2)).toBe('under 1 s')
    expect(format.formatDuration(59)).toBe('59 s')
    expect(format.formatDuration(250)).toBe('4 min 10 s')
    expect(format.formatDuration(3725)).toBe('1 h 02 min')
    expect(format.formatDuration(null)).toBe('—')
    expect(format.formatFilament(1234.5, 3.74)).toBe('1.23 m · 3.7 g')
    expect(format.formatFilament(null, null)).toBe('—')
    expect(format.formatTemp(209.6)).toBe('210°')
    expect(format.formatTarget(0)).toBe('off')
    expect(format.formatTarget(60)).toBe('→ 60°')
  })
})

describe('job view model', () => {
  const base = { job_id: 'a', status: 'slicing_phase', progress_percentage: 40, created_at: '2026-01-01T10:00:00.000Z' }

  it('merges partial WebSocket updates into the REST status', () => {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-01-01T10:00:00.000Z') })
    onTestFinished(() => {
      vi.useRealTimers()
    })
    const rest = model.mergeJob(null, {
      ...base,
      steps: [{ name: 'research', status: 'completed', duration_ms: 1500 }],
      output_files: { gcode: '/api/workflows/a/files/gcode' },
    })
    const next = model.mergeJob(rest, {
      type: 'progress_update',
      job_id: 'a',
      status: 'printing_phase',
      progress_percentage: 12.5,
      layer: 3,
      layer_count: 40,
      eta_seconds: 600,
    })
    expect(next.status).toBe('printing_phase')
    expect(next.progress).toBe(12.5)
    expect(next.layer).toBe(3)
    expect(next.layerCount).toBe(40)
    expect(next.steps[0]).toMatchObject({ name: 'research', status: 'completed', durationSeconds: 1.5 })
    expect(next.outputFiles.gcode).toBe('/api/workflows/a/files/gcode')
    expect(next.etaAt.toISOString()).toBe('2026-01-01T10:10:00.000Z') // eta_seconds from the (frozen) now
  })

  it('never rolls a job back to an older state', () => {
    const failed = model.mergeJob(null, { type: 'status_update', job_id: 'a', status: 'failed', timestamp: '2026-01-01T10:00:02.000Z' })
    const reply = { ...base, status: 'pending', updated_at: '2026-01-01T10:00:00.000Z' }
    expect(model.mergeJob(failed, reply).status).toBe('failed')
    const running = model.mergeJob(null, { ...base, status: 'printing_phase', updated_at: '2026-01-01T10:00:05.000Z' })
    expect(model.mergeJob(running, { ...base, status: 'paused', updated_at: '2026-01-01T10:00:04.000Z' }).status).toBe('printing_phase')
    expect(model.mergeJob(running, { ...base, status: 'paused', updated_at: '2026-01-01T10:00:06.000Z' }).status).toBe('paused')
    // A REST reply whose updated_at precedes the socket's send time still brings its steps.
    const live = model.mergeJob(null, { type: 'status_update', job_id: 'a', status: 'cad_phase', timestamp: '2026-01-01T10:00:03.001Z' })
    const rest = model.mergeJob(live, {
      ...base,
      status: 'cad_phase',
      updated_at: '2026-01-01T10:00:03.000Z',
      steps: [{ name: 'research', status: 'completed' }],
    })
    expect(rest.status).toBe('cad_phase')
    expect(rest.steps).toHaveLength(1)
    const rolledBack = model.mergeJob(live, { ...base, status: 'pending', steps: [{ name: 'research', status: 'running' }] })
    expect(rolledBack.status).toBe('cad_phase')
  })

  it('derives the five stages, with the queue between slicing and printing', () => {
    const stages = (status: string, steps?: unknown[]) =>
      model.stagesOf(model.mergeJob(null, { ...base, status, ...(steps ? { steps } : {}) })).map((s: { key: string; status: string }) => `${s.key}:${s.status}`)
    expect(stages('slicing_phase')).toEqual(['research:completed', 'cad:completed', 'slicing:running', 'queue:pending', 'printing:pending'])
    expect(stages('queued')).toEqual(['research:completed', 'cad:completed', 'slicing:completed', 'queue:running', 'printing:pending'])
    expect(
      stages('printing_phase', [
        { name: 'research', status: 'skipped' },
        { name: 'cad', status: 'skipped' },
        { name: 'slicing', status: 'skipped' },
        { name: 'printing', status: 'running' },
      ]),
    ).toEqual(['research:skipped', 'cad:skipped', 'slicing:skipped', 'queue:completed', 'printing:running'])
    expect(
      stages('cancelled', [
        { name: 'research', status: 'completed' },
        { name: 'cad', status: 'failed' },
      ]),
    ).toContain('queue:skipped')
    expect(
      stages('failed', [
        { name: 'research', status: 'failed' },
        { name: 'printing', status: 'skipped' },
      ]),
    ).toContain('queue:skipped')
    expect(stages('cancelled', [{ name: 'printing', status: 'completed' }])).toContain('queue:completed')
  })

  it('titles jobs by request or file', () => {
    expect(model.jobTitle(model.mergeJob(null, { ...base, user_request: 'a 20 mm cube' }))).toBe('a 20 mm cube')
    expect(model.jobTitle({ id: 'abcdefghij' })).toBe('Job abcdefgh')
  })
})

describe('live socket back-off', () => {
  it('doubles from half a second up to thirty seconds, with jitter', () => {
    const mid = () => 0.5
    expect([0, 1, 2, 3, 10].map((n) => live.backoffDelay(n, mid))).toEqual([500, 1000, 2000, 4000, 30000])
    expect(live.backoffDelay(0, () => 0)).toBe(375)
    expect(live.backoffDelay(20, () => 1)).toBe(37500)
  })

  it('takes the address from the page', () => {
    expect(live.progressUrl({ protocol: 'http:', host: 'printgate.local:8000' })).toBe('ws://printgate.local:8000/ws/progress')
    expect(live.progressUrl({ protocol: 'https:', host: '192.168.1.20' })).toBe('wss://192.168.1.20/ws/progress')
  })
})

describe("each printer's temperature readings", () => {
  it('keeps every printer its own samples, one per new reading, behind the history the gateway kept', async () => {
    vi.useFakeTimers({ now: 1_000_000 })
    onTestFinished(() => {
      vi.useRealTimers()
    })
    const store = createStore()
    const temps = (tool: number) => ({ tools: [{ actual: tool, target: 200 }], bed: { actual: 50, target: 60 } })
    store.setPrinters([
      { id: 'a', name: 'A', main: true, state: 'operational', temperatures: temps(20), temperatures_age_ms: 0 },
      { id: 'b', name: 'B', main: false, state: 'printing', temperatures: temps(100), temperatures_age_ms: 0 },
    ])
    vi.advanceTimersByTime(2000)
    store.updatePrinterEntry({ printer_id: 'b', temperatures: temps(150), temperatures_age_ms: 0 })
    // The same reading again (the gateway says it is now 1 s older): no new sample.
    vi.advanceTimersByTime(1000)
    store.updatePrinterEntry({ printer_id: 'b', temperatures: temps(150), temperatures_age_ms: 1000 })
    store.setPrinterHistory('b', { now: 1_003_000, samples: [[990_000, 30, 0, 25, 0]] })
    await Promise.resolve()
    const b = printerTarget(store, 'b')
    expect(b.history().map((p: { at: number; tool: number }) => [p.at, p.tool])).toEqual([
      [990_000, 30],
      [1_000_000, 100],
      [1_002_000, 150],
    ])
    expect(b.reading()).toMatchObject({ readingAt: 1_002_000, source: 'gateway', printer: { state: 'printing' } })
    expect(
      printerTarget(store, 'a')
        .history()
        .map((p: { tool: number }) => p.tool),
    ).toEqual([20])
    expect(b.path('control')).toBe('/api/printers/b/control')
    expect(b.href('console')).toBe('#/printers/b/console')
    expect(printerTarget(store).path('control')).toBe('/api/printer/control')
    expect(printerTarget(store).href('control')).toBe('#/control')
  })
})

describe('first screen hand-over', () => {
  /** A page with the given `elementtiming` names, and an Element Timing observer the test feeds. */
  function fakePage(names: string[], { visibility = 'visible', supported = ['element', 'paint'] } = {}) {
    const listeners = new Map<string, () => void>()
    const doc = {
      visibilityState: visibility,
      querySelectorAll: (selector: string) => (selector === '[elementtiming^="first-"]' ? names.map((name) => ({ getAttribute: () => name })) : []),
      addEventListener: (type: string, fn: () => void) => listeners.set(type, fn),
      removeEventListener: (type: string) => listeners.delete(type),
    }
    const observers: { callback: (list: { getEntries(): { identifier: string }[] }) => void; disconnected: boolean }[] = []
    class Observer {
      static supportedEntryTypes = supported
      record: (typeof observers)[number]
      constructor(callback: (typeof observers)[number]['callback']) {
        this.record = { callback, disconnected: false }
        observers.push(this.record)
      }
      observe() {}
      disconnect() {
        this.record.disconnected = true
      }
    }
    const paint = (...identifiers: string[]) => observers.at(-1)!.callback({ getEntries: () => identifiers.map((identifier) => ({ identifier })) })
    return { doc, Observer, paint, observers, listeners }
  }
  const settled = async (promise: Promise<unknown>) => {
    let done = false
    void promise.then(() => (done = true))
    for (let i = 0; i < 5; i++) await Promise.resolve()
    return done
  }

  it('waits until every marked element of the first screen is reported painted', async () => {
    vi.useFakeTimers()
    onTestFinished(() => {
      vi.useRealTimers()
    })
    const page = fakePage(['first-state', 'first-tool-temp', 'first-bed-temp'])
    const shown = firstFrame.firstScreenShown({ doc: page.doc, Observer: page.Observer })
    expect(await settled(shown)).toBe(false)
    page.paint('first-state', 'first-tool-temp')
    expect(await settled(shown)).toBe(false)
    page.paint('first-bed-temp')
    expect(await settled(shown)).toBe(true)
    expect(page.observers[0]!.disconnected).toBe(true)
    expect(page.listeners.size).toBe(0)
  })

  it('gives up after the timeout, and waits for nothing on a plain or hidden page', async () => {
    vi.useFakeTimers()
    onTestFinished(() => {
      vi.useRealTimers()
    })
    const page = fakePage(['first-state'])
    const shown = firstFrame.firstScreenShown({ doc: page.doc, Observer: page.Observer, timeoutMs: 1000 })
    vi.advanceTimersByTime(999)
    expect(await settled(shown)).toBe(false)
    vi.advanceTimersByTime(1)
    expect(await settled(shown)).toBe(true)
    const plain = fakePage([])
    expect(await settled(firstFrame.firstScreenShown({ doc: plain.doc, Observer: plain.Observer }))).toBe(true)
    const hidden = fakePage(['first-state'], { visibility: 'hidden' })
    expect(await settled(firstFrame.firstScreenShown({ doc: hidden.doc, Observer: hidden.Observer }))).toBe(true)
  })

  it('waits for the next frame where the browser has no Element Timing', async () => {
    const page = fakePage(['first-state'], { supported: ['paint'] })
    let frame = () => {}
    const shown = firstFrame.firstScreenShown({ doc: page.doc, Observer: page.Observer, afterFrame: () => new Promise<void>((resolve) => (frame = resolve)) })
    expect(await settled(shown)).toBe(false)
    frame()
    expect(await settled(shown)).toBe(true)
    expect(page.observers).toEqual([])
  })
})

describe('API errors in plain words', () => {
  it('uses the gateway message, adds field errors, and falls back by status', () => {
    const err = api.toApiError(422, {
      error: 'VALIDATION_FAILED',
      message: 'The request did not pass validation',
      detail: [{ path: ['user_request'], message: 'Too short' }],
    })
    expect(err.code).toBe('VALIDATION_FAILED')
    expect(err.message).toBe('The request did not pass validation: user_request: Too short')
    expect(api.toApiError(400, { detail: 'Cannot cancel workflow in state: completed' }).message).toBe('Cannot cancel workflow in state: completed')
    expect(api.toApiError(503, null).message).toBe('The gateway had a problem; try again')
  })
})

/** Every file under the UI folder, as the path the browser asks for. */
function walkFiles(root: string, dir = root): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? walkFiles(root, path) : [`/${relative(root, path)}`]
  })
}

describe('service worker shell list', () => {
  it('names every UI file the first load needs, and only files that exist', () => {
    const root = new URL('../../src/ui/', import.meta.url).pathname
    const sw = readFileSync(join(root, 'sw.js'), 'utf8')
    const listed = [...(/const SHELL = \[([\s\S]*?)\]/.exec(sw)?.[1] ?? '').matchAll(/'([^']+)'/g)].map((m) => m[1])
    const walk = walkFiles
    // Modules under /js/ reach the browser inside the /app.js bundle (src/api/static), so the shell lists the bundle.
    const needed = walk(root).filter((p) => /\.(js|css|html)$/.test(p) && p !== '/sw.js' && !p.startsWith('/js/') && !/\.test\.js$/.test(p))
    for (const file of needed) expect(listed, file).toContain(file)
    for (const entry of listed) if (entry !== '/') expect(walk(root), entry).toContain(entry)
  })

  it('preloads every module from the page, so slow links load them in parallel', () => {
    const root = new URL('../../src/ui/', import.meta.url).pathname
    const html = readFileSync(`${root}index.html`, 'utf8')
    const preloaded = [...html.matchAll(/<link rel="modulepreload" href="([^"]+)">/g)].map((m) => m[1]).sort()
    const modules = walkFiles(root)
      .filter((p) => p.startsWith('/js/') && p.endsWith('.js'))
      .sort()
    expect(preloaded).toEqual(modules)
  })
})

describe('file pictures', () => {
  const { fileThumbnailUrl } = thumbnails
  it('asks the gateway for a G-code picture unless the analysis found nothing extruded', () => {
    expect(fileThumbnailUrl({ id: 'f1', kind: 'gcode', analysis: { filamentMm: 2.5 } })).toBe('/api/files/f1/thumbnail')
    expect(fileThumbnailUrl({ id: 'f1', kind: 'gcode', analysis: null })).toBe('/api/files/f1/thumbnail')
    expect(fileThumbnailUrl({ id: 'f1', kind: 'gcode', analysis: { filamentMm: 0 } })).toBeNull()
    expect(fileThumbnailUrl({ id: 'f1', kind: 'stl' })).toBeNull()
  })
})
