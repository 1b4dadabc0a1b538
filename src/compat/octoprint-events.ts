// Maps printgate's printer events onto OctoPrint's push `event` messages (PrintStarted, PrintDone, Connected, …).
import type { PrinterEvents, PrinterService, PrinterState } from '../printer/types.js'
import type { CompatDeps } from './deps.js'
import { stateText } from './octoprint-shapes.js'

export interface OctoPrintEvent {
  type: string
  payload: Record<string, unknown> | null
}

const LINKING: readonly PrinterState[] = ['disconnected', 'connecting', 'handshake', 'error']

/** The file of a job as OctoPrint's print events describe it. */
function printFile(deps: Pick<CompatDeps, 'jobs' | 'files'>, jobId: string): Record<string, unknown> {
  const job = deps.jobs.get(jobId)
  const file = job?.fileId ? deps.files.get(job.fileId) : null
  const name = file?.name ?? job?.outputs.gcode?.split('/').pop() ?? jobId
  return { name, path: name, origin: 'local', size: file?.size ?? null, owner: job?.userId ?? null, user: job?.userId ?? null }
}

/** Subscribes to the printer and calls `emit` with each OctoPrint event; returns the unsubscribe. */
export function watchOctoPrintEvents(
  deps: Pick<CompatDeps, 'jobs' | 'files'> & { printer: Pick<PrinterService, 'events' | 'status'> },
  emit: (event: OctoPrintEvent) => void,
): () => void {
  const on = <K extends keyof PrinterEvents>(name: K, fn: (p: PrinterEvents[K]) => void) => deps.printer.events.on(name, fn)
  const offs = [
    on('printer:state_changed', ({ prev, next, reason }) => {
      emit({ type: 'PrinterStateChanged', payload: { state_id: next.toUpperCase(), state_string: stateText(next) } })
      const link = deps.printer.status().link
      if (next === 'operational' && LINKING.includes(prev)) emit({ type: 'Connected', payload: { port: link.port, baudrate: link.baud } })
      if (next === 'disconnected') emit({ type: 'Disconnected', payload: null })
      if (next === 'error') emit({ type: 'Error', payload: { error: reason ?? 'printer error', reason: 'firmware' } })
    }),
    on('printer:job_started', ({ jobId }) => emit({ type: 'PrintStarted', payload: printFile(deps, jobId) })),
    on('printer:job_paused', ({ jobId }) => emit({ type: 'PrintPaused', payload: printFile(deps, jobId) })),
    on('printer:job_resumed', ({ jobId }) => emit({ type: 'PrintResumed', payload: printFile(deps, jobId) })),
    on('printer:job_ended', (r) => {
      const file = printFile(deps, r.jobId)
      const time = r.elapsedMs / 1000
      if (r.outcome === 'completed') return emit({ type: 'PrintDone', payload: { ...file, time } })
      // OctoPrint announces a cancel as PrintCancelled followed by PrintFailed with reason "cancelled".
      if (r.outcome === 'cancelled') emit({ type: 'PrintCancelled', payload: { ...file, time } })
      emit({ type: 'PrintFailed', payload: { ...file, time, reason: r.outcome === 'cancelled' ? 'cancelled' : 'error', error: r.reason ?? null } })
    }),
  ]
  return () => offs.forEach((off) => off())
}
