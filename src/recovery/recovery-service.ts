// After a power cut: what an interrupted job's journal says, and resuming it from a chosen layer as a new job the user confirmed.
import { randomUUID, createHash } from 'node:crypto'
import { createReadStream, createWriteStream, existsSync } from 'node:fs'
import { readFile, rm, stat } from 'node:fs/promises'
import { pipeline } from 'node:stream/promises'
import { join } from 'node:path'
import { GatewayError } from '../core/errors.js'
import type { Orchestrator } from '../jobs/orchestrator.js'
import type { JobRecord } from '../jobs/types.js'
import { firmwareResumeMarker } from '../printer/firmware-resume.js'
import { recoveryRecordPath, type RecoveryRecord } from '../printer/recovery-journal.js'
import type { FirmwareRecoveryOffer } from '../printer/types.js'
import type { FilesRepo } from '../storage/files-repo.js'
import type { JobsRepo } from '../storage/jobs-repo.js'
import type { QueueRepo } from '../storage/queue-repo.js'
import { planResume, resumeChoices, writeResumeFile, type ResumeChoices } from './resume-plan.js'
import { scanResumePoints, type ResumeScan } from './resume-points.js'
import { placeOfSavedLine, type FilePlace } from './firmware-line.js'

/** The printer's own recovery (Prusa power panic): offered, where it continues, or why it cannot be used. */
export interface PrinterRecoveryView {
  available: boolean
  /** The line the printer saved (its number on the wire) and where that is in the file. */
  savedLine: number | null
  fileLine: number | null
  layer: number | null
  automatic: boolean
  reason: string | null
}

export interface RecoveryView {
  jobId: string
  record: Pick<RecoveryRecord, 'layer' | 'layerZ' | 'printZ' | 'byteOffset' | 'fileLine' | 'bytesTotal' | 'writtenAt'> & {
    hotendTarget: number | null
    bedTarget: number | null
    relativeE: boolean
    fan: number
  }
  choices: ResumeChoices
  printerRecovery: PrinterRecoveryView
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
  /** What the printer offers to continue itself after a power cut (Prusa power panic), if anything. */
  firmwareOffer?(): FirmwareRecoveryOffer | null
}

const PRINTER_WARNING =
  'The printer continues from where it saved the print: it reheats, moves back over the part and lowers to the height it stopped at, then printgate sends the rest of the file. Check first that the part is still stuck down.'

