// A small SVG temperature chart: actual lines for hot-end and bed, dashed targets, up to the last five minutes.

import { s } from './dom.js'

const WIDTH = 300
const HEIGHT = 80

/** Renders history samples ({at, tool, toolTarget, bed, bedTarget}) into an SVG element. */
export function temperatureChart(samples, now = Date.now(), maxSpanMs = 300_000) {
  // Spans the readings so far (at least 20 s), growing to five minutes.
  const spanMs = Math.min(maxSpanMs, Math.max(20_000, now - (samples[0]?.at ?? now)))
  const values = samples.flatMap((p) => [p.tool, p.toolTarget, p.bed, p.bedTarget]).filter(Number.isFinite)
  const max = Math.max(60, ...values) * 1.1
  const x = (at) => (WIDTH * (at - (now - spanMs))) / spanMs
  const y = (t) => HEIGHT - (HEIGHT * t) / max
  const line = (key, cls) => {
    const points = samples.filter((p) => Number.isFinite(p[key])).map((p) => `${x(p.at).toFixed(1)},${y(p[key]).toFixed(1)}`)
    return points.length > 1 ? s('polyline', { points: points.join(' '), class: cls }) : null
  }
  return s(
    'svg',
    { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, preserveAspectRatio: 'none', class: 'temp-chart', role: 'img', 'aria-label': 'Temperatures over the last five minutes' },
    line('toolTarget', 'target tool'),
    line('bedTarget', 'target bed'),
    line('bed', 'actual bed'),
    line('tool', 'actual tool')
  )
}
