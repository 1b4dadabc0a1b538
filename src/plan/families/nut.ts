// ISO metric hex nut (ISO 4032 sizes from the catalogue), with a printed thread from M6 up, a tapping hole below.

import { metricSizes } from '../research/index.js'
import { circle, extrude, facetedCircleArea, polygon, subtract2 } from '../library/geometry.js'
import { nutHoleRadius, revolvedVolume, threadedNut } from '../library/threads.js'
import { num, str, type BuildContext, type Family, type Params, type ReadValue } from '../library/types.js'

/** Threads of a finer pitch than this are left to the screw: a 0.4 mm nozzle cannot form them. */
export const MIN_PRINTED_PITCH = 1

export const hexagon = (acrossFlats: number) => {
  const r = acrossFlats / Math.sqrt(3)
  return polygon(Array.from({ length: 6 }, (_, i) => [r * Math.cos((i * Math.PI) / 3), r * Math.sin((i * Math.PI) / 3)] as [number, number]))
}

export function metricRead(size: string | undefined, note: string): Record<string, ReadValue | undefined> {
  return size ? { size: { value: size, source: 'catalogue', note } } : {}
}

export const printedThread = (p: Params) => metricSizes[str(p, 'size')]!.pitch >= MIN_PRINTED_PITCH

function nutDims(p: Params, ctx: BuildContext) {
  const m = metricSizes[str(p, 'size')]!
  const nominal = Number(str(p, 'size').slice(1))
  return { m, nominal, major: nominal + ctx.clearance, tapHole: nominal - m.pitch + ctx.holeCompensation }
}

export const nut: Family = {
  id: 'nut',
  title: 'Hex nut',
  category: 'hardware',
  names: /\b(?:hex(?:agon(?:al)?)? )?nuts?\b/,
  keywords: ['nut', 'nuts', 'hex'],
  params: {
    size: { label: 'thread size', unit: 'choice', default: 'M8', choices: Object.keys(metricSizes) },
  },
  examples: ['an M8 nut', 'an M12 hex nut'],
  read: (r) =>
    metricRead(
      r.parts.metric?.name,
      r.parts.metric
        ? `${r.parts.metric.name}: ISO 4032 nut ${r.parts.metric.size.nutAcrossFlats} mm across flats, ${r.parts.metric.size.nutHeight} mm high, pitch ${r.parts.metric.size.pitch} mm`
        : '',
    ),
  derive(p, _asked, notes) {
    if (!printedThread(p))
      notes.push(
        `${p.size} threads (pitch ${metricSizes[str(p, 'size')]!.pitch} mm) are finer than a 0.4 mm nozzle prints: the hole is a tapping hole (${Number(str(p, 'size').slice(1)) - metricSizes[str(p, 'size')]!.pitch} mm) a metal screw cuts its own thread in`,
      )
    else notes.push(`printed thread: ISO pitch and diameter with 45° flanks (prints without supports), widened by the fit clearance for a printed bolt`)
    return {}
  },
  build(p, ctx) {
    const { m, major, tapHole } = nutDims(p, ctx)
    if (printedThread(p)) return [{ name: 'nut', solid: threadedNut(m.nutAcrossFlats, m.nutHeight, major, m.pitch) }]
    return [{ name: 'nut', solid: extrude(subtract2(hexagon(m.nutAcrossFlats), circle(tapHole)), m.nutHeight) }]
  },
  expect(p, ctx) {
    const { m, major, tapHole } = nutDims(p, ctx)
    const hex = (Math.sqrt(3) / 2) * m.nutAcrossFlats ** 2
    const hole = () =>
      printedThread(p) ? revolvedVolume((z, t) => nutHoleRadius(z, t, m.nutHeight, major, m.pitch), 0, m.nutHeight) : facetedCircleArea(tapHole) * m.nutHeight
    return {
      size: [(2 * m.nutAcrossFlats) / Math.sqrt(3), m.nutAcrossFlats, m.nutHeight],
      get volume() {
        return hex * m.nutHeight - hole()
      },
    }
  },
}
