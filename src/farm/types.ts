// One printer of a gateway's several, as the rest of the gateway sees it: its link, its job runner, its queue.
import type { Orchestrator } from '../jobs/orchestrator.js'
import type { PrinterService } from '../printer/types.js'
import type { JobsRepo } from '../storage/jobs-repo.js'
import type { QueueRepo } from '../storage/queue-repo.js'

export interface BuildVolume {
  x: number
  y: number
  z: number
}

export interface PrinterUnit<P extends PrinterService = PrinterService> {
  id: string
  name: string
  printer: P
  /** This printer's jobs only: its pipelines, queue, bed-clear gate and print. */
  orchestrator: Orchestrator
  queue: QueueRepo
  /** The jobs table as this printer sees it (its own jobs). */
  jobs: JobsRepo
  bed?: BuildVolume | undefined
  /** The camera tied to this printer (its URLs), null when none. */
  camera?: { name: string; snapshotUrl: string; streamUrl: string } | null
  /** The printer's temperature history (src/telemetry): the age of its last reading and its samples. */
  temperatureHistory?: {
    lastReadingAt(): number | null
    samples(): readonly { at: number; tool: number | null; toolTarget: number | null; bed: number | null; bedTarget: number | null }[]
    readonly intervalMs: number
    readonly windowMs: number
  }
}

export interface Printers<U extends PrinterUnit = PrinterUnit> {
  list(): readonly U[]
  /** @throws GatewayError PRINTER_NOT_FOUND */
  get(id: string): U
  /** The printer the seed's single-printer API and the compat layers drive: `default`, or the first listed. */
  readonly main: U
  /** The printer a stored job belongs to (the main one for an unknown job). */
  ofJob(jobId: string): U
}
