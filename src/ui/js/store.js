// Shared client state: the printer, known jobs, every printer's temperature history and when each reading was taken, with change listeners.

import { mergeJob } from './job-model.js'
import { addSample, readingTime, withGatewayHistory } from './temperature-samples.js'

const SNAPSHOT_KEY = 'printgate:last-known'

export function createStore() {
  const state = {
    printer: null,
    jobs: new Map(),
    temperatureHistory: [],
    live: 'connecting',
    /** When (this device's clock) the printer last reported a temperature; null when unknown. */
    readingAt: null,
    /** 'loading' until the gateway answered, 'gateway' after, 'snapshot' when showing what was saved before. */
    source: 'loading',
    /** When the snapshot shown was saved. */
    snapshotAt: null,
    /** Every printer of the gateway by id (GET /api/printers, then `printers` WebSocket updates); empty until loaded. */
    printers: new Map(),
    /** The printer the single-printer API drives (its updates also go to `printer`). */
    mainPrinterId: null,
    /** Each printer's chart by id: {readingAt, samples}, from its entries and `printers` updates and its kept history. */
    printerReadings: new Map(),
  }
  const listeners = new Set()
  let pending = null
  let saveTimer = null

  function changed(what) {
    for (const listener of listeners) listener(what)
  }

  /** Coalesces changes in one task into a single notification carrying the set of what changed. */
  function batch(what) {
    if (pending) {
      pending.add(what)
      return
    }
    pending = new Set([what])
    queueMicrotask(() => {
      const changes = pending
      pending = null
      changed(changes)
    })
  }

  return {
    state,
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    setPrinter(printer) {
      state.printer = { ...(state.printer ?? {}), ...printer }
      if (state.source !== 'gateway') {
        state.source = 'gateway'
        batch('source')
      }
      const at = readingTime(printer, state.readingAt)
      if (at !== null) {
        state.readingAt = at
        addSample(state.temperatureHistory, printer.temperatures, at)
      }
      batch('printer')
      saveSoon()
    },
    /** Samples kept by the gateway ({now, samples: [[at, tool, toolTarget, bed, bedTarget]]}), mapped to this device's clock. */
    setTemperatureHistory(history) {
      const merged = withGatewayHistory(state.temperatureHistory, history)
      if (!merged) return
      state.temperatureHistory = merged
      batch('printer')
    },
    /** One printer's kept history (GET /api/printers/<id>/temperature-history), in front of what arrived since. */
    setPrinterHistory(id, history) {
      const readings = readingsOf(id)
      const merged = withGatewayHistory(readings.samples, history)
      if (!merged) return
      readings.samples = merged
      batch('printers')
    },
    /** Shows what was saved before the gateway became unreachable, marked as such. */
    loadSnapshot() {
      let saved = null
      try {
        saved = JSON.parse(localStorage.getItem(SNAPSHOT_KEY) ?? 'null')
      } catch {
        return false
      }
      if (!saved?.printer || state.source === 'gateway') return false
      state.printer = saved.printer
      for (const job of saved.jobs ?? []) state.jobs.set(job.id, { ...job, etaAt: job.etaAt ? new Date(job.etaAt) : undefined })
      state.readingAt = saved.readingAt ?? null
      state.source = 'snapshot'
      state.snapshotAt = saved.savedAt ?? null
      changed(new Set(['printer', 'jobs', 'source']))
      return true
    },
    upsertJob(raw) {
      const id = String(raw.job_id ?? raw.workflow_id ?? raw.id ?? '')
      if (!id) return null
      const job = mergeJob(state.jobs.get(id), raw)
      state.jobs.set(id, job)
      batch('jobs')
      saveSoon()
      return job
    },
    /** The gateway's printer list (GET /api/printers), the main one first. */
    setPrinters(list) {
      state.printers = new Map(list.map((p) => [p.id, p]))
      for (const p of list) noteReading(p.id, p)
      state.mainPrinterId = list.find((p) => p.main)?.id ?? list[0]?.id ?? null
      batch('printers')
    },
    /** A `printers` update ({printer_id, state, temperatures, job, …}) merged into its entry; false for a printer not in the list. */
    updatePrinterEntry(update) {
      const id = update.printer_id ?? update.id
      const entry = state.printers.get(id)
      if (!entry) return false
      const { printer_id: _id, ...fields } = update
      state.printers.set(id, { ...entry, ...fields })
      noteReading(id, update)
      batch('printers')
      return true
    },
    setLive(live) {
      state.live = live
      changed(new Set(['live']))
    },
    /** The job the dashboard shows: printing or paused first, then anything still in progress. */
    currentJob() {
      const jobs = [...state.jobs.values()].sort((a, b) => String(b.createdAt ?? '').localeCompare(String(a.createdAt ?? '')))
      return (
        jobs.find((j) => j.status === 'printing_phase' || j.status === 'paused') ??
        jobs.find((j) => ['pending', 'research_phase', 'cad_phase', 'slicing_phase'].includes(j.status)) ??
        jobs.find((j) => j.status === 'queued') ??
        jobs[0] ??
        null
      )
    },
  }

  /** The last known state survives a reload without the gateway (at most one write every 5 s). */
  function saveSoon() {
    if (saveTimer || state.source !== 'gateway') return
    saveTimer = setTimeout(() => {
      saveTimer = null
      const jobs = [...state.jobs.values()].sort((a, b) => String(b.createdAt ?? '').localeCompare(String(a.createdAt ?? ''))).slice(0, 20)
      try {
        localStorage.setItem(SNAPSHOT_KEY, JSON.stringify({ savedAt: Date.now(), printer: state.printer, jobs, readingAt: state.readingAt }))
      } catch {
        // Private mode or a full storage: the page still works, only an offline reload shows less.
      }
    }, 5000)
  }

  function readingsOf(id) {
    if (!state.printerReadings.has(id)) state.printerReadings.set(id, { readingAt: null, samples: [] })
    return state.printerReadings.get(id)
  }

  function noteReading(id, update) {
    const readings = readingsOf(id)
    const at = readingTime(update, readings.readingAt)
    if (at === null) return
    readings.readingAt = at
    addSample(readings.samples, update.temperatures, at)
  }
}
