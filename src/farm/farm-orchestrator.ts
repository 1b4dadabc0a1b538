// The gateway's Orchestrator over several printers: new jobs go to the asked-for (or picked) printer, job calls to the job's printer.
import { createEmitter } from '../core/events.js'
import type { Logger } from '../core/logger.js'
import type { NewJobInput, Orchestrator } from '../jobs/orchestrator.js'
import type { JobEvents } from '../jobs/recorder.js'
import type { FilesRepo } from '../storage/files-repo.js'
import { extentOf, pickPrinter } from './pick-printer.js'
import type { PrinterUnit, Printers } from './types.js'

export interface FarmOrchestratorDeps {
  printers: Printers
  files: Pick<FilesRepo, 'get'>
  logger: Logger
}

/** Every printer's job events on one emitter; the single-printer calls (bed cleared, active job) act on the main printer. */
export function createFarmOrchestrator(deps: FarmOrchestratorDeps): Orchestrator {
  const { printers } = deps
  const events = createEmitter<JobEvents>((event, error) => deps.logger.error('job event handler failed', { event, error }))
  for (const unit of printers.list()) {
    unit.orchestrator.events.on('job:updated', (payload) => events.emit('job:updated', payload))
    unit.orchestrator.events.on('job:progress', (payload) => events.emit('job:progress', payload))
  }
  const target = (input: NewJobInput, extent: () => ReturnType<typeof extentOf>): PrinterUnit =>
    input.printerId ? printers.get(input.printerId) : pickPrinter(printers, extent())
  const ofJob = (id: string) => printers.ofJob(id).orchestrator

  return {
    events,
    createFromText: (input) => target(input, () => null).orchestrator.createFromText(input),
    createFromFile(input) {
      const file = deps.files.get(input.fileId)
      return target(input, () => (file ? extentOf(file.kind, file.analysis) : null)).orchestrator.createFromFile(input)
    },
    reprint: (id, input = {}) => (input.printerId ? printers.get(input.printerId) : printers.ofJob(id)).orchestrator.reprint(id, input),
    cancel: (id) => ofJob(id).cancel(id),
    pause: (id) => ofJob(id).pause(id),
    resume: (id) => ofJob(id).resume(id),
    confirm: (id, o) => ofJob(id).confirm(id, o),
    bedCleared: () => printers.main.orchestrator.bedCleared(),
    isBedClear: () => printers.main.orchestrator.isBedClear(),
    activeJobId: () => printers.main.orchestrator.activeJobId(),
    live: (id) => ofJob(id).live(id),
    isFileInUse: (fileId) => printers.list().some((u) => u.orchestrator.isFileInUse(fileId)),
    async start() {
      for (const unit of printers.list()) await unit.orchestrator.start()
    },
    async stop(mode) {
      await Promise.all(printers.list().map((u) => u.orchestrator.stop(mode)))
    },
  }
}
