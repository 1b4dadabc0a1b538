// Overall job progress from step weights, and a print's time-remaining estimate.
import type { StepName, StepRecord } from './types.js'

const WEIGHTS: Record<StepName, number> = { research: 5, cad: 10, slicing: 15, printing: 70 }

/**
 * Overall percentage (0–100) with `current` at `fraction` (0–1) done. Skipped steps carry no
 * weight, so an uploaded G-code's print goes from 0 to 100.
 */
export function overallProgress(steps: Pick<StepRecord, 'name' | 'status'>[], current: StepName | null, fraction = 0): number {
  const counted = steps.filter((s) => s.status !== 'skipped')
  const total = counted.reduce((sum, s) => sum + WEIGHTS[s.name], 0)
  if (total === 0) return 0
  let done = 0
  for (const s of counted) {
    if (s.name === current) done += WEIGHTS[s.name] * Math.min(1, Math.max(0, fraction))
    else if (s.status === 'completed') done += WEIGHTS[s.name]
  }
  return Math.round((done / total) * 1000) / 10
}

/** Seconds left: the slicer's estimate early on, the measured rate once the print is under way. */
export function remainingSeconds(percent: number, elapsedMs: number, estimatedSeconds: number | null): number | null {
  const p = Math.min(100, Math.max(0, percent))
  const fromEstimate = estimatedSeconds !== null ? estimatedSeconds * (1 - p / 100) : null
  if (p < 2 || elapsedMs < 10_000) return fromEstimate === null ? null : Math.round(fromEstimate)
  const fromRate = ((elapsedMs / 1000) * (100 - p)) / p
  if (fromEstimate === null) return Math.round(fromRate)
  const trustRate = Math.min(1, p / 50)
  return Math.round(fromRate * trustRate + fromEstimate * (1 - trustRate))
}
