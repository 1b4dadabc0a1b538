// The job and file records as stored, and the job/step vocabulary they use (the orchestrator, the API and the repositories share it).

export const JOB_STATUSES = [
  'pending',
  'research_phase',
  'cad_phase',
  'slicing_phase',
  'printing_phase',
  'completed',
  'failed',
  'cancelled',
  'queued',
  'paused',
  'interrupted',
] as const
export type JobStatus = (typeof JOB_STATUSES)[number]

/** Statuses a job never leaves. */
export const FINISHED_STATUSES: readonly JobStatus[] = ['completed', 'failed', 'cancelled', 'interrupted']
export const isFinished = (s: JobStatus): boolean => FINISHED_STATUSES.includes(s)

export const STEP_NAMES = ['research', 'cad', 'slicing', 'printing'] as const
export type StepName = (typeof STEP_NAMES)[number]
export type StepStatus = 'pending' | 'running' | 'completed' | 'failed' | 'skipped'

export const STEP_TITLES: Record<StepName, string> = {
  research: 'Research and concept generation',
  cad: '3D model creation',
  slicing: 'G-code generation',
  printing: '3D printing',
}

/** The status a job shows while one of its steps runs. */
export const STEP_STATUS: Record<StepName, JobStatus> = {
  research: 'research_phase',
  cad: 'cad_phase',
  slicing: 'slicing_phase',
  printing: 'printing_phase',
}

export type JobSource = 'text' | 'stl' | 'gcode'

/** Files a job produced, as paths relative to the data directory. */
export interface JobOutputs {
  intent?: string
  stl?: string
  gcode?: string
}

export interface JobRecord {
  id: string
  source: JobSource
  userRequest: string | null
  userId: string
  printerProfile: string | null
  qualityLevel: string | null
  metadata: Record<string, unknown>
  fileId: string | null
  status: JobStatus
  currentStep: string
  message: string
  progress: number
  createdAt: string
  updatedAt: string
  startedAt: string | null
  finishedAt: string | null
  errorCode: string | null
  errorMessage: string | null
  outputs: JobOutputs
  gcodeHash: string | null
  estimatedSeconds: number | null
  actualSeconds: number | null
  filamentMm: number | null
  layer: number | null
  layerCount: number | null
  z: number | null
  lastLine: number | null
  byteOffset: number | null
  printElapsedMs: number | null
  /** The printer the job runs on (a gateway may drive several); the repo stores 'default' when absent. */
  printerId?: string
}

export interface StepRecord {
  name: StepName
  status: StepStatus
  startedAt: string | null
  finishedAt: string | null
  durationMs: number | null
  errorCode: string | null
  errorMessage: string | null
  output: Record<string, unknown> | null
}

export interface JobEventRecord {
  id: number
  jobId: string
  at: string
  type: string
  status: JobStatus | null
  message: string | null
  data: Record<string, unknown> | null
}

export interface FileRecord {
  id: string
  name: string
  kind: 'gcode' | 'stl'
  size: number
  sha256: string
  /** File name inside `<dataDir>/files/`. */
  storedName: string
  createdAt: string
  analysis: Record<string, unknown> | null
}

/** The metadata mark an admin's print carries: its file may change firmware settings. Only routes set it, never a request body. */
export const FIRMWARE_COMMANDS_KEY = 'firmware_commands'
export const FIRMWARE_COMMANDS_APPROVED = 'approved-by-admin'

/** Caller-supplied metadata without the admin mark (a body cannot approve itself). */
export function withoutApproval(metadata: Record<string, unknown> | undefined): Record<string, unknown> {
  if (!metadata || !(FIRMWARE_COMMANDS_KEY in metadata)) return metadata ?? {}
  const { [FIRMWARE_COMMANDS_KEY]: _dropped, ...rest } = metadata
  return rest
}
