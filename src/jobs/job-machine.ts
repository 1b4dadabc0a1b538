// The job state machine: (status, step words, event) → next status, step words, message and the event row it records; pure.
import { AWAITING_WORDS } from './print-gate.js'
import { STEP_STATUS, STEP_TITLES, isFinished, type JobStatus, type StepName } from './types.js'

type PipelineStep = Exclude<StepName, 'printing'>

/** What happened to a job; every change of a job's status is one of these. */
export type JobEvent =
  | { type: 'step_started'; step: PipelineStep }
  | { type: 'step_completed'; step: PipelineStep }
  | { type: 'step_failed'; step: PipelineStep; reason: string }
  | { type: 'queued'; awaitingConfirmation: boolean }
  | { type: 'confirmed' }
  | { type: 'print_started' }
  | { type: 'print_failed_to_start'; reason: string }
  | { type: 'paused' }
  | { type: 'resumed' }
  | { type: 'print_completed' }
  | { type: 'print_cancelled' }
  | { type: 'print_failed'; reason: string }
  | { type: 'print_interrupted'; reason: string }
  | { type: 'cancelled' }
  | { type: 'restarted' }
  | { type: 'interrupted_by_restart'; reason: string }

export interface JobWords {
  status: JobStatus
  currentStep: string
  message: string
}

/** The job's words after the event, and the type of the event row that records it. */
export interface Transition extends JobWords {
  record: string
}

const PIPELINE_STATUSES: readonly JobStatus[] = ['pending', 'research_phase', 'cad_phase', 'slicing_phase']
const PRINTING_STATUSES: readonly JobStatus[] = ['printing_phase', 'paused']

/** Null when the event does not apply in the job's status (e.g. a second "paused", or anything after the end). */
export function transition(job: JobWords, event: JobEvent): Transition | null {
  const { status } = job
  if (isFinished(status)) return null
  const to = (next: JobStatus, currentStep: string, message: string, record: string = event.type): Transition => ({
    status: next,
    currentStep,
    message,
    record,
  })
  switch (event.type) {
    case 'step_started': {
      if (!PIPELINE_STATUSES.includes(status)) return null
      const title = STEP_TITLES[event.step]
      return to(STEP_STATUS[event.step], title, `Starting ${title.toLowerCase()}`)
    }
    case 'step_completed':
      if (status !== STEP_STATUS[event.step]) return null
      return to(status, job.currentStep, `Completed ${STEP_TITLES[event.step].toLowerCase()}`)
    case 'step_failed':
      if (!PIPELINE_STATUSES.includes(status)) return null
      return to('failed', job.currentStep, `Failed at step '${STEP_TITLES[event.step]}': ${event.reason}`)
    case 'queued':
      if (!PIPELINE_STATUSES.includes(status)) return null
      return event.awaitingConfirmation
        ? to('queued', AWAITING_WORDS.currentStep, AWAITING_WORDS.message)
        : to('queued', 'Waiting for the printer', 'G-code ready; waiting in the print queue')
    case 'confirmed':
      return status === 'queued' ? to('queued', 'Waiting for the printer', 'Confirmed; waiting in the print queue') : to(status, job.currentStep, job.message)
    case 'print_started':
      return status === 'queued' ? to('printing_phase', STEP_TITLES.printing, 'Printing', 'step_started') : null
    case 'print_failed_to_start':
      return status === 'queued' ? to('failed', 'Print failed', event.reason, 'step_failed') : null
    case 'paused':
      return status === 'printing_phase' ? to('paused', 'Paused', 'Print paused') : null
    case 'resumed':
      return status === 'paused' ? to('printing_phase', STEP_TITLES.printing, 'Print resumed') : null
    case 'print_completed':
      if (!PRINTING_STATUSES.includes(status)) return null
      return to('completed', 'Printing completed', 'Print completed: remove it and confirm the bed is clear', 'print_ended')
    case 'print_cancelled':
      return PRINTING_STATUSES.includes(status) ? to('cancelled', 'Cancelled', 'Print cancelled', 'print_ended') : null
    case 'print_failed':
      return PRINTING_STATUSES.includes(status) ? to('failed', 'Print failed', event.reason, 'print_ended') : null
    case 'print_interrupted':
      return PRINTING_STATUSES.includes(status) ? to('interrupted', 'Print interrupted', event.reason, 'print_ended') : null
    case 'cancelled':
      return to('cancelled', 'Cancelled', 'Workflow cancelled by user')
    case 'restarted':
      return PIPELINE_STATUSES.includes(status) ? to(status, job.currentStep, job.message) : null
    case 'interrupted_by_restart':
      return PRINTING_STATUSES.includes(status) ? to('interrupted', 'Print interrupted', event.reason, 'interrupted') : null
  }
}
