// What the API routes need from the rest of the gateway.
import type { Logger } from '../core/logger.js'
import type { Orchestrator } from '../jobs/orchestrator.js'
import type { PlanLibrary } from '../jobs/plan-port.js'
import type { PrinterService } from '../printer/types.js'
import type { FilesRepo } from '../storage/files-repo.js'
import type { JobsRepo } from '../storage/jobs-repo.js'
import type { QueueRepo } from '../storage/queue-repo.js'

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
}
