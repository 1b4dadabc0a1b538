// Print-in-place hinge: two flat leaves whose knuckles interleave on 45° cones and sockets, printed open, no supports.

import {
  area,
  circle,
  extrude,
  facetedCircleArea,
  hole,
  polygon,
  primitives,
  rect,
  subtract2,
  subtract3,
  transforms,
  union2,
  union3,
} from '../library/geometry.js'
import { holeCount, LENGTH, THICK, WIDTH } from '../library/read-helpers.js'
import { fromCatalogue } from '../library/reader.js'
import { num, type BuildContext, type Family, type Geom2, type Geom3, type Params } from '../library/types.js'

/** Facets of every cone and socket (their volume is then exact: a pyramid on a regular 32-gon). */
const CONE_SEGMENTS = 32
/** Knuckle wall left around a socket. */
const SOCKET_WALL = 1.5

function dims(p: Params, ctx: BuildContext) {
  const L = num(p, 'length'),
    W = num(p, 'width'),
    T = num(p, 'thickness'),
    D = num(p, 'knuckle'),
    n = num(p, 'knuckles')
  const R = D / 2
  // what moves is printed apart by the fit clearance on both parts
  const gap = 2 * ctx.clearance
  const k = (L - (n - 1) * gap) / n
  const cone = R - SOCKET_WALL
  const socket = cone + (Math.SQRT2 - 1) * gap
  // the knuckle's lowest corners (where its 45° keel meets the bed) are its farthest points from the axis
  const swept = R * Math.hypot(1, Math.SQRT2 - 1)
  return { L, W, T, D, R, n, gap, k, cone, socket, swept, free: swept + gap }
}

/** A knuckle's section in Y (across) and Z: a circle on a 45° keel cut flat by the bed, so nothing under it overhangs. */
function knuckleProfile(R: number): Geom2 {
  const s = R / Math.SQRT2
  const keel = polygon([
    [-s, R - s],
    [0, R - R * Math.SQRT2],
    [s, R - s],
  ])
  return subtract2(union2(circle(2 * R, [0, R]), keel), rect(4 * R, 2 * R, [0, -R]))
}

/** Leaf `side` (−1: −Y, +1: +Y) section: full against its own knuckles, cut back elsewhere so the other knuckles can turn. */
const leafSection = (W: number, T: number, from: number, side: number) => rect(W - from, T, [(side * (from + W)) / 2, T / 2])

/** A section in Y/Z extruded along X from x0 to x1. */
function alongX(section: Geom2, x0: number, x1: number): Geom3 {
  return transforms.rotateY(Math.PI / 2, transforms.rotateZ(Math.PI / 2, extrude(section, x1 - x0, x0)))
}

/** A 45° cone on the knuckle axis: base radius r at x = base, pointing `dir` (±1), starting `back` mm inside behind the base. */
function cone(r: number, base: number, dir: number, R: number, back: number): Geom3 {
  const h = r + back
  const c = primitives.cylinderElliptic({ height: h, startRadius: [r + back, r + back], endRadius: [0, 0], segments: CONE_SEGMENTS })
  // cylinderElliptic runs along Z centred on the origin; turn it onto X (pointing dir) and put its base `back` behind `base`
  const onX = transforms.rotateY((dir * Math.PI) / 2, c)
  return transforms.translate([base - dir * back + (dir * h) / 2, 0, R], onX)
}

const coneVolume = (r: number) => (facetedCircleArea(2 * r, CONE_SEGMENTS) * r) / 3

function layout(p: Params, ctx: BuildContext) {
  const d = dims(p, ctx)
  const spans = Array.from({ length: d.n }, (_, i) => [-d.L / 2 + i * (d.k + d.gap), -d.L / 2 + i * (d.k + d.gap) + d.k] as [number, number])
  return { ...d, spans }
}

function screwHoles(p: Params, ctx: BuildContext, side: number): Geom2[] {
  const { L, W, free } = dims(p, ctx)
  const n = num(p, 'holes') / 2
  return Array.from({ length: n }, (_, i) => hole(num(p, 'screw'), ctx, [-L / 2 + (L * (i + 0.5)) / n, (side * (free + W)) / 2]))
}

/** The two leaves apart (leaf 0 on −Y with the cones, leaf 1 on +Y with the sockets), as printed: open flat. */
export function hingeLeaves(p: Params, ctx: BuildContext): [Geom3, Geom3] {
  const { W, T, R, spans, cone: rc, socket, gap, free, L } = layout(p, ctx)
  const knuckle = knuckleProfile(R)
  const leaves: Geom3[][] = [[], []]
  // leaf 0 (−Y) owns the even knuckles and carries the cones; leaf 1 (+Y) the odd ones with sockets
  spans.forEach(([x0, x1], i) => leaves[i % 2]!.push(alongX(knuckle, x0, x1)))
  for (const side of [0, 1]) {
    const s = side === 0 ? -1 : 1
    const own = union3(...spans.filter((_, i) => i % 2 === side).map(([x0, x1]) => alongX(rect(W, T, [(s * W) / 2, T / 2]), x0, x1)))
    const cut = alongX(leafSection(W, T, free, s), -L / 2, L / 2)
    leaves[side]!.push(own, cut)
  }
  const cones: Geom3[] = []
  const sockets: Geom3[] = []
  spans.forEach(([x0, x1], i) => {
    if (i % 2 === 1) return
    if (i > 0) {
      cones.push(cone(rc, x0, -1, R, 0.5))
      sockets.push(cone(socket, x0 - gap, -1, R, 0.5))
    }
    if (i < spans.length - 1) {
      cones.push(cone(rc, x1, 1, R, 0.5))
      sockets.push(cone(socket, x1 + gap, 1, R, 0.5))
    }
  })
  const holes = [0, 1].map((side) => screwHoles(p, ctx, side === 0 ? -1 : 1)).flat()
  const drill = holes.length ? [extrude(union2(...holes), T + 2, -1)] : []
  return [subtract3(union3(...leaves[0]!, ...cones), ...drill), subtract3(union3(...leaves[1]!), ...sockets, ...drill)]
}

