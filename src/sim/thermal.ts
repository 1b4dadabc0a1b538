// Heaters of the simulated printer: linear heating, exponential cooling, Marlin-format reports.

export type HeaterId = 'tool' | 'bed'

const COOLING_TAU_MS = 60_000
/** Marlin's TEMP_WINDOW / TEMP_BED_WINDOW: a wait ends within this many °C of the target. */
export const TEMP_WINDOW = 1

interface HeaterState {
  actual: number
  target: number
  readonly ambient: number
  readonly ratePerMs: number
}

export interface ThermalOptions {
  heatRate: number
  bedHeatRate: number
  /** The hotend's reading freezes once it reaches this (a failed thermistor). */
  stuckHeaterAt?: number | undefined
  /** The hotend never warms. */
  deadHeater?: boolean
}

export interface Thermal {
  setTarget(id: HeaterId, target: number, now: number): void
  actual(id: HeaterId, now: number): number
  target(id: HeaterId): number
  /** Milliseconds until the heater is within TEMP_WINDOW of `goal` (0 if already, Infinity if never). */
  timeToReach(id: HeaterId, goal: number, now: number): number
  /** ` T:21.30 /0.00 B:21.00 /0.00 @:0 B@:0` (leading space, as Marlin prints after `ok`). */
  report(now: number): string
  allOff(now: number): void
}

function power(h: HeaterState): number {
  if (h.target <= 0) return 0
  return h.actual < h.target - TEMP_WINDOW ? 127 : 40
}

export function createThermal(options: ThermalOptions, now: number): Thermal {
  const heaters: Record<HeaterId, HeaterState> = {
    tool: { actual: 21.3, target: 0, ambient: 21.3, ratePerMs: options.deadHeater ? 0 : options.heatRate / 1000 },
    bed: { actual: 21.0, target: 0, ambient: 21.0, ratePerMs: options.bedHeatRate / 1000 },
  }
  let updatedAt = now
  let frozenTool: number | null = null
  const toolReading = (): number => {
    if (frozenTool === null && options.stuckHeaterAt !== undefined && heaters.tool.actual >= options.stuckHeaterAt) frozenTool = heaters.tool.actual
    return frozenTool ?? heaters.tool.actual
  }

  function update(at: number): void {
    const dt = at - updatedAt
    if (dt <= 0) return
    updatedAt = at
    for (const h of Object.values(heaters)) {
      if (h.target > h.actual && h.ratePerMs > 0) {
        h.actual = Math.min(h.target, h.actual + h.ratePerMs * dt)
      } else {
        // A dead heater only cools, whatever its target.
        const floor = h.ratePerMs > 0 ? Math.max(h.ambient, h.target) : h.ambient
        const cooled = h.ambient + (h.actual - h.ambient) * Math.exp(-dt / COOLING_TAU_MS)
        h.actual = Math.max(floor, Math.min(h.actual, cooled))
      }
    }
  }

  function timeToReach(h: HeaterState, goal: number): number {
    if (Math.abs(h.actual - goal) <= TEMP_WINDOW) return 0
    if (goal > h.actual) return h.target >= goal - TEMP_WINDOW ? (goal - TEMP_WINDOW - h.actual) / h.ratePerMs : Infinity
    const floor = Math.max(h.ambient, h.target)
    const aim = goal + TEMP_WINDOW
    if (aim < floor || aim <= h.ambient) return Infinity
    return -COOLING_TAU_MS * Math.log((aim - h.ambient) / (h.actual - h.ambient))
  }

  const fmt = (n: number): string => n.toFixed(2)

  return {
    setTarget(id, target, at) {
      update(at)
      heaters[id].target = Math.max(0, target)
    },
    actual(id, at) {
      update(at)
      return id === 'tool' ? toolReading() : heaters[id].actual
    },
    target: (id) => heaters[id].target,
    timeToReach(id, goal, at) {
      update(at)
      if (id === 'tool' && toolReading() !== heaters.tool.actual) return Math.abs(toolReading() - goal) <= TEMP_WINDOW ? 0 : Infinity
      const ms = timeToReach(heaters[id], goal)
      return ms < 1e-6 ? 0 : ms
    },
    report(at) {
      update(at)
      const { tool, bed } = heaters
      return ` T:${fmt(toolReading())} /${fmt(tool.target)} B:${fmt(bed.actual)} /${fmt(bed.target)} @:${power(tool)} B@:${power(bed)}`
    },
    allOff(at) {
      update(at)
      heaters.tool.target = 0
      heaters.bed.target = 0
    },
  }
}
