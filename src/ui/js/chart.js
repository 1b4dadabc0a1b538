// The temperature chart: hot-end and bed, dashed targets, with a time axis (minutes ago) and a degree axis; up to 30 minutes.

import { s } from './dom.js'

const WIDTH = 320
const HEIGHT = 130
const LEFT = 34
const BOTTOM = 18
const TOP = 6
const RIGHT = 8

/** A round step for the degree axis: 50° up to 250°, else 100°. */
const degreeStep = (max) => (max <= 120 ? 25 : max <= 260 ? 50 : 100)

/** Renders samples ({at, tool, toolTarget, bed, bedTarget}) into an SVG with axes. */
export function temperatureChart(samples, now = Date.now(), maxSpanMs = 30 * 60_000) {
  // Spans the readings so far (at least 1 minute), growing to 30 minutes.
  const spanMs = Math.min(maxSpanMs, Math.max(60_000, now - (samples[0]?.at ?? now)))
  const values = samples.flatMap((p) => [p.tool, p.toolTarget, p.bed, p.bedTarget]).filter(Number.isFinite)
  const step = degreeStep(Math.max(60, ...values))
  const max = Math.ceil((Math.max(60, ...values) + 5) / step) * step
  const plotW = WIDTH - LEFT - RIGHT
  const plotH = HEIGHT - TOP - BOTTOM
  const x = (at) => LEFT + (plotW * (at - (now - spanMs))) / spanMs
  const y = (t) => TOP + plotH - (plotH * t) / max
  const line = (key, cls) => {
    const points = samples.filter((p) => Number.isFinite(p[key]) && p.at >= now - spanMs).map((p) => `${x(p.at).toFixed(1)},${y(p[key]).toFixed(1)}`)
    return points.length > 1 ? s('polyline', { points: points.join(' '), class: cls }) : null
  }
  const degrees = []
  for (let t = 0; t <= max; t += step) {
    degrees.push(s('line', { x1: LEFT, x2: WIDTH - RIGHT, y1: y(t), y2: y(t), class: 'grid' }))
    degrees.push(s('text', { x: LEFT - 4, y: y(t) + 3, class: 'axis-label', 'text-anchor': 'end' }, `${t}°`))
  }
  const minutes = spanMs / 60_000
  const tickEvery = minutes > 15 ? 10 : minutes > 6 ? 5 : minutes > 2 ? 1 : 0.5
  const times = []
  for (let m = 0; m <= minutes + 1e-9; m += tickEvery) {
    const at = now - m * 60_000
    times.push(s('text', { x: x(at), y: HEIGHT - 4, class: 'axis-label', 'text-anchor': m === 0 ? 'end' : 'middle' }, m === 0 ? 'now' : `−${m} min`))
  }
  return s(
    'svg',
    {
      viewBox: `0 0 ${WIDTH} ${HEIGHT}`,
      class: 'temp-chart',
      role: 'img',
      'aria-label': `Temperatures over the last ${Math.round(minutes)} minutes, 0 to ${max} degrees`,
    },
    s('g', { class: 'axis', 'data-axis': 'degrees' }, degrees),
    s('g', { class: 'axis', 'data-axis': 'time' }, times),
    line('toolTarget', 'target tool'),
    line('bedTarget', 'target bed'),
    line('bed', 'actual bed'),
    line('tool', 'actual tool'),
  )
}
