// Keeps the store in step with the gateway: REST loads, per-job refreshes, intents, and WebSocket messages.

export function createSync({ store, api, onError }) {
  const jobFetches = new Map()
  const intentsLoaded = new Set()

  /** Fetches one job's full status (steps, layer, ETA, outputs) into the store. */
  function refreshJob(id) {
    if (jobFetches.has(id)) return jobFetches.get(id)
    const fetching = api
      .get(`/api/status/${encodeURIComponent(id)}`)
      .then((data) => {
        const job = store.upsertJob(data)
        const intentUrl = data?.output_files?.intent
        if (job && !job.intent && typeof intentUrl === 'string' && intentUrl.startsWith('/api/')) loadIntent(id, intentUrl)
        return job
      })
      .finally(() => jobFetches.delete(id))
    jobFetches.set(id, fetching)
    return fetching
  }

  /** Reads the intent the planner wrote, so the UI can say what it understood. */
  function loadIntent(id, url) {
    if (intentsLoaded.has(id)) return
    intentsLoaded.add(id)
    api
      .get(url)
      .then((intent) => {
        if (intent && typeof intent === 'object') store.upsertJob({ job_id: id, intent })
      })
      .catch(() => intentsLoaded.delete(id))
  }

  /** The printer, the latest jobs and the current job's details; used at start and after reconnecting. */
  async function refreshAll() {
    const [printer, jobs] = await Promise.allSettled([api.get('/api/printer/status'), api.get('/api/workflows?limit=20')])
    if (printer.status === 'fulfilled' && printer.value) store.setPrinter(printer.value)
    if (jobs.status === 'fulfilled' && Array.isArray(jobs.value)) for (const job of jobs.value) store.upsertJob(job)
    // Unreachable gateway: show the last known state, marked as such, rather than an empty "no print".
    if (printer.status === 'rejected' && printer.reason?.status === 0) store.loadSnapshot()
    const active = store.currentJob()
    if (active && store.state.source === 'gateway') await refreshJob(active.id).catch(() => {})
    if (printer.status === 'fulfilled') loadTemperatureHistory()
    const failure = [printer, jobs].find((r) => r.status === 'rejected')
    if (failure && failure.reason?.status !== 401) onError(failure.reason)
  }

  /** The gateway keeps the last 30 minutes, so the chart is full after a reload. */
  function loadTemperatureHistory() {
    api
      .get('/api/printer/temperature-history')
      .then((history) => store.setTemperatureHistory(history))
      .catch(() => {})
  }

  /** The printer state the gateway rendered into the page (js/first-screen.js), so the first screen has no empty moment. */
  function seedFromPage(doc = document) {
    const el = doc.getElementById('first-state')
    if (!el) return
    try {
      const printer = JSON.parse(el.textContent ?? '')
      if (printer && typeof printer === 'object') store.setPrinter(printer)
    } catch {
      // a page without a usable seed: the REST load fills the store
    }
  }

  /** The gateway's printers (names, cameras, which is main); their changes then come over the `printers` topic. */
  async function refreshPrinters() {
    const list = await api.get('/api/printers').then(
      (body) => body?.printers,
      () => null,
    )
    if (Array.isArray(list)) store.setPrinters(list)
    return list
  }

  function onLiveMessage(msg) {
    if (msg.type === 'printer_update') {
      const { type: _type, ...printer } = msg
      const id = printer.printer_id
      // A printer added since the list was read: read it again.
      if (id && store.state.printers.size > 0 && !store.updatePrinterEntry(printer)) refreshPrinters()
      // Until the list says which printer is main, only the `printer` topic (the main one) is subscribed.
      const main = store.state.mainPrinterId
      if (!id || main === null || id === main) store.setPrinter(printer)
    } else if (msg.type === 'status_update' || msg.type === 'progress_update') {
      const id = String(msg.job_id ?? msg.workflow_id ?? '')
      if (!id) return
      const before = store.state.jobs.get(id)
      store.upsertJob(msg)
      // Steps and outputs are not in socket messages: fetch them when the status moves on.
      if (!before || before.status !== msg.status || !before.steps) refreshJob(id).catch(() => {})
    }
  }

  return { refreshJob, refreshAll, refreshPrinters, seedFromPage, onLiveMessage }
}
