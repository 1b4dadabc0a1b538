// ISO metric hex bolt (ISO 4017 head from the catalogue), head down on the bed, printed thread from M6 up.

import { metricSizes } from '../research/index.js'
import { boltRadius, revolvedVolume, threadedBolt } from '../library/threads.js'
import { LENGTH } from '../library/read-helpers.js'
import { metricRead, printedThread } from './nut.js'
import { num, str, type BuildContext, type Family, type Params } from '../library/types.js'

function dims(p: Params, ctx: BuildContext) {
  const m = metricSizes[str(p, 'size')]!
  const nominal = Number(str(p, 'size').slice(1))
  return { m, major: nominal - ctx.clearance, length: num(p, 'length'), threaded: printedThread(p) }
}

export const bolt: Family = {
  id: 'bolt',
  title: 'Hex bolt',
  category: 'hardware',
  names: /\b(?:hex(?:agon)? )?(?:bolts?|screws?(?! holes?)|machine screws?)\b/,
  keywords: ['bolt', 'bolts', 'screw', 'screws', 'hex'],
  params: {
    size: { label: 'thread size', unit: 'choice', default: 'M8', choices: Object.keys(metricSizes) },
    length: { label: 'shank length', unit: 'mm', default: 20, min: 4, max: 150 },
  },
  examples: ['an M8 bolt 30 mm long', 'an M10 x 40 bolt'],
  read: (r) => ({
    ...metricRead(
      r.parts.metric?.name,
      r.parts.metric
        ? `${r.parts.metric.name}: ISO 4017 head ${r.parts.metric.size.nutAcrossFlats} mm across flats, ${r.parts.metric.size.headHeight} mm high, pitch ${r.parts.metric.size.pitch} mm`
        : '',
    ),
    length: r.length(LENGTH) ?? r.rest()[0],
  }),
  derive(p, _asked, notes) {
    if (!printedThread(p))
      notes.push(`${p.size} threads (pitch ${metricSizes[str(p, 'size')]!.pitch} mm) are finer than a 0.4 mm nozzle prints: the shank is plain`)
    else notes.push('printed thread: ISO pitch and diameter with 45° flanks (prints without supports), narrowed by the fit clearance for a printed nut')
    return {}
  },
  resolve: (p) => (num(p, 'length') < 2 * metricSizes[str(p, 'size')]!.pitch + 2 ? `A ${p.length} mm shank is too short for a ${p.size} thread` : null),
  build(p, ctx) {
    const { m, major, length, threaded } = dims(p, ctx)
    return [{ name: 'bolt', solid: threadedBolt(m.nutAcrossFlats, m.headHeight, major, length, m.pitch, threaded) }]
  },
  expect(p, ctx) {
    const { m, major, length, threaded } = dims(p, ctx)
    const top = m.headHeight + length
    const head = (Math.sqrt(3) / 2) * m.nutAcrossFlats ** 2 * m.headHeight
    const shank = () => revolvedVolume((z, t) => boltRadius(z, t, top, major, m.pitch, threaded), m.headHeight, top)
    return {
      size: [(2 * m.nutAcrossFlats) / Math.sqrt(3), m.nutAcrossFlats, top],
      get volume() {
        return head + shank()
      },
    }
  },
}
