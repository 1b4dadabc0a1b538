// A small STL viewer on a 2D canvas: flat-shaded triangles, painter's order, drag or arrow keys to turn.

/** Reads a binary or ASCII STL into { triangles: Float32Array (9 numbers each), min, max }. */
export function parseStl(buffer) {
  const bytes = new Uint8Array(buffer)
  const view = new DataView(buffer)
  const binaryCount = bytes.length >= 84 ? view.getUint32(80, true) : -1
  const triangles = binaryCount >= 0 && 84 + binaryCount * 50 === bytes.length ? readBinary(view, binaryCount) : readAscii(new TextDecoder().decode(bytes))
  const min = [Infinity, Infinity, Infinity]
  const max = [-Infinity, -Infinity, -Infinity]
  for (let i = 0; i < triangles.length; i++) {
    const axis = i % 3
    if (triangles[i] < min[axis]) min[axis] = triangles[i]
    if (triangles[i] > max[axis]) max[axis] = triangles[i]
  }
  if (triangles.length === 0) throw new Error('The model file has no triangles')
  return { triangles, min, max }
}

function readBinary(view, count) {
  const out = new Float32Array(count * 9)
  for (let t = 0; t < count; t++) {
    const base = 84 + t * 50 + 12
    for (let k = 0; k < 9; k++) out[t * 9 + k] = view.getFloat32(base + k * 4, true)
  }
  return out
}

function readAscii(text) {
  const numbers = []
  for (const match of text.matchAll(/vertex\s+(\S+)\s+(\S+)\s+(\S+)/g)) numbers.push(Number(match[1]), Number(match[2]), Number(match[3]))
  return new Float32Array(numbers.length - (numbers.length % 9)).map((_, i) => numbers[i])
}

/** The model's size in millimetres as "W × D × H mm". */
export function sizeWords({ min, max }) {
  const r = (n) => String(Math.round(n * 10) / 10)
  return `${r(max[0] - min[0])} × ${r(max[1] - min[1])} × ${r(max[2] - min[2])} mm`
}

/**
 * Draws `model` into `canvas` seen from `yaw`/`pitch` (radians), Z up, scaled to fit.
 * Colours come from the canvas's CSS (`color` for the part, `--viewer-shadow` for the bed shadow).
 */
export function drawModel(canvas, model, yaw, pitch) {
  const ctx = canvas.getContext('2d')
  const { width, height } = canvas
  ctx.clearRect(0, 0, width, height)
  const { triangles, min, max } = model
  const centre = [(min[0] + max[0]) / 2, (min[1] + max[1]) / 2, (min[2] + max[2]) / 2]
  const radius = Math.hypot(max[0] - min[0], max[1] - min[1], max[2] - min[2]) / 2 || 1
  const scale = (Math.min(width, height) * 0.45) / radius
  const [cy, sy, cp, sp] = [Math.cos(yaw), Math.sin(yaw), Math.cos(pitch), Math.sin(pitch)]
  // Turn about Z by yaw, then tilt towards the viewer by pitch; screen x right, y down, depth towards the viewer.
  const project = (x, y, z) => {
    const dx = x - centre[0],
      dy = y - centre[1],
      dz = z - centre[2]
    const rx = dx * cy - dy * sy
    const ry = dx * sy + dy * cy
    return [width / 2 + rx * scale, height / 2 - (dz * cp - ry * sp) * scale, dz * sp + ry * cp]
  }
  const faces = []
  const t = triangles
  for (let i = 0; i < t.length; i += 9) {
    // The outward normal (counter-clockwise winding, as STL requires), turned like the points.
    const ux = t[i + 3] - t[i],
      uy = t[i + 4] - t[i + 1],
      uz = t[i + 5] - t[i + 2]
    const vx = t[i + 6] - t[i],
      vy = t[i + 7] - t[i + 1],
      vz = t[i + 8] - t[i + 2]
    const nx = uy * vz - uz * vy,
      ny = uz * vx - ux * vz,
      nz = ux * vy - uy * vx
    const length = Math.hypot(nx, ny, nz) || 1
    const nry = (nx * sy + ny * cy) / length
    const toward = (nz / length) * sp + nry * cp
    const up = (nz / length) * cp - nry * sp
    if (toward <= 0) continue
    const a = project(t[i], t[i + 1], t[i + 2])
    const b = project(t[i + 3], t[i + 4], t[i + 5])
    const c = project(t[i + 6], t[i + 7], t[i + 8])
    // Light from the viewer and a little from above, so top and sides differ.
    faces.push({ a, b, c, depth: a[2] + b[2] + c[2], light: 0.35 + 0.65 * Math.min(1, Math.max(0, toward * 0.75 + up * 0.35)) })
  }
  // Farthest first, so nearer faces paint over them.
  faces.sort((p, q) => p.depth - q.depth)
  const style = getComputedStyle(canvas)
  const base = parseRgb(style.color)
  for (const f of faces) {
    ctx.fillStyle = `rgb(${base.map((v) => Math.round(v * f.light)).join(',')})`
    ctx.beginPath()
    ctx.moveTo(f.a[0], f.a[1])
    ctx.lineTo(f.b[0], f.b[1])
    ctx.lineTo(f.c[0], f.c[1])
    ctx.closePath()
    ctx.fill()
    ctx.strokeStyle = ctx.fillStyle
    ctx.stroke()
  }
  return faces.length
}

