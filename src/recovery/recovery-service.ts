// After a power cut: what an interrupted job's journal says, and resuming it from a chosen layer as a new job the user confirmed.
import { randomUUID, createHash } from 'node:crypto'
import { createReadStream, existsSync } from 'node:fs'
import { readFile, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { GatewayError } from '../core/errors.js'
import type { Orchestrator } from '../jobs/orchestrator.js'
import type { JobRecord } from '../jobs/types.js'
import { recoveryRecordPath, type RecoveryRecord } from '../printer/recovery-journal.js'
import type { FilesRepo } from '../storage/files-repo.js'
import type { JobsRepo } from '../storage/jobs-repo.js'
import type { QueueRepo } from '../storage/queue-repo.js'
import { planResume, resumeChoices, writeResumeFile, type ResumeChoices } from './resume-plan.js'
import { scanResumePoints } from './resume-points.js'

export interface RecoveryView {
  jobId: string
  record: Pick<RecoveryRecord, 'layer' | 'layerZ' | 'printZ' | 'byteOffset' | 'fileLine' | 'bytesTotal' | 'writtenAt'> & {
    hotendTarget: number | null
    bedTarget: number | null
    relativeE: boolean
    fan: number
  }
  choices: ResumeChoices
  warning: string
}

export interface RecoveryDeps {
  jobs: JobsRepo
  files: FilesRepo
  queue: QueueRepo
  orchestrator: Pick<Orchestrator, 'createFromFile' | 'bedCleared'>
  dataDir: string
  /** The park position and lift of the printer's firmware profile. */
  park(): { x: number; y: number; zLift: number }
}

const WARNING =
  'Resuming prints on top of the part left on the bed. Check first that it is still stuck down and undamaged and that the nozzle is not buried in it. ' +
  'Z is not homed: the print continues from the height it last printed at, so if the power went during a Z-hop the rest may print slightly above the part. ' +
  'Stay near the printer for the first layer.'

export function createRecoveryService(deps: RecoveryDeps) {
  const dir = join(deps.dataDir, 'recovery')

  async function load(jobId: string): Promise<{ job: JobRecord; record: RecoveryRecord }> {
    const job = deps.jobs.get(jobId)
    if (!job) throw new GatewayError('JOB_NOT_FOUND', `Workflow ${jobId} not found`)
    if (job.status !== 'interrupted') throw new GatewayError('RECOVERY_NOT_AVAILABLE', `Only an interrupted print can be resumed; this one is ${job.status}`)
    const file = recoveryRecordPath(dir, jobId)
    if (!existsSync(file)) throw new GatewayError('RECOVERY_NOT_AVAILABLE', 'No power-loss record was kept for this print')
    const record = JSON.parse(await readFile(file, 'utf8')) as RecoveryRecord
    if (record.version !== 1 || record.jobId !== jobId) throw new GatewayError('RECOVERY_NOT_AVAILABLE', 'The power-loss record does not belong to this print')
    const size = await stat(record.path).then((s) => s.size, () => -1)
    if (size < 0) throw new GatewayError('RECOVERY_NOT_AVAILABLE', 'The G-code file of this print is gone')
    if (record.bytesTotal > 0 && size !== record.bytesTotal) throw new GatewayError('RECOVERY_NOT_AVAILABLE', 'The G-code file changed since the print started')
    return { job, record }
  }

  return {
    async inspect(jobId: string): Promise<RecoveryView> {
      const { record } = await load(jobId)
      const choices = resumeChoices(record, await scanResumePoints(record.path))
      const { layer, layerZ, printZ, byteOffset, fileLine, bytesTotal, writtenAt, state } = record
      return {
        jobId,
        record: { layer, layerZ, printZ, byteOffset, fileLine, bytesTotal, writtenAt, hotendTarget: state.hotendTarget, bedTarget: state.bedTarget, relativeE: state.relativeE, fan: state.fan },
        choices,
        warning: WARNING,
      }
    },

    /** Writes the resumed G-code (preamble + the file from the layer on) and queues it as a new job that starts once the printer is ready. */
    async resume(jobId: string, input: { layer: number; confirm: boolean }): Promise<JobRecord> {
      if (!input.confirm) throw new GatewayError('RECOVERY_NOT_CONFIRMED', 'Send "confirm": true once you have checked the part on the bed')
      const { job, record } = await load(jobId)
      const waiting = deps.queue.list().filter((id) => id !== jobId)
      if (waiting.length > 0) throw new GatewayError('CONFLICT', `${waiting.length} other print(s) are queued; cancel them first so the resumed print runs next`)
      const plan = planResume(record, await scanResumePoints(record.path), input.layer, deps.park())
      const id = randomUUID()
      const storedName = `${id}.gcode`
      const out = join(deps.dataDir, 'files', storedName)
      try {
        await writeResumeFile(record.path, out, plan)
        const hash = createHash('sha256')
        for await (const chunk of createReadStream(out)) hash.update(chunk as Buffer)
        const size = (await stat(out)).size
        const name = `${(job.userRequest ?? 'print').replace(/\.gcode$/i, '')} (resumed at layer ${plan.layer}).gcode`
        deps.files.insert({ id, name, kind: 'gcode', size, sha256: hash.digest('hex'), storedName, createdAt: new Date().toISOString(), analysis: null })
      } catch (error) {
        await rm(out, { force: true })
        throw error
      }
      const resumed = deps.orchestrator.createFromFile({
        fileId: id,
        userId: job.userId,
        printerProfile: job.printerProfile,
        ...(job.qualityLevel ? { qualityLevel: job.qualityLevel } : {}),
        metadata: { resumed_from: jobId, resume_layer: plan.layer, resume_byte_offset: plan.byteOffset },
      })
      await rm(recoveryRecordPath(dir, jobId), { force: true })
      // The user just confirmed the part stays on the bed: that is this print's go-ahead, not a cleared bed.
      await deps.orchestrator.bedCleared()
      return resumed
    },
  }
}

export type RecoveryService = ReturnType<typeof createRecoveryService>
