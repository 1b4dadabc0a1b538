// The shipped research catalogue (ISO metric hardware, bearings, batteries, cards, boards, magnets, GT2): data with its sources.

import { readFileSync } from 'node:fs'

const load = <T>(name: string): T => JSON.parse(readFileSync(new URL(`./${name}`, import.meta.url), 'utf8')) as T

export interface MetricSize {
  pitch: number
  nutAcrossFlats: number
  nutHeight: number
  headHeight: number
  washerInner: number
  washerOuter: number
  washerThickness: number
  clearanceHole: number
}
export interface Bearing {
  bore: number
  outer: number
  width: number
}
export interface Cell {
  kind: 'cylinder' | 'coin' | 'block'
  diameter: number
  length: number
  depth?: number
}
export interface Card {
  width: number
  length: number
  thickness: number
}
export interface Board {
  width: number
  depth: number
  holes: Array<[number, number]>
  hole: number
  screw: string
  tallest: number
}
export interface Magnet {
  diameter: number
  thickness: number
}

const metricFile = load<{ sources: string[]; sizes: Record<string, MetricSize> }>('metric.json')
const bearingFile = load<{ sources: string[]; bearings: Record<string, Bearing> }>('bearings.json')
const partsFile = load<{
  sources: string[]
  batteries: Record<string, Cell>
  cards: Record<string, Card>
  bits: Record<string, { acrossFlats: number; length: number }>
  boards: Record<string, Board>
  magnets: Record<string, Magnet>
  gt2: { pitch: number; toothHeight: number; pitchLineOffset: number; beltThickness: number; widths: number[] }
}>('parts.json')

export const metricSizes = metricFile.sizes
export const bearings = bearingFile.bearings
export const batteries = partsFile.batteries
export const cards = partsFile.cards
export const hexBit = partsFile.bits['1/4 inch hex bit']!
export const boards = partsFile.boards
export const magnets = partsFile.magnets
export const gt2 = partsFile.gt2

/** Where each table's numbers come from, as cited in an intent's `research` entries. */
export const SOURCES = {
  metric: metricFile.sources.join('; '),
  bearing: bearingFile.sources.join('; '),
  battery: partsFile.sources[0]!,
  lithium: partsFile.sources[1]!,
  card: partsFile.sources[2]!,
  bit: partsFile.sources[3]!,
  pi: partsFile.sources[4]!,
  arduino: partsFile.sources[5]!,
  magnet: partsFile.sources[6]!,
  gt2: partsFile.sources[7]!,
}

/** One standard part a request named, with the dimensions printgate used and their source. */
export interface ResearchEntry {
  name: string
  kind: 'metric' | 'bearing' | 'battery' | 'card' | 'bit' | 'board' | 'magnet' | 'belt'
  dimensions: Record<string, number | string>
  source: string
}

export const METRIC_NAMES = Object.keys(metricSizes)