function parseRgb(text) {
  const m = /rgba?\((\d+),\s*(\d+),\s*(\d+)/.exec(text)
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [230, 120, 40]
}

/** A turnable view of an STL: returns { el, load(url) → model size words }. */
export function createModelViewer({ label = '3D preview of the model' } = {}) {
  const canvas = document.createElement('canvas')
  canvas.className = 'model-canvas'
  canvas.tabIndex = 0
  canvas.setAttribute('role', 'img')
  canvas.setAttribute('aria-label', label)
  let model = null
  let yaw = -Math.PI / 5
  let pitch = Math.PI / 6
  let drag = null

  const redraw = () => {
    if (!model) return
    const ratio = window.devicePixelRatio || 1
    const rect = canvas.getBoundingClientRect()
    canvas.width = Math.round((rect.width || 300) * ratio)
    canvas.height = Math.round((rect.height || 220) * ratio)
    canvas.dataset.faces = String(drawModel(canvas, model, yaw, pitch))
  }
  canvas.addEventListener('pointerdown', (e) => {
    drag = { x: e.clientX, y: e.clientY, yaw, pitch }
    canvas.setPointerCapture(e.pointerId)
  })
  canvas.addEventListener('pointermove', (e) => {
    if (!drag) return
    yaw = drag.yaw + (e.clientX - drag.x) / 90
    pitch = Math.max(-1.4, Math.min(1.4, drag.pitch + (e.clientY - drag.y) / 90))
    redraw()
  })
  canvas.addEventListener('pointerup', () => (drag = null))
  canvas.addEventListener('pointercancel', () => (drag = null))
  canvas.addEventListener('keydown', (e) => {
    const turns = { ArrowLeft: [-0.2, 0], ArrowRight: [0.2, 0], ArrowUp: [0, -0.2], ArrowDown: [0, 0.2] }[e.key]
    if (!turns) return
    e.preventDefault()
    yaw += turns[0]
    pitch = Math.max(-1.4, Math.min(1.4, pitch + turns[1]))
    redraw()
  })

  return {
    el: canvas,
    redraw,
    async load(url) {
      const response = await fetch(url, { credentials: 'same-origin' })
      if (!response.ok) throw new Error(`The model could not be loaded (${response.status})`)
      model = parseStl(await response.arrayBuffer())
      const size = sizeWords(model)
      canvas.dataset.size = size
      canvas.setAttribute('aria-label', `${label}, ${size}; use the arrow keys or drag to turn it`)
      redraw()
      return size
    },
  }
}