interface PrinterPlace {
  offer: FirmwareRecoveryOffer
  at: FilePlace
  layer: number | null
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
    const size = await stat(record.path).then(
      (s) => s.size,
      () => -1,
    )
    if (size < 0) throw new GatewayError('RECOVERY_NOT_AVAILABLE', 'The G-code file of this print is gone')
    if (record.bytesTotal > 0 && size !== record.bytesTotal) throw new GatewayError('RECOVERY_NOT_AVAILABLE', 'The G-code file changed since the print started')
    return { job, record }
  }

  /** Where the printer's offer continues in this print's file, or why it cannot be used. */
  async function printerPlace(record: RecoveryRecord, scan: ResumeScan): Promise<PrinterPlace | string> {
    const offer = deps.firmwareOffer?.() ?? null
    if (!offer) return 'The printer did not offer to continue this print itself'
    const at = await placeOfSavedLine(record, offer.line)
    if (!at) return `The printer saved line ${offer.line}, which this print's journal cannot place in the file`
    if (at.byteOffset > record.bytesTotal) return 'The printer saved a line past the end of this file'
    return { offer, at, layer: scan.points.filter((p) => p.byteOffset < at.byteOffset).at(-1)?.layer ?? null }
  }

  /** Writes the resumed G-code, registers it and queues it as a new job that starts once the printer is ready. */
  async function queueResumed(
    job: JobRecord,
    write: (out: string) => Promise<void>,
    suffix: string,
    metadata: Record<string, string | number>,
  ): Promise<JobRecord> {
    const waiting = deps.queue.list().filter((id) => id !== job.id)
    if (waiting.length > 0) throw new GatewayError('CONFLICT', `${waiting.length} other print(s) are queued; cancel them first so the resumed print runs next`)
    const id = randomUUID()
    const storedName = `${id}.gcode`
    const out = join(deps.dataDir, 'files', storedName)
    try {
      await write(out)
      const hash = createHash('sha256')
      for await (const chunk of createReadStream(out)) hash.update(chunk as Buffer)
      const size = (await stat(out)).size
      const name = `${(job.userRequest ?? 'print').replace(/\.gcode$/i, '')} (${suffix}).gcode`
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
      metadata: { resumed_from: job.id, ...metadata },
    })
    await rm(recoveryRecordPath(dir, job.id), { force: true })
    // The user just confirmed the part stays on the bed: that is this print's go-ahead, not a cleared bed.
    await deps.orchestrator.bedCleared()
    return resumed
  }

  return {
    async inspect(jobId: string): Promise<RecoveryView> {
      const { record } = await load(jobId)
      const scan = await scanResumePoints(record.path)
      const choices = resumeChoices(record, scan)
      const place = await printerPlace(record, scan)
      const printerRecovery: PrinterRecoveryView =
        typeof place === 'string'
          ? { available: false, savedLine: null, fileLine: null, layer: null, automatic: false, reason: place }
          : { available: true, savedLine: place.offer.line, fileLine: place.at.fileLine, layer: place.layer, automatic: place.offer.automatic, reason: null }
      const { layer, layerZ, printZ, byteOffset, fileLine, bytesTotal, writtenAt, state } = record
      return {
        jobId,
        record: {
          layer,
          layerZ,
          printZ,
          byteOffset,
          fileLine,
          bytesTotal,
          writtenAt,
          hotendTarget: state.hotendTarget,
          bedTarget: state.bedTarget,
          relativeE: state.relativeE,
          fan: state.fan,
        },
        choices,
        printerRecovery,
        warning: printerRecovery.available ? PRINTER_WARNING : WARNING,
      }
    },

    /**
     * Queues the resumed print as a new job. `layer` mode: printgate's preamble, then the file from the layer on.
     * `printer` mode: the printer's own recovery (it restores its state), then the file after the line it saved.
     */
    async resume(jobId: string, input: { mode?: 'layer' | 'printer'; layer?: number; confirm: boolean }): Promise<JobRecord> {
      if (!input.confirm) throw new GatewayError('RECOVERY_NOT_CONFIRMED', 'Send "confirm": true once you have checked the part on the bed')
      const { job, record } = await load(jobId)
      const scan = await scanResumePoints(record.path)
      if (input.mode === 'printer') {
        const place = await printerPlace(record, scan)
        if (typeof place === 'string') throw new GatewayError('RECOVERY_NOT_AVAILABLE', place)
        const write = async (out: string): Promise<void> => {
          const file = createWriteStream(out, { mode: 0o640 })
          file.write(`${firmwareResumeMarker(place.offer.line)}\n`)
          await pipeline(createReadStream(record.path, { start: place.at.byteOffset }), file)
        }
        return queueResumed(job, write, `continued by the printer after line ${place.at.fileLine}`, {
          resume_mode: 'printer',
          resume_saved_line: place.offer.line,
          resume_byte_offset: place.at.byteOffset,
        })
      }
      if (input.layer === undefined) throw new GatewayError('RECOVERY_LAYER_INVALID', 'Name the layer to resume at')
      const plan = planResume(record, scan, input.layer, deps.park())
      return queueResumed(job, (out) => writeResumeFile(record.path, out, plan), `resumed at layer ${plan.layer}`, {
        resume_layer: plan.layer,
        resume_byte_offset: plan.byteOffset,
      })
    },
  }
}

export type RecoveryService = ReturnType<typeof createRecoveryService>
