// The gateway's printers by id, and which one owns a job.
import { GatewayError } from '../core/errors.js'
import type { JobsRepo } from '../storage/jobs-repo.js'
import type { PrinterUnit, Printers } from './types.js'

export function createPrinters<U extends PrinterUnit>(units: U[], jobs: Pick<JobsRepo, 'get'>): Printers<U> {
  const byId = new Map(units.map((u) => [u.id, u]))
  const main = byId.get('default') ?? units[0]
  if (!main) throw new GatewayError('CONFIG_INVALID', 'The gateway needs at least one printer')
  return {
    list: () => units,
    get(id) {
      const unit = byId.get(id)
      if (!unit) throw new GatewayError('PRINTER_NOT_FOUND', `No printer "${id}" on this gateway (printers: ${units.map((u) => u.id).join(', ')})`)
      return unit
    },
    main,
    ofJob: (jobId) => byId.get(jobs.get(jobId)?.printerId ?? '') ?? main,
  }
}
