// OctoPrint's idea of a "selected" file and its job commands, mapped onto printgate's orchestrator.
import { z } from 'zod'
import { GatewayError, isGatewayError } from '../core/errors.js'
import type { FileRecord, JobRecord } from '../jobs/types.js'
import type { CompatDeps } from './deps.js'

export const JobCommandBody = z.strictObject({
  command: z.enum(['start', 'cancel', 'restart', 'pause']),
  action: z.enum(['pause', 'resume', 'toggle']).optional(),
})
export type JobCommand = z.infer<typeof JobCommandBody>

export interface PrintControl {
  /** The file OctoPrint clients see in `/api/job` when nothing prints. */
  selected(): FileRecord | null
  select(file: FileRecord): void
  /** A print request from a slicer: becomes a normal printgate job (queued until the printer is free). */
  enqueue(file: FileRecord, userId: string | null, allowFirmwareCommands?: boolean): JobRecord
  /** OctoPrint's select-and-print: 409 while another print is running or paused. */
  printNow(file: FileRecord, userId: string | null, allowFirmwareCommands?: boolean): JobRecord
  /** `allowFirmwareCommands`: the caller is an admin (the file may change firmware settings). */
  run(command: JobCommand, userId: string | null, allowFirmwareCommands?: boolean): Promise<void>
}

const conflict = (message: string) => new GatewayError('CONFLICT', message)

/** Orchestrator refusals are 400 in printgate's API; OctoPrint clients expect 409 for "not now". */
async function asConflict<T>(action: () => Promise<T>): Promise<T> {
  try {
    return await action()
  } catch (error) {
    if (isGatewayError(error, 'JOB_INVALID_TRANSITION')) throw conflict(error.message)
    throw error
  }
}

export function createPrintControl(deps: Pick<CompatDeps, 'orchestrator' | 'jobs' | 'files'>): PrintControl {
  const { orchestrator, jobs } = deps
  let selectedId: string | null = null

  const activeJob = () => {
    const id = orchestrator.activeJobId()
    return id ? jobs.get(id) : null
  }
  const enqueue = (file: FileRecord, userId: string | null, allowFirmwareCommands = false) => {
    selectedId = file.id
    return orchestrator.createFromFile({ fileId: file.id, userId, metadata: { api_endpoint: 'octoprint-compat' }, allowFirmwareCommands })
  }

  return {
    selected: () => (selectedId ? deps.files.get(selectedId) : null),
    select(file) {
      selectedId = file.id
    },
    enqueue,
    printNow(file, userId, allowFirmwareCommands) {
      if (activeJob()) throw conflict('A print is already running; wait for it to finish or cancel it')
      return enqueue(file, userId, allowFirmwareCommands)
    },
    async run(command, userId, allowFirmwareCommands) {
      const job = activeJob()
      switch (command.command) {
        case 'start': {
          const file = selectedId ? deps.files.get(selectedId) : null
          if (!file) throw conflict('No file is selected; upload or select a G-code file first')
          if (job) throw conflict('A print is already running')
          enqueue(file, userId, allowFirmwareCommands)
          return
        }
        case 'restart':
          throw conflict('Restarting a print is not supported; start the file again')
        case 'cancel':
          if (!job) throw new GatewayError('PRINTER_NOT_PRINTING', 'No print is running')
          await asConflict(() => orchestrator.cancel(job.id))
          return
        case 'pause': {
          if (!job) throw new GatewayError('PRINTER_NOT_PRINTING', 'No print is running')
          const action = command.action ?? 'toggle'
          const resume = action === 'resume' || (action === 'toggle' && job.status === 'paused')
          if (resume) {
            if (job.status !== 'paused') throw conflict('The print is not paused')
            await asConflict(() => orchestrator.resume(job.id))
          } else {
            if (job.status !== 'printing_phase') throw conflict('The print is not running')
            await asConflict(() => orchestrator.pause(job.id))
          }
          return
        }
      }
    },
  }
}
