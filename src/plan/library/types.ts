// The object library's contracts: a parametric family, its parameters, what a reader extracts and what a build returns.

import type jscad from '@jscad/modeling'
import type { ResearchEntry } from '../research/index.js'
import type { Reader } from './reader.js'

export type Geom3 = jscad.geometries.geom3.Geom3
export type Geom2 = jscad.geometries.geom2.Geom2
export type Vec3 = [number, number, number]

export type ParamUnit = 'mm' | 'count' | 'ml' | 'deg' | 'text' | 'choice'
export type ParamSource = 'asked' | 'default' | 'catalogue' | 'derived'
export type ParamValue = number | string

export interface ParamSpec {
  label: string
  unit: ParamUnit
  default: ParamValue
  min?: number
  max?: number
  /** Whole numbers only (counts). */
  integer?: boolean
  choices?: readonly string[]
  /** In the intent only when the request asks for it (words on a face): then the whole optional group is filled. */
  optional?: boolean
}

/** A value the reader found, with where it came from and (for catalogue values) what it came from. */
export interface ReadValue {
  value: ParamValue
  source: ParamSource
  note?: string
}

export type Params = Record<string, ParamValue>
export const num = (p: Params, k: string): number => p[k] as number
export const str = (p: Params, k: string): string => String(p[k])

export interface BuildContext {
  /** Added to holes so they print at size (printers print holes undersize), on the diameter. */
  holeCompensation: number
  /** Gap between parts that must fit together or around a named part, per side. */
  clearance: number
}

/** One plate's solids: every solid stands on z = 0 in its print orientation. */
export interface Part {
  name: string
  solid: Geom3
}

/** An axis-aligned box in which downward faces are declared bridges (allowed past the overhang angle). */
export interface BridgeZone {
  min: Vec3
  max: Vec3
  /** Only this part (by name); all parts when absent. */ part?: string
}

/** What the geometry test checks a family's default build against. The size also refuses parts larger than the bed while
 * parsing, so a volume that needs geometry is a getter (computed only by the test). */
export interface Expectation {
  /** Bounding box of the whole plate, in mm (x, y, z); null entries are not checked. */
  size: [number | null, number | null, number]
  /** Volume in mm³ computed independently of the mesh (analytic), or null when no closed form exists. */
  volume: number | null
  /** Volume checked with a looser tolerance (curved approximations), in percent; default 1.5. */
  volumeTolerancePercent?: number
}

export interface Family {
  id: string
  title: string
  category: 'containers' | 'hardware' | 'mechanisms' | 'household' | 'labels' | 'holders'
  /** Noun phrases that name the family in normalised text (lower case); the longest match wins. */
  names: RegExp
  /** Single words for typo correction and for finding the closest families when a request is refused. */
  keywords: string[]
  params: Record<string, ParamSpec>
  /** Phrasings that work, shown in refusals and used as table-test seeds. */
  examples: string[]
  /** Reads the family's parameters from the request; anything not returned takes its default. */
  read(r: Reader): Record<string, ReadValue | undefined>
  /** Recomputes dependent values (a cup's height from its capacity) after reading or after a parameter changed. */
  derive?(p: Params, asked: ReadonlySet<string>, notes: string[]): Record<string, ReadValue>
  /** Derives catalogue values and checks combinations; returns a refusal reason or null. */
  resolve?(p: Params, notes: string[], research: ResearchEntry[]): string | null
  /** The parts of one copy, each flat on the bed in its print orientation (the layout spaces them). */
  build(p: Params, ctx: BuildContext): Part[]
  expect(p: Params, ctx: BuildContext): Expectation
  /** Downward faces the family prints as bridges on purpose. */
  bridges?(p: Params): BridgeZone[]
  /** Spiral-vase families print one perimeter with no top (PrusaSlicer's spiral_vase). */
  spiralVase?: boolean
  /** Flat faces that can carry words ("a box with a lid that says SCREWS"); see lettering.ts. */
  lettering?: Lettering
}

/** Which way a face looks as printed: `down` lies on the bed (the part prints upside down, e.g. a lid). */
export type Facing = 'up' | 'down' | 'front' | 'back' | 'left' | 'right'

/** A flat face's free rectangle for words: centred at `centre` on the surface, `width` × `height` as read from outside. */
export interface TextFace {
  part: string
  centre: Vec3
  facing: Facing
  width: number
  height: number
  /** Material behind the face. */ wall: number
}

export interface Lettering {
  /** Face names as people say them ("front", "lid", "top"); the first is the default. */
  faces: readonly string[]
  /** `ctx` is given where the part is built; without it a face that depends on the fit clearance is its smallest (no clearance). */
  face(p: Params, name: string, ctx?: BuildContext): TextFace
}
