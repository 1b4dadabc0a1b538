// One printgate job as Moonraker's server.history.list shows it.
import type { JobRecord } from '../jobs/types.js'
import type { CompatDeps } from './deps.js'

const STATUS: Partial<Record<JobRecord['status'], string>> = { completed: 'completed', cancelled: 'cancelled', failed: 'error', interrupted: 'interrupted' }
const seconds = (iso: string | null) => (iso ? Date.parse(iso) / 1000 : null)

export function moonrakerHistoryJob(deps: Pick<CompatDeps, 'files'>, job: JobRecord) {
  const file = job.fileId ? deps.files.get(job.fileId) : null
  const filename = file?.name ?? job.outputs.gcode?.split('/').pop() ?? null
  const printSeconds = (job.printElapsedMs ?? 0) / 1000
  return {
    job_id: job.id,
    filename,
    exists: file !== null,
    status: STATUS[job.status] ?? 'in_progress',
    start_time: seconds(job.startedAt ?? job.createdAt),
    end_time: seconds(job.finishedAt),
    print_duration: printSeconds,
    total_duration: job.actualSeconds ?? printSeconds,
    filament_used: job.filamentMm != null && job.status === 'completed' ? job.filamentMm : 0,
    metadata: { size: file?.size ?? null, estimated_time: job.estimatedSeconds, layer_count: job.layerCount },
  }
}
