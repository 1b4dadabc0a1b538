// Device stands (phone, tablet): a side profile with a front lip and a backrest leaning back, stood up and extruded across.

import { area, extrudeSide, polygon, rect, union2 } from './geometry.js'
import { boxSide } from './lettering.js'
import { HEIGHT, WIDTH } from './read-helpers.js'
import type { Reader } from './reader.js'
import { num, type BuildContext, type Expectation, type Family, type Geom2, type Lettering, type Params, type Part, type ReadValue } from './types.js'

const T = 5
const LIP = 12

export function standProfile(p: Params, ctx: BuildContext): Geom2 {
  const angle = (num(p, 'angle') * Math.PI) / 180
  const h = num(p, 'height'),
    slot = num(p, 'deviceThickness') + 2 * ctx.clearance
  const a = T + slot
  const b = T / Math.sin(angle)
  const run = h / Math.tan(angle)
  const base = rect(a + b + run, T, [(a + b + run) / 2, T / 2])
  const lip = rect(T, LIP, [T / 2, LIP / 2])
  const back = polygon([
    [a, 0],
    [a + b, 0],
    [a + b + run, h],
    [a + run, h],
  ])
  return union2(base, lip, back)
}

export function standLength(p: Params, ctx: BuildContext): number {
  const angle = (num(p, 'angle') * Math.PI) / 180
  return T + num(p, 'deviceThickness') + 2 * ctx.clearance + T / Math.sin(angle) + num(p, 'height') / Math.tan(angle)
}

export const buildStand = (p: Params, ctx: BuildContext): Part[] => [{ name: 'stand', solid: extrudeSide(standProfile(p, ctx), num(p, 'width')) }]

export const expectStand = (p: Params, ctx: BuildContext): Expectation => ({
  size: [standLength(p, ctx), num(p, 'width'), num(p, 'height')],
  volume: area(standProfile(p, ctx)) * num(p, 'width'),
})

/** Words go on the front of the lip (the plane x = 0, facing −X as printed on its side): LIP tall, the stand's width across. */
export const STAND_LETTERING: Lettering = {
  faces: ['front'],
  face: (p) => ({ ...boxSide('left', 'stand', 0, num(p, 'width'), LIP, T, 0), centre: [0, 0, LIP / 2] }),
}

export const STAND_PARAMS = (height: number, width: number, device: number, angle: number): Family['params'] => ({
  height: { label: 'height', unit: 'mm', default: height, min: 30, max: 220 },
  width: { label: 'width', unit: 'mm', default: width, min: 20, max: 200 },
  deviceThickness: { label: 'device thickness (with case)', unit: 'mm', default: device, min: 5, max: 30 },
  angle: { label: 'backrest angle from the desk', unit: 'deg', default: angle, min: 45, max: 80 },
})

export function readStand(r: Reader): Record<string, ReadValue | undefined> {
  return {
    angle: r.angle(),
    deviceThickness: r.length(/\b(?:thick|thickness|phone|tablet|device|case)\b/),
    width: r.length(WIDTH),
    height: r.length(HEIGHT) ?? r.rest()[0],
  }
}
