// What the API routes need from the rest of the gateway.
import type { Logger } from '../core/logger.js'
import type { Printers } from '../farm/types.js'
import type { Orchestrator } from '../jobs/orchestrator.js'
import type { PlanLibrary } from '../jobs/plan-port.js'
import type { PrinterService } from '../printer/types.js'
import type { FilesRepo } from '../storage/files-repo.js'
import type { JobsRepo } from '../storage/jobs-repo.js'
import type { QueueRepo } from '../storage/queue-repo.js'
import type { TemperatureHistory } from '../telemetry/temperature-history.js'

export interface ApiDeps {
  orchestrator: Orchestrator
  jobs: JobsRepo
  queue: QueueRepo
  files: FilesRepo
  printer: PrinterService
  plan: PlanLibrary
  dataDir: string
  logger: Logger
  now: () => Date
  limits: { uploadBytes: number }
  /** Temperatures of the last 30 minutes and the time of the last reading (src/telemetry). */
  temperatureHistory?: TemperatureHistory
  /** queue.autoStart, so the phone does not ask for a bed-clear confirmation the gateway does not wait for. */
  queueAutoStart?: boolean
  /** Every printer of the gateway (issue 19); absent: the one `printer` with `orchestrator` and `queue`, as `default`. */
  printers?: Printers
}
