import { describe, expect, it } from 'vitest'
import { isHeatWaitLine, parseTargetReport, parseTemperatures } from './temperature.js'
import type { Temperatures } from './types.js'

const h = (actual: number, target: number | null = null) => ({ actual, target })

describe('parseTemperatures, one row per firmware format', () => {
  it.each<[string, string, Temperatures]>([
    ['Marlin solicited', 'ok T:210.00 /210.00 B:60.00 /60.00 @:127 B@:0', { tools: [h(210, 210)], bed: h(60, 60) }],
    ['Marlin autoreport', ' T:21.30 /0.00 B:21.00 /0.00 @:0 B@:0', { tools: [h(21.3, 0)], bed: h(21, 0) }],
    ['Marlin no sensors', 'ok T:0', { tools: [h(0)] }],
    [
      'Marlin two hotends',
      'T:200.00 /200.00 B:60.00 /60.00 T0:200.00 /200.00 T1:180.50 /0.00 @:0 B@:0 @0:0 @1:0',
      { tools: [h(200, 200), h(180.5, 0)], bed: h(60, 60) },
    ],
    [
      'Marlin chamber + ADC',
      'T:210.00 /210.00 (4012.00) B:60.00 /60.00 (3900.00) C:35.20 /40.00 @:127',
      { tools: [h(210, 210)], bed: h(60, 60), chamber: h(35.2, 40) },
    ],
    ['Marlin M109 wait', 'T:136.6 E:0 W:?', { tools: [h(136.6)] }],
    [
      'Prusa MK3',
      'T:210.0 /210.0 B:60.0 /60.0 T0:210.0 /210.0 @:127 B@:0 P:35.0 A:30.1',
      { tools: [h(210, 210)], bed: h(60, 60), extra: { P: h(35), A: h(30.1) } },
    ],
    [
      'Prusa MK3 watts',
      'ok T:25.1 /0.0 B:24.9 /0.0 T0:25.1 /0.0 @:0 B@:0 P:0.0 A:29.6 @:33W',
      { tools: [h(25.1, 0)], bed: h(24.9, 0), extra: { P: h(0), A: h(29.6) } },
    ],
    [
      'Prusa Buddy',
      'T:32.50/0.00 B:29.52/0.00 X:32.99/36.00 A:38.69/0.00 @:0 B@:0 C@:27.85 HBR@:0',
      { tools: [h(32.5, 0)], bed: h(29.52, 0), extra: { X: h(32.99, 36), A: h(38.69, 0) } },
    ],
    ['RRF 3', 'ok T:22.6 /0.0 T0:22.6 /0.0 B:21.9 /0.0 C:20.1 /0.0', { tools: [h(22.6, 0)], bed: h(21.9, 0), chamber: h(20.1, 0) }],
    ['Klipper', 'ok B:60.0 /60.0 T0:210.0 /210.0', { tools: [h(210, 210)], bed: h(60, 60) }],
    ['Klipper wait line', 'B:59.2 /60.0 T0:198.4 /210.0', { tools: [h(198.4, 210)], bed: h(59.2, 60) }],
    ['Smoothie', 'ok T:21.0 /0.0 @0 B:21.3 /0.0 @0', { tools: [h(21, 0)], bed: h(21.3, 0) }],
    ['Smoothie T + T1', 'ok T:200.0 /200.0 @255 T1:180.0 /0.0 @0 B:60.0 /60.0 @0', { tools: [h(200, 200), h(180, 0)], bed: h(60, 60) }],
    ['Repetier', 'T:20.00 /0 B:20.00 /0 B@:0 @:0 T0:20.00 /0 @0:0', { tools: [h(20, 0)], bed: h(20, 0) }],
    ['negative reading', 'T:-15.00 /0.00 B:21.00 /0.00', { tools: [h(-15, 0)], bed: h(21, 0) }],
  ])('%s: %s', (_firmware, line, expected) => {
    expect(parseTemperatures(line)).toEqual(expected)
  })

  it.each([
    'X:0.00 Y:0.00 Z:0.00 E:0.00 Count X:0 Y:0 Z:0',
    'ok',
    'echo:busy: processing',
    'FIRMWARE_NAME:Marlin 2.1.2 SOURCE_CODE_URL:github.com/MarlinFirmware/Marlin',
    'ok N12 P15 B3',
    'Cap:AUTOREPORT_TEMP:1',
    '',
  ])('%j is not a temperature report', (line) => {
    expect(parseTemperatures(line)).toBeNull()
  })
})

describe('isHeatWaitLine', () => {
  it.each([
    ['T:136.6 E:0 W:?', true],
    [' T:200.00 /210.00 B:60.00 /60.00 @:127 B@:0 W:5', true],
    ['ok T:210.0 /210.0 B:60 /60 @:0 B@:0', false],
  ])('%j -> %s', (line, expected) => {
    expect(isHeatWaitLine(line)).toBe(expected)
  })
})

describe('parseTargetReport (Repetier)', () => {
  it.each([
    ['TargetExtr0:210', { heater: 0, target: 210 }],
    ['TargetExtr1:195.5', { heater: 1, target: 195.5 }],
    ['TargetBed:60', { heater: 'bed', target: 60 }],
    ['T:20.00 /0 B:20.00 /0', null],
  ])('%j', (line, expected) => {
    expect(parseTargetReport(line)).toEqual(expected)
  })
})
