// The benchmark's G-code: a curved wall of tiny segments, the pattern that starves a slow host link.

export const SEGMENT_MM = 0.2
export const SPEED_MM_S = 60

/** A wall of circles (r = 20 mm) cut into 0.2 mm segments, one layer per circle. */
export function curvedWall(lines: number): string {
  // G92 sets the start point instead of a long travel move, so the run times only the wall.
  const out = ['G90', 'M83', 'G92 X120 Y100 Z0.2 E0', `G1 F${SPEED_MM_S * 60}`]
  const radius = 20
  const perCircle = Math.round((2 * Math.PI * radius) / SEGMENT_MM)
  // From i = 1: the first segment must move away from the G92 point (a zero-length move empties the planner at once).
  for (let i = 1; out.length < lines; i++) {
    if (i % perCircle === 0) out.push(';LAYER_CHANGE', `;Z:${((i / perCircle + 1) * 0.2).toFixed(2)}`, `G1 Z${((i / perCircle + 1) * 0.2).toFixed(2)}`)
    const angle = ((i % perCircle) / perCircle) * 2 * Math.PI
    out.push(`G1 X${(100 + radius * Math.cos(angle)).toFixed(3)} Y${(100 + radius * Math.sin(angle)).toFixed(3)} E0.00665`)
  }
  return out.join('\n') + '\n'
}