export const hinge: Family = {
  id: 'hinge',
  title: 'Hinge',
  category: 'hardware',
  names: /\b(?:print[ -]in[ -]place |printed in place |butt |flat |door |box |cabinet |folding |small |tiny )*hinges?\b/,
  keywords: ['hinge', 'hinges', 'knuckle', 'knuckles'],
  params: {
    length: { label: 'length (along the knuckles)', unit: 'mm', default: 40, min: 15, max: 200 },
    width: { label: 'leaf width (from the axis)', unit: 'mm', default: 20, min: 8, max: 100 },
    thickness: { label: 'leaf thickness', unit: 'mm', default: 3, min: 1.6, max: 10 },
    knuckle: { label: 'knuckle diameter', unit: 'mm', default: 8, min: 6, max: 30 },
    knuckles: { label: 'knuckles', unit: 'count', default: 3, min: 3, max: 15, integer: true },
    holes: { label: 'screw holes (both leaves)', unit: 'count', default: 0, min: 0, max: 8, integer: true },
    screw: { label: 'screw hole', unit: 'mm', default: 3.4, min: 2, max: 8 },
  },
  examples: ['a hinge 40 mm long', 'a print in place hinge with 3 knuckles', 'a 30 mm hinge with screw holes'],
  read(r) {
    const m = r.parts.metric
    const holes =
      holeCount(r) ??
      (r.has(/\b(?:screw|mounting|fixing) holes\b|\bholes\b|\bscrews\b/)
        ? { value: 4, source: 'asked' as const, note: 'screw holes: two in each leaf' }
        : undefined)
    // specific cues first; then "a 30 mm hinge"; the screw size only from what is left ("3.5 mm screw holes")
    const knuckles = r.count(/\bknuckles?\b|\bloops?\b|\bbarrels?\b|\bsegments?\b/)
    const knuckle = r.length(/\bknuckles?\b|\bpin\b|\bbarrel\b/)
    const thickness = r.length(THICK)
    const width = r.length(WIDTH)
    const length = r.length(LENGTH) ?? r.length(/\bhinges?\b/)
    const screw = m
      ? fromCatalogue(m.size.clearanceHole, `${m.name} clearance hole ${m.size.clearanceHole} mm (ISO 273)`)
      : r.length(/\bscrew(?: holes?)?\b|\bholes?\b/)
    return { knuckles, knuckle, thickness, width, length: length ?? r.rest()[0], holes, screw }
  },
  resolve(p) {
    const { k, T, D, socket, W, free } = dims(p, { clearance: 0.2, holeCompensation: 0 })
    if (num(p, 'holes') % 2 === 1) return `A hinge has two leaves: ask for an even number of screw holes (${num(p, 'holes') - 1} or ${num(p, 'holes') + 1})`
    if (T > D - 1) return `${T} mm leaves need knuckles of at least ${T + 1} mm`
    if (k < 2 * socket + 1.5)
      return `${p.knuckles} knuckles on a ${p.length} mm hinge would be ${k.toFixed(1)} mm long; each needs ${(2 * socket + 1.5).toFixed(1)} mm for its cones: ask for fewer knuckles or a longer hinge`
    if (W < free + 3 + (num(p, 'holes') > 0 ? num(p, 'screw') + 2 : 0))
      return `${W} mm leaves leave no room beside the knuckles${num(p, 'holes') > 0 ? ' for the screw holes' : ''}; ask for wider leaves`
    return null
  },
  build: (p, ctx) => [{ name: 'hinge', solid: union3(...hingeLeaves(p, ctx)) }],
  expect(p, ctx) {
    const { W, T, R, D, spans, cone: rc, socket, free, L, n } = layout(p, ctx)
    const lengths = [0, 1].map((side) => spans.filter((_, i) => i % 2 === side).reduce((s, [x0, x1]) => s + x1 - x0, 0))
    const holes = num(p, 'holes') * facetedCircleArea(num(p, 'screw') + ctx.holeCompensation) * T
    return {
      size: [L, 2 * W, D],
      get volume() {
        const own = area(union2(knuckleProfile(R), rect(W, T, [W / 2, T / 2])))
        const leaf = (len: number) => own * len + (W - free) * T * (L - len)
        return leaf(lengths[0]!) + leaf(lengths[1]!) + (n - 1) * (coneVolume(rc) - coneVolume(socket)) - holes
      },
    }
  },
}
