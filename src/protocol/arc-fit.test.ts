// Arc fitter: property tests over random paths (tolerance everywhere, E exact, endpoints exact, lines kept in order) and the cases it must refuse.
import { describe, expect, it } from 'vitest'
import { createRandom } from '../core/random.js'
import { createArcFitter, exactSum, type ArcFitOptions } from './arc-fit.js'
import { pathDeviation, toolPath } from './tool-path.js'

function fit(commands: string[], options: ArcFitOptions = {}, flushAt: Set<number> = new Set()) {
  const out: { command: string; items: number[] }[] = []
  const fitter = createArcFitter<number>(options, (command, items) => out.push({ command, items }))
  commands.forEach((c, i) => {
    if (flushAt.has(i)) fitter.flush()
    fitter.push(c, i)
  })
  fitter.flush()
  return out
}

/** A random print path: arcs of many radii both ways, straight runs, zigzags, F and Z changes, G92 and E-mode switches. */
function randomPath(seed: number): string[] {
  const rnd = createRandom(seed)
  const relativeE = rnd() < 0.5
  const out = ['G90', relativeE ? 'M83' : 'M82', 'G92 X100 Y100 Z0.2 E0', 'G1 F1800']
  let x = 100
  let y = 100
  let e = 0
  let heading = 0
  const move = (nx: number, ny: number, extrude: boolean, extra = '') => {
    const length = Math.hypot(nx - x, ny - y)
    x = nx
    y = ny
    let words = `G1 X${x.toFixed(3)} Y${y.toFixed(3)}`
    if (extrude) {
      const de = Number((length * 0.0333).toFixed(5))
      e = Number((e + de).toFixed(5))
      words += ` E${relativeE ? de.toFixed(5) : e.toFixed(5)}`
    }
    out.push(words + extra)
  }
  for (let piece = 0; piece < 20; piece++) {
    const kind = rnd()
    const extrude = rnd() < 0.8
    if (kind < 0.5) {
      const r = 0.8 + rnd() * rnd() * 80
      const turn = (rnd() < 0.5 ? -1 : 1) * (0.2 + rnd() * 4)
      const seg = 0.15 + rnd() * 1.5
      const steps = Math.max(2, Math.ceil((Math.abs(turn) * r) / seg))
      const cx = x - r * Math.sin(heading) * Math.sign(turn)
      const cy = y + r * Math.cos(heading) * Math.sign(turn)
      const a0 = Math.atan2(y - cy, x - cx)
      for (let k = 1; k <= steps; k++) {
        const a = a0 + (turn * k) / steps
        move(cx + r * Math.cos(a), cy + r * Math.sin(a), extrude, k === 1 && rnd() < 0.2 ? ' F2400' : '')
      }
      heading += turn
    } else if (kind < 0.7) {
      for (let k = 0; k < 5 + rnd() * 20; k++) move(x + Math.cos(heading) * 0.5, y + Math.sin(heading) * 0.5, extrude)
    } else if (kind < 0.8) {
      for (let k = 0; k < 10; k++) move(x + (k % 2 ? 0.4 : -0.4), y + 0.3, extrude)
    } else if (kind < 0.9) {
      out.push(`G1 Z${(0.2 + piece * 0.2).toFixed(2)}`, 'G1 F1800')
    } else {
      out.push(relativeE ? 'G92 E0' : `G92 E${e.toFixed(5)}`)
    }
  }
  return out
}

const endpoint = (command: string) => /X(\S+) Y(\S+)/.exec(command)?.slice(1).join(' ') ?? null

