// Spacer / standoff: a tube sized by hand, for a screw size (M3), or to fit over or onto a named bearing (608 → 22 mm).

import { circle, extrude, subtract2 } from '../library/geometry.js'
import { fromCatalogue, round } from '../library/reader.js'
import { LENGTH, HEIGHT, THICK } from '../library/read-helpers.js'
import { num, type Family, type ReadValue } from '../library/types.js'

export const spacer: Family = {
  id: 'spacer',
  title: 'Spacer',
  category: 'hardware',
  names: /\b(?:spacers?|standoffs?|stand-offs?|bushings?|bushes|sleeves?|collars?)\b/,
  keywords: ['spacer', 'standoff', 'bushing', 'sleeve', 'collar', 'ring', 'tube'],
  params: {
    inner: { label: 'hole diameter', unit: 'mm', default: 5, min: 1, max: 150 },
    outer: { label: 'outer diameter', unit: 'mm', default: 10, min: 3, max: 200 },
    length: { label: 'length', unit: 'mm', default: 10, min: 0.8, max: 200 },
  },
  examples: ['a spacer that fits over a 608 bearing', 'an M3 standoff 10 mm long', 'a spacer 12 mm outer diameter, 5 mm hole, 8 mm long'],
  read(r) {
    const out: Record<string, ReadValue | undefined> = {}
    const b = r.parts.bearing
    if (b) {
      const over = r.has(/\b(?:over|around|onto|outside|on top of|surround(?:s|ing)?|holds?|housing for)\b[^,]*std_bearing/)
      const innerMm = over ? b.bearing.outer : b.bearing.bore
      out.inner = r.fit(innerMm, `${b.name} bearing ${over ? 'outer diameter' : 'bore'}`, 'around')
    } else if (r.parts.metric) {
      const m = r.parts.metric
      out.inner = fromCatalogue(m.size.clearanceHole, `${m.name} clearance hole ${m.size.clearanceHole} mm (ISO 273)`)
      if (m.length !== null) out.length = { value: m.length, source: 'asked' }
    }
    out.inner ??= r.length(/\b(?:inner|inside|internal)(?: diameter)?\b|\bholes?\b|\bbore\b|\bid\b|\b(?:shaft|rod|axle|bolt|screw|pipe)\b/)
    out.outer = r.length(/\b(?:outer|outside|external)(?: diameter)?\b|\bod\b|\bdiameter\b|\bwide\b/)
    out.length ??= r.length(LENGTH) ?? r.length(HEIGHT) ?? r.length(THICK)
    for (const v of r.rest()) {
      const k = (['outer', 'inner', 'length'] as const).find((x) => out[x] === undefined)
      if (!k) break
      out[k] = v
    }
    if (out.inner && out.outer && (out.inner.value as number) > (out.outer.value as number)) [out.inner, out.outer] = [out.outer, out.inner]
    return out
  },
  derive(p, asked) {
    const out: Record<string, ReadValue> = {}
    if (!asked.has('outer') || num(p, 'outer') <= num(p, 'inner') + 1.6) {
      const wall = Math.min(4, Math.max(1.6, round(num(p, 'inner') * 0.25)))
      const outer = round(num(p, 'inner') + 2 * wall)
      out.outer = { value: outer, source: 'derived', note: `outer diameter ${outer} mm: ${wall} mm walls around the hole` }
    }
    return out
  },
  resolve: (p) =>
    num(p, 'outer') - num(p, 'inner') < 1.6 ? `The wall between ${p.inner} mm and ${p.outer} mm is thinner than two perimeters (0.8 mm each side)` : null,
  build(p, ctx) {
    const [i, o, l] = ['inner', 'outer', 'length'].map((k) => num(p, k)) as [number, number, number]
    return [{ name: 'spacer', solid: extrude(subtract2(circle(o), circle(i + ctx.holeCompensation)), l) }]
  },
  expect(p, ctx) {
    const [i, o, l] = ['inner', 'outer', 'length'].map((k) => num(p, k)) as [number, number, number]
    return { size: [o, o, l], volume: (Math.PI / 4) * (o ** 2 - (i + ctx.holeCompensation) ** 2) * l }
  },
}
