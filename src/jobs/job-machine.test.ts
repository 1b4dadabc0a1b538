// The job machine as a table: every status × every event, the resulting status (or refusal), and the words it sets.
import { describe, expect, it } from 'vitest'
import { transition, type JobEvent } from './job-machine.js'
import { JOB_STATUSES, type JobStatus } from './types.js'

const EVENTS: Record<string, JobEvent> = {
  research_started: { type: 'step_started', step: 'research' },
  slicing_started: { type: 'step_started', step: 'slicing' },
  research_completed: { type: 'step_completed', step: 'research' },
  cad_failed: { type: 'step_failed', step: 'cad', reason: 'no model' },
  queued: { type: 'queued', awaitingConfirmation: false },
  queued_awaiting: { type: 'queued', awaitingConfirmation: true },
  confirmed: { type: 'confirmed' },
  print_started: { type: 'print_started' },
  print_failed_to_start: { type: 'print_failed_to_start', reason: 'no file' },
  paused: { type: 'paused' },
  resumed: { type: 'resumed' },
  print_completed: { type: 'print_completed' },
  print_cancelled: { type: 'print_cancelled' },
  print_failed: { type: 'print_failed', reason: 'thermal runaway' },
  print_interrupted: { type: 'print_interrupted', reason: 'link lost' },
  cancelled: { type: 'cancelled' },
  restarted: { type: 'restarted' },
  interrupted_by_restart: { type: 'interrupted_by_restart', reason: 'gateway stopped' },
}

// Rows: events; columns in JOB_STATUSES order: pending research cad slicing printing completed failed cancelled queued paused interrupted. '-' = refused.
const _ = '-'
const TABLE: Record<keyof typeof EVENTS, (JobStatus | '-')[]> = {
  research_started: ['research_phase', 'research_phase', 'research_phase', 'research_phase', _, _, _, _, _, _, _],
  slicing_started: ['slicing_phase', 'slicing_phase', 'slicing_phase', 'slicing_phase', _, _, _, _, _, _, _],
  research_completed: [_, 'research_phase', _, _, _, _, _, _, _, _, _],
  cad_failed: ['failed', 'failed', 'failed', 'failed', _, _, _, _, _, _, _],
  queued: ['queued', 'queued', 'queued', 'queued', _, _, _, _, _, _, _],
  queued_awaiting: ['queued', 'queued', 'queued', 'queued', _, _, _, _, _, _, _],
  confirmed: ['pending', 'research_phase', 'cad_phase', 'slicing_phase', 'printing_phase', _, _, _, 'queued', 'paused', _],
  print_started: [_, _, _, _, _, _, _, _, 'printing_phase', _, _],
  print_failed_to_start: [_, _, _, _, _, _, _, _, 'failed', _, _],
  paused: [_, _, _, _, 'paused', _, _, _, _, _, _],
  resumed: [_, _, _, _, _, _, _, _, _, 'printing_phase', _],
  print_completed: [_, _, _, _, 'completed', _, _, _, _, 'completed', _],
  print_cancelled: [_, _, _, _, 'cancelled', _, _, _, _, 'cancelled', _],
  print_failed: [_, _, _, _, 'failed', _, _, _, _, 'failed', _],
  print_interrupted: [_, _, _, _, 'interrupted', _, _, _, _, 'interrupted', _],
  cancelled: ['cancelled', 'cancelled', 'cancelled', 'cancelled', 'cancelled', _, _, _, 'cancelled', 'cancelled', _],
  restarted: ['pending', 'research_phase', 'cad_phase', 'slicing_phase', _, _, _, _, _, _, _],
  interrupted_by_restart: [_, _, _, _, 'interrupted', _, _, _, _, 'interrupted', _],
}

const job = (status: JobStatus) => ({ status, currentStep: 'before', message: 'before' })

describe('job machine', () => {
  for (const [name, row] of Object.entries(TABLE)) {
    it(`${name}: ${row.join(' ')}`, () => {
      const got = JOB_STATUSES.map((status) => transition(job(status), EVENTS[name]!)?.status ?? _)
      expect(got).toEqual(row)
    })
  }

  it('covers every event type', () => {
    const types = new Set(Object.values(EVENTS).map((e) => e.type))
    expect([...types].sort()).toEqual([
      'cancelled',
      'confirmed',
      'interrupted_by_restart',
      'paused',
      'print_cancelled',
      'print_completed',
      'print_failed',
      'print_failed_to_start',
      'print_interrupted',
      'print_started',
      'queued',
      'restarted',
      'resumed',
      'step_completed',
      'step_failed',
      'step_started',
    ])
  })

  it('sets the words the API shows and names the event row', () => {
    expect(transition(job('pending'), EVENTS.research_started!)).toEqual({
      status: 'research_phase',
      currentStep: 'Research and concept generation',
      message: 'Starting research and concept generation',
      record: 'step_started',
    })
    expect(transition(job('research_phase'), EVENTS.research_completed!)).toMatchObject({
      currentStep: 'before',
      message: 'Completed research and concept generation',
    })
    expect(transition(job('cad_phase'), EVENTS.cad_failed!)).toMatchObject({
      currentStep: 'before',
      message: "Failed at step '3D model creation': no model",
      record: 'step_failed',
    })
    expect(transition(job('slicing_phase'), EVENTS.queued_awaiting!)).toMatchObject({ currentStep: 'Waiting for "Print it"' })
    expect(transition(job('slicing_phase'), EVENTS.queued!)).toMatchObject({
      currentStep: 'Waiting for the printer',
      message: 'G-code ready; waiting in the print queue',
    })
    expect(transition(job('queued'), EVENTS.confirmed!)).toMatchObject({ message: 'Confirmed; waiting in the print queue' })
    expect(transition(job('slicing_phase'), EVENTS.confirmed!)).toMatchObject({ currentStep: 'before', message: 'before' })
    expect(transition(job('queued'), EVENTS.print_started!)).toEqual({
      status: 'printing_phase',
      currentStep: '3D printing',
      message: 'Printing',
      record: 'step_started',
    })
    expect(transition(job('printing_phase'), EVENTS.paused!)).toEqual({ status: 'paused', currentStep: 'Paused', message: 'Print paused', record: 'paused' })
    expect(transition(job('paused'), EVENTS.resumed!)).toEqual({
      status: 'printing_phase',
      currentStep: '3D printing',
      message: 'Print resumed',
      record: 'resumed',
    })
    expect(transition(job('printing_phase'), EVENTS.print_completed!)).toMatchObject({ currentStep: 'Printing completed', record: 'print_ended' })
    expect(transition(job('printing_phase'), EVENTS.print_failed!)).toMatchObject({
      currentStep: 'Print failed',
      message: 'thermal runaway',
      record: 'print_ended',
    })
    expect(transition(job('queued'), EVENTS.cancelled!)).toEqual({
      status: 'cancelled',
      currentStep: 'Cancelled',
      message: 'Workflow cancelled by user',
      record: 'cancelled',
    })
    expect(transition(job('paused'), EVENTS.interrupted_by_restart!)).toMatchObject({ message: 'gateway stopped', record: 'interrupted' })
    expect(transition(job('slicing_phase'), EVENTS.restarted!)).toMatchObject({ currentStep: 'before', message: 'before', record: 'restarted' })
  })
})
