// "Print it": a job that must be confirmed before it may heat the printer; the mark lives in the job's metadata.
import type { JobRecord } from './types.js'

export type PrintGate = 'none' | 'awaiting' | 'confirmed'
export const PRINT_GATE_KEY = 'print_gate'

export const printGateOf = (job: Pick<JobRecord, 'metadata'>): PrintGate => {
  const value = job.metadata[PRINT_GATE_KEY]
  return value === 'awaiting' || value === 'confirmed' ? value : 'none'
}

/** True while the job waits for a person to say "Print it"; the scheduler passes over it. */
export const awaitsConfirmation = (job: Pick<JobRecord, 'metadata'>): boolean => printGateOf(job) === 'awaiting'

export const AWAITING_WORDS = { currentStep: 'Waiting for "Print it"', message: 'G-code ready: check the preview, then press "Print it"' }
