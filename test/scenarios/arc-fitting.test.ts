// Scenario: arc fitting end to end on the simulated Marlin: G2/G3 only with Cap:ARCS and the setting, same path, same E.
import { afterEach, describe, expect, it } from 'vitest'
import { prepareLine } from '../../src/protocol/gcode-line.js'
import { pathDeviation, toolPath } from '../../src/protocol/tool-path.js'
import type { PrintProgress } from '../../src/printer/types.js'
import { createEngineOnSim, type EngineOnSim } from './engine-on-sim.js'

let engine: EngineOnSim | null = null
afterEach(async () => {
  await engine?.close()
  engine = null
})

/** Three layers of a 20 mm circle in 0.5 mm segments, with the slicer's layer markers. */
function circles(): string {
  const out = ['G90', 'M83', 'G92 X120 Y100 Z0.2 E0', 'G1 F3600']
  for (let layer = 0; layer < 3; layer++) {
    out.push(';LAYER_CHANGE', `;Z:${(0.2 * (layer + 1)).toFixed(1)}`, `G1 Z${(0.2 * (layer + 1)).toFixed(1)}`)
    for (let k = 1; k <= 251; k++) {
      const a = (k / 251) * 2 * Math.PI
      out.push(`G1 X${(100 + 20 * Math.cos(a)).toFixed(3)} Y${(100 + 20 * Math.sin(a)).toFixed(3)} E0.01663 ; perimeter`)
    }
  }
  return out.join('\n') + '\n'
}

async function print(query: string, arcFitting: boolean) {
  engine = createEngineOnSim(query, { progressIntervalMs: 0, ...(arcFitting ? { arcFitting: { toleranceMm: 0.02 } } : {}) })
  const e = engine
  await e.printer.connect()
  const text = circles()
  let last: PrintProgress | null = null
  e.printer.events.on('printer:progress', (p) => (last = p))
  const { done } = await e.printer.startPrint({ jobId: 'arcs', path: e.writeFile('arcs.gcode', text) })
  const result = await done
  const original = text
    .split('\n')
    .map(prepareLine)
    .filter((c): c is string => c !== null)
  // The connection's own commands (line reset, M115, temperature reports) are not the file's.
  const executed = e
    .sim()
    .transcript.map((t) => t.command)
    .filter((c) => !/^M(110|115|105|155)\b/.test(c))
  return { result, original, executed, progress: last as PrintProgress | null, position: e.sim().state().position }
}

describe('arc fitting on the simulated Marlin', () => {
  it('with Cap:ARCS and the setting on, sends G3 arcs that keep the path within tolerance and E exact', async () => {
    const run = await print('latencyMs=1&timeScale=0.02', true)
    expect(run.result.outcome).toBe('completed')
    const arcs = run.executed.filter((c) => c.startsWith('G3 '))
    // Each circle is at most 1.5 turns' worth per arc: two arcs per layer.
    expect(arcs.length).toBeGreaterThanOrEqual(3)
    expect(run.executed.length).toBeLessThan(run.original.length / 20)
    const a = toolPath(run.original)
    const b = toolPath(run.executed)
    expect(pathDeviation(a.points, b.points)).toBeLessThanOrEqual(0.021)
    expect(b.e).toBeCloseTo(a.e, 9)
    // The simulator's head ends where the file's last move ends, with the file's total E.
    expect(run.position.x).toBeCloseTo(120, 6)
    expect(run.position.y).toBeCloseTo(100, 6)
    expect(run.position.e).toBeCloseTo(3 * 251 * 0.01663, 6)
    // Progress counts the file's commands, not the lines sent.
    expect(run.progress?.linesConfirmed).toBe(run.original.length)
    expect(run.result.byteOffset).toBe(Buffer.byteLength(circles()))
  }, 60_000)

  it('without Cap:ARCS sends the file as written even with the setting on', async () => {
    const run = await print('latencyMs=1&timeScale=0.02&arcs=0', true)
    expect(run.result.outcome).toBe('completed')
    expect(run.executed).toEqual(run.original)
  }, 60_000)

  it('with the setting off (the default) sends the file as written', async () => {
    const run = await print('latencyMs=1&timeScale=0.02', false)
    expect(run.executed).toEqual(run.original)
  }, 60_000)
})