describe('arc fitting', () => {
  it('keeps any random path within the tolerance, E and endpoints exact, every line mapped once in order', () => {
    let arcs = 0
    let replaced = 0
    for (let seed = 1; seed <= 25; seed++) {
      const original = randomPath(seed)
      for (const toleranceMm of [0.01, 0.05]) {
        const rnd = createRandom(seed * 7)
        const flushAt = new Set(original.map((_, i) => i).filter(() => rnd() < 0.01))
        const fitted = fit(original, { toleranceMm }, flushAt)
        expect(fitted.flatMap((f) => f.items)).toEqual(original.map((_, i) => i))
        const a = toolPath(original)
        const b = toolPath(fitted.map((f) => f.command))
        expect(pathDeviation(a.points, b.points)).toBeLessThanOrEqual(toleranceMm + 1e-3)
        expect(b.e).toBeCloseTo(a.e, 9)
        for (const f of fitted) {
          if (f.items.length === 1) {
            expect(f.command).toBe(original[f.items[0]!])
            continue
          }
          arcs++
          replaced += f.items.length
          expect(f.command).toMatch(/^G[23] /)
          expect(endpoint(f.command)).toBe(endpoint(original[f.items.at(-1)!]!))
          // Nothing but G1 moves inside a run, and no flush point crossed.
          expect(f.items.every((i) => original[i]!.startsWith('G1 X'))).toBe(true)
          expect(f.items.slice(1).some((i) => flushAt.has(i))).toBe(false)
        }
      }
    }
    expect(arcs).toBeGreaterThan(200)
    expect(replaced / arcs).toBeGreaterThan(8)
  })

  it('sums relative E exactly to the digits the file used', () => {
    expect(exactSum(['0.00665', '0.00665', '0.1'])).toBe('0.11330')
    expect(exactSum(Array.from({ length: 471 }, () => '0.00665'))).toBe('3.13215')
    expect(exactSum(['1', '-2.5'])).toBe('-1.5')
    const fitted = fit(['G90', 'M83', 'G92 X120 Y100 E0', ...quarterCircle(20, 40, (i) => `E0.0066${i % 2 ? 5 : 6}`)])
    const arc = fitted.find((f) => f.items.length > 1)
    expect(arc?.command).toMatch(/^G3 X100 Y120 I-20(\.\d+)? J-?0(\.\d+)? E0\.26620$/)
  })

  it('writes the last E in absolute mode, and F only when the run set it', () => {
    const lines = ['G90', 'M82', 'G92 X120 Y100 E5', 'G1 F1200', ...quarterCircle(20, 40, (i) => `E${(5 + (i + 1) * 0.01).toFixed(2)}`)]
    const arc = fit(lines).find((f) => f.items.length > 1)
    expect(arc?.command).toMatch(/^G3 X100 Y120 I-20(\.\d+)? J-?0(\.\d+)? E5\.40$/)
    const withF = fit(['G90', 'M83', 'G92 X120 Y100', ...quarterCircle(20, 40, (i) => `E0.01${i === 1 ? ' F3000' : ''}`)])
    expect(withF.find((f) => f.items.length > 1)?.command).toMatch(/ F3000$/)
  })

  it('refuses relative XY, Z changes, feed changes, retractions and uneven extrusion', () => {
    const circle = quarterCircle(20, 40, () => 'E0.01')
    const none = (lines: string[]) => expect(fit(lines).every((f) => f.items.length === 1)).toBe(true)
    none(['G91', 'M83', 'G92 X120 Y100', ...circle])
    none(['G90', 'M83', 'G92 X120 Y100 Z0.2', ...circle.map((c, i) => `${c} Z${(0.2 + i * 0.01).toFixed(2)}`)])
    none(['G90', 'M83', 'G92 X120 Y100', ...circle.map((c, i) => `${c} F${1000 + (i % 2) * 500}`)])
    none(['G90', 'M83', 'G92 X120 Y100', ...quarterCircle(20, 40, (i) => (i % 2 ? 'E0.01' : 'E-0.01'))])
    none(['G90', 'M83', 'G92 X120 Y100', ...quarterCircle(20, 40, (i) => (i % 2 ? 'E0.01' : 'E0.02'))])
    none(['G90', 'M83', 'G92 X120 Y100', ...Array.from({ length: 40 }, (_, i) => `G1 X${120 + i * 0.3} Y100 E0.01`)])
  })

  it('never joins moves across a flush (layer or progress marker) or a non-move command', () => {
    const circle = quarterCircle(20, 40, () => 'E0.01')
    const lines = ['G90', 'M83', 'G92 X120 Y100', ...circle.slice(0, 20), 'M73 P50', ...circle.slice(20)]
    const fitted = fit(lines, {}, new Set([3 + 10]))
    const runs = fitted.filter((f) => f.items.length > 1).map((f) => [f.items[0], f.items.at(-1)])
    expect(runs).toEqual([
      [3, 12],
      [13, 22],
      [24, 43],
    ])
  })
})

/** G1 moves from (120,100) counter-clockwise round (100,100) by a quarter turn, in `steps` moves. */
function quarterCircle(radius: number, steps: number, extra: (i: number) => string): string[] {
  return Array.from({ length: steps }, (_, k) => {
    const a = ((k + 1) / steps) * (Math.PI / 2)
    const x = Number((100 + radius * Math.cos(a)).toFixed(3))
    const y = Number((100 + radius * Math.sin(a)).toFixed(3))
    return `G1 X${x} Y${y} ${extra(k)}`
  })
}
