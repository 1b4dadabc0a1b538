// Shared client state: the printer, known jobs and a short temperature history, with change listeners.

import { mergeJob } from './job-model.js'

const HISTORY_SECONDS = 300

export function createStore() {
  const state = {
    printer: null,
    jobs: new Map(),
    temperatureHistory: [],
    live: 'connecting',
  }
  const listeners = new Set()
  let pending = null

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
      if (printer.temperatures) recordTemperatures(printer.temperatures)
      batch('printer')
    },
    upsertJob(raw) {
      const id = String(raw.job_id ?? raw.workflow_id ?? raw.id ?? '')
      if (!id) return null
      const job = mergeJob(state.jobs.get(id), raw)
      state.jobs.set(id, job)
      batch('jobs')
      return job
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

  function recordTemperatures(t) {
    const tool = t.tools?.[0] ?? t.tool0 ?? t.hotend ?? null
    const bed = t.bed ?? null
    const now = Date.now()
    state.temperatureHistory.push({
      at: now,
      tool: tool?.actual ?? null,
      toolTarget: tool?.target ?? null,
      bed: bed?.actual ?? null,
      bedTarget: bed?.target ?? null,
    })
    const cutoff = now - HISTORY_SECONDS * 1000
    while (state.temperatureHistory.length > 0 && state.temperatureHistory[0].at < cutoff) state.temperatureHistory.shift()
    if (state.temperatureHistory.length > 600) state.temperatureHistory.splice(0, state.temperatureHistory.length - 600)
  }
}
