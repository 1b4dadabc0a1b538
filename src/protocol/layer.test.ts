import { describe, expect, it } from 'vitest'
import { layerMarker } from './layer.js'

describe('layerMarker', () => {
  it.each([
    [';LAYER_CHANGE', { layerChange: true }],
    [';LAYER_CHANGE\r', { layerChange: true }],
    [';Z:0.2', { z: 0.2 }],
    [';Z:12', { z: 12 }],
    [';LAYER:0', { layer: 0 }],
    [';LAYER:57', { layer: 57 }],
    [';LAYER:-2', { layer: -2 }],
    ['  ;LAYER:3', { layer: 3 }],
    ['; layer 3, Z = 0.600', { layer: 3, z: 0.6 }],
  ])('%j -> %j', (raw, expected) => {
    expect(layerMarker(raw)).toEqual(expected)
  })

  it.each([
    ';HEIGHT:0.2',
    ';LAYER_COUNT:120',
    ';AFTER_LAYER_CHANGE',
    ';TYPE:External perimeter',
    'G1 Z0.4 F720',
    'G0 Z1.2',
    'M117 ;LAYER:3',
    '',
    '; estimated printing time (normal mode) = 1h 2m',
  ])('%j is not a marker', (raw) => {
    expect(layerMarker(raw)).toBeNull()
  })
})
