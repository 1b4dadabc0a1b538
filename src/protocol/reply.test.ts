import { describe, expect, it } from 'vitest'
import { isSequenceError, matchesFatalPattern } from './reply-errors.js'
import { parseReply, type Reply } from './reply.js'

const ok = (extra: Partial<Extract<Reply, { kind: 'ok' }>> = {}): Reply => ({
  kind: 'ok',
  lineNumber: null,
  plannerFree: null,
  bufferFree: null,
  temperatures: null,
  position: null,
  text: '',
  ...extra,
})
const err = (severity: string, message: string, lastLine: number | null = null): Reply => ({ kind: 'error', severity, message, lastLine }) as Reply

// [firmware, received line, expected classification]
const table: [string, string, Reply][] = [
  // ok forms
  ['Marlin', 'ok', ok()],
  ['Marlin', 'ok\r', ok()],
  ['Marlin ADVANCED_OK', 'ok N12 P15 B3', ok({ lineNumber: 12, plannerFree: 15, bufferFree: 3, text: 'N12 P15 B3' })],
  ['Marlin ADVANCED_OK unnumbered', 'ok P15 B3', ok({ plannerFree: 15, bufferFree: 3, text: 'P15 B3' })],
  [
    'Marlin M105',
    'ok T:210.0 /210.0 B:60 /60 @:0 B@:0',
    ok({ temperatures: { tools: [{ actual: 210, target: 210 }], bed: { actual: 60, target: 60 } }, text: 'T:210.0 /210.0 B:60 /60 @:0 B@:0' }),
  ],
  [
    'Marlin ok + position',
    'ok X:10.00 Y:20.00 Z:0.30 E:1.50 Count X:800 Y:1600 Z:120',
    ok({ position: { x: 10, y: 20, z: 0.3, e: 1.5 }, text: 'X:10.00 Y:20.00 Z:0.30 E:1.50 Count X:800 Y:1600 Z:120' }),
  ],
  ['Repetier', 'ok 12', ok({ lineNumber: 12, text: '12' })],
  ['Smoothie', 'ok - ignored', ok({ text: '- ignored' })],
  [
    'Klipper M105',
    'ok B:60.0 /60.0 T0:210.0 /210.0',
    ok({ temperatures: { tools: [{ actual: 210, target: 210 }], bed: { actual: 60, target: 60 } }, text: 'B:60.0 /60.0 T0:210.0 /210.0' }),
  ],
  ['Klipper M115', 'ok FIRMWARE_NAME:Klipper FIRMWARE_VERSION:v0.12.0-100', ok({ text: 'FIRMWARE_NAME:Klipper FIRMWARE_VERSION:v0.12.0-100' })],
  [
    'Smoothie halt',
    'ok Emergency Stop Requested - reset or M999 required to exit HALT state',
    ok({ text: 'Emergency Stop Requested - reset or M999 required to exit HALT state' }),
  ],
  // resend forms
  ['Marlin', 'Resend: 5', { kind: 'resend', lineNumber: 5 }],
  ['Repetier', 'Resend:5', { kind: 'resend', lineNumber: 5 }],
  ['variant', 'Resend: N5', { kind: 'resend', lineNumber: 5 }],
  ['variant', 'Resend: N:23', { kind: 'resend', lineNumber: 23 }],
  ['Smoothie', 'rs N5', { kind: 'resend', lineNumber: 5 }],
  ['variant', 'rs 5', { kind: 'resend', lineNumber: 5 }],
  ['variant', 'rs N:5', { kind: 'resend', lineNumber: 5 }],
  ['Teacup', 'rs N23 expected checksum 109', { kind: 'resend', lineNumber: 23 }],
  ['Repetier', 'skip 41', { kind: 'skip', lineNumber: 41 }],
  // errors
  ['Marlin', 'Error:Line Number is not Last Line Number+1, Last Line: 12', err('line', 'Line Number is not Last Line Number+1, Last Line: 12', 12)],
  ['Marlin', 'Error:checksum mismatch, Last Line: 3', err('line', 'checksum mismatch, Last Line: 3', 3)],
  ['Marlin', 'Error:No Checksum with line number, Last Line: 7', err('line', 'No Checksum with line number, Last Line: 7', 7)],
  ['variant', 'Error: Missing checksum', err('line', 'Missing checksum')],
  ['Prusa MK3', 'Error:No Line Number with checksum, Last Line: 9', err('recoverable', 'No Line Number with checksum, Last Line: 9', 9)],
  ['variant', 'Error:Missing linenumber', err('recoverable', 'Missing linenumber')],
  ['Marlin', 'Error:Thermal Runaway, system stopped! Heater_ID: bed', err('fatal', 'Thermal Runaway, system stopped! Heater_ID: bed')],
  ['Marlin', 'Error:Printer halted. kill() called!', err('fatal', 'Printer halted. kill() called!')],
  ['Marlin', 'Error:Heating failed, system stopped! Heater_ID: 0', err('fatal', 'Heating failed, system stopped! Heater_ID: 0')],
  ['Marlin', 'Error:MAXTEMP triggered, system stopped! Heater_ID: 0', err('fatal', 'MAXTEMP triggered, system stopped! Heater_ID: 0')],
  ['Marlin', 'Error:MINTEMP triggered, system stopped! Heater_ID: bed', err('fatal', 'MINTEMP triggered, system stopped! Heater_ID: bed')],
  ['Marlin', 'Error:Thermal Malfunction, system stopped! Heater_ID: 0', err('fatal', 'Thermal Malfunction, system stopped! Heater_ID: 0')],
  [
    'Marlin',
    'Error:Printer stopped due to errors. Fix the error and use M999 to restart.',
    err('fatal', 'Printer stopped due to errors. Fix the error and use M999 to restart.'),
  ],
  ['Marlin', 'Watchdog timeout. Reset required.', err('fatal', 'Watchdog timeout. Reset required.')],
  ['Repetier', 'fatal:Heater decoupled', err('fatal', 'Heater decoupled')],
  ['RRF 3', 'Emergency Stop! Reset the controller to continue.', err('fatal', 'Emergency Stop! Reset the controller to continue.')],
  ['RRF 3', 'Error: G1: target position outside machine limits', err('other', 'G1: target position outside machine limits')],
  ['Klipper', "!! Lost communication with MCU 'mcu'", err('job', "Lost communication with MCU 'mcu'")],
  ['Klipper', '!! Must home axis first: 10.000 10.000 0.300 [0.000]', err('job', 'Must home axis first: 10.000 10.000 0.300 [0.000]')],
  ['Smoothie', '!!', err('job', '')],
  ['Marlin', 'Error:volume.init failed', err('ignorable', 'volume.init failed')],
  ['Repetier', 'Error:Unknown command: M999', err('ignorable', 'Unknown command: M999')],
  // busy, wait, start
  ['Marlin', 'echo:busy: processing', { kind: 'busy', reason: 'processing' }],
  ['Marlin', 'echo:busy: paused for user', { kind: 'busy', reason: 'paused for user' }],
  ['Repetier', 'busy:heating', { kind: 'busy', reason: 'heating' }],
  ['Repetier', 'busy:paused for user interaction', { kind: 'busy', reason: 'paused for user interaction' }],
  ['Marlin', 'wait', { kind: 'wait' }],
  ['Marlin', 'start', { kind: 'start' }],
  // reports
  [
    'Marlin autoreport',
    ' T:21.30 /0.00 B:21.00 /0.00 @:0 B@:0',
    { kind: 'temperature', temperatures: { tools: [{ actual: 21.3, target: 0 }], bed: { actual: 21, target: 0 } }, waiting: false },
  ],
  ['Marlin M109 wait', 'T:136.6 E:0 W:?', { kind: 'temperature', temperatures: { tools: [{ actual: 136.6, target: null }] }, waiting: true }],
  [
    'Klipper M109 wait',
    'B:59.2 /60.0 T0:198.4 /210.0',
    { kind: 'temperature', temperatures: { tools: [{ actual: 198.4, target: 210 }], bed: { actual: 59.2, target: 60 } }, waiting: false },
  ],
  ['Marlin M114', 'X:0.00 Y:0.00 Z:0.00 E:0.00 Count X:0 Y:0 Z:0', { kind: 'position', position: { x: 0, y: 0, z: 0, e: 0 } }],
  [
    'RRF M114',
    'X:12.000 Y:-3.500 Z:1.200 E:0.000 E0:-0.0 Count 0 0 0 Machine 0.000 0.000 0.000',
    { kind: 'position', position: { x: 12, y: -3.5, z: 1.2, e: 0 } },
  ],
  ['Smoothie M114', 'C: X:1.0000 Y:2.0000 Z:3.0000 E:4.0000', { kind: 'position', position: { x: 1, y: 2, z: 3, e: 4 } }],
  ['Marlin', 'Cap:AUTOREPORT_TEMP:1', { kind: 'capability', name: 'AUTOREPORT_TEMP', enabled: true }],
  ['Marlin', 'Cap:EMERGENCY_PARSER:0', { kind: 'capability', name: 'EMERGENCY_PARSER', enabled: false }],
  ['Marlin', '//action:pause', { kind: 'action', action: 'pause', argument: '' }],
  ['Klipper', '// action:paused', { kind: 'action', action: 'paused', argument: '' }],
  ['Marlin', '//action:prompt_begin Filament runout', { kind: 'action', action: 'prompt_begin', argument: 'Filament runout' }],
  ['Marlin', '//action:notification Heating done', { kind: 'action', action: 'notification', argument: 'Heating done' }],
  // more per-firmware lines from the matrix
  ['Prusa MK3', 'echo:busy: processing', { kind: 'busy', reason: 'processing' }],
  ['Prusa MK3', '//action:paused', { kind: 'action', action: 'paused', argument: '' }],
  ['Prusa MK3', 'Cap:AUTOREPORT_TEMP:1', { kind: 'capability', name: 'AUTOREPORT_TEMP', enabled: true }],
  [
    'Prusa Buddy',
    'T:32.50/0.00 B:29.52/0.00 X:32.99/36.00 A:38.69/0.00 @:0 B@:0 C@:27.85 HBR@:0',
    {
      kind: 'temperature',
      temperatures: {
        tools: [{ actual: 32.5, target: 0 }],
        bed: { actual: 29.52, target: 0 },
        extra: { X: { actual: 32.99, target: 36 }, A: { actual: 38.69, target: 0 } },
      },
      waiting: false,
    },
  ],
  ['Prusa Buddy', 'Cap:EMERGENCY_PARSER:1', { kind: 'capability', name: 'EMERGENCY_PARSER', enabled: true }],
  [
    'RRF 3',
    'ok T:22.6 /0.0 T0:22.6 /0.0 B:21.9 /0.0',
    ok({ temperatures: { tools: [{ actual: 22.6, target: 0 }], bed: { actual: 21.9, target: 0 } }, text: 'T:22.6 /0.0 T0:22.6 /0.0 B:21.9 /0.0' }),
  ],
  ['Repetier', 'wait', { kind: 'wait' }],
  ['Repetier', 'start', { kind: 'start' }],
  ['Repetier', 'Cap:AUTOREPORT_TEMP:1', { kind: 'capability', name: 'AUTOREPORT_TEMP', enabled: true }],
  ['Klipper', '// action:cancel', { kind: 'action', action: 'cancel', argument: '' }],
  ['Klipper', 'ok T:0', ok({ temperatures: { tools: [{ actual: 0, target: null }] }, text: 'T:0' })],
  // anything else
  ['Marlin', 'echo: External Reset', { kind: 'echo', text: 'echo: External Reset' }],
  ['Marlin', 'echo:Unknown command: "G999"', { kind: 'echo', text: 'echo:Unknown command: "G999"' }],
  ['Klipper', '// Klipper state: Ready', { kind: 'echo', text: '// Klipper state: Ready' }],
  ['Repetier', 'TargetExtr0:210', { kind: 'echo', text: 'TargetExtr0:210' }],
  ['RRF 3', 'Warning: Heater 1 appears to be over-powered', { kind: 'echo', text: 'Warning: Heater 1 appears to be over-powered' }],
  ['Prusa MK3', 'Resend: -5', { kind: 'echo', text: 'Resend: -5' }],
  ['noise', 'B3wait', { kind: 'echo', text: 'B3wait' }],
  ['noise', 'okay then', { kind: 'echo', text: 'okay then' }],
  ['noise', 'Marlin: Virtual Marlin!\u0080', { kind: 'echo', text: 'Marlin: Virtual Marlin!\u0080' }],
  ['empty', '', { kind: 'echo', text: '' }],
]

describe('parseReply', () => {
  it.each(table)('%s: %j', (_firmware, line, expected) => {
    expect(parseReply(line)).toEqual(expected)
  })

  it('never throws on arbitrary bytes', () => {
    let seed = 7
    for (let i = 0; i < 2000; i++) {
      let line = ''
      for (let j = 0; j < i % 90; j++) {
        seed = (seed * 1103515245 + 12345) & 0x7fffffff
        line += String.fromCharCode(seed % 256)
      }
      expect(() => parseReply(line)).not.toThrow()
    }
  })
})

describe('parseReply on M115 reports', () => {
  it.each([
    [
      'Marlin',
      'FIRMWARE_NAME:Marlin 2.1.2.1 (Jun 30 2023 10:00:00) SOURCE_CODE_URL:github.com/MarlinFirmware/Marlin PROTOCOL_VERSION:1.0 MACHINE_TYPE:Ender-3 V2 EXTRUDER_COUNT:1 UUID:cede2a2f-41a2-4748-9b12-c55c62f367ff',
      'Marlin 2.1.2.1 (Jun 30 2023 10:00:00)',
      '2.1.2.1',
      { MACHINE_TYPE: 'Ender-3 V2', EXTRUDER_COUNT: '1', PROTOCOL_VERSION: '1.0' },
    ],
    [
      'Marlin bugfix',
      'FIRMWARE_NAME:Marlin bugfix-2.1.x (Feb 12 2024 12:00:00) SOURCE_CODE_URL:github.com/MarlinFirmware/Marlin PROTOCOL_VERSION:1.0 MACHINE_TYPE:3D Printer EXTRUDER_COUNT:1',
      'Marlin bugfix-2.1.x (Feb 12 2024 12:00:00)',
      'bugfix-2.1.x',
      { MACHINE_TYPE: '3D Printer' },
    ],
    [
      'Prusa MK3',
      'FIRMWARE_NAME:Prusa-Firmware 3.13.2 based on Marlin FIRMWARE_URL:https://github.com/prusa3d/Prusa-Firmware PROTOCOL_VERSION:1.0 MACHINE_TYPE:Prusa i3 MK3S EXTRUDER_COUNT:1 UUID:00000000-0000-0000-0000-000000000000',
      'Prusa-Firmware 3.13.2 based on Marlin',
      '3.13.2',
      { FIRMWARE_URL: 'https://github.com/prusa3d/Prusa-Firmware', MACHINE_TYPE: 'Prusa i3 MK3S' },
    ],
    [
      'Prusa Buddy',
      'FIRMWARE_NAME:Prusa-Firmware-Buddy 6.1.2+7894 (Github) SOURCE_CODE_URL:https://github.com/prusa3d/Prusa-Firmware-Buddy PROTOCOL_VERSION:1.0 MACHINE_TYPE:Prusa-MK4 EXTRUDER_COUNT:1 UUID:00000000-0000-0000-0000-000000000000',
      'Prusa-Firmware-Buddy 6.1.2+7894 (Github)',
      '6.1.2+7894',
      { MACHINE_TYPE: 'Prusa-MK4' },
    ],
    [
      'RRF 3',
      'FIRMWARE_NAME: RepRapFirmware for Duet 3 MB6HC FIRMWARE_VERSION: 3.5.1 ELECTRONICS: Duet 3 MB6HC v1.01 FIRMWARE_DATE: 2024-04-19 14:40:46',
      'RepRapFirmware for Duet 3 MB6HC',
      '3.5.1',
      { ELECTRONICS: 'Duet 3 MB6HC v1.01', FIRMWARE_DATE: '2024-04-19 14:40:46' },
    ],
    [
      'Smoothie',
      'FIRMWARE_NAME:Smoothieware, FIRMWARE_URL:http%3A//smoothieware.org, X-SOURCE_CODE_URL:https://github.com/Smoothieware/Smoothieware, FIRMWARE_VERSION:edge-3332442, X-FIRMWARE_BUILD_DATE:Mar 20 2021 17:06:45, X-SYSTEM_CLOCK:100MHz, X-AXES:5, X-GRBL_MODE:0, X-ARCS:1',
      'Smoothieware',
      'edge-3332442',
      { FIRMWARE_URL: 'http%3A//smoothieware.org' },
    ],
    [
      'Repetier',
      'FIRMWARE_NAME:Repetier_1.0.3 COMPILED:Jan 1 2020 FIRMWARE_URL:https://github.com/repetier/Repetier-Firmware/ PROTOCOL_VERSION:1.0 MACHINE_TYPE:Mendel EXTRUDER_COUNT:1 REPETIER_PROTOCOL:3',
      'Repetier_1.0.3',
      '1.0.3',
      { REPETIER_PROTOCOL: '3', EXTRUDER_COUNT: '1' },
    ],
  ])('%s', (_firmware, line, name, version, someFields) => {
    const reply = parseReply(line)
    expect(reply.kind).toBe('firmware')
    if (reply.kind !== 'firmware') return
    expect(reply.name).toBe(name)
    expect(reply.version).toBe(version)
    expect(reply.fields).toMatchObject(someFields)
  })

  it('reads the firmware out of the text of Klipper’s ok', () => {
    const reply = parseReply('ok FIRMWARE_NAME:Klipper FIRMWARE_VERSION:v0.12.0-100')
    expect(reply.kind === 'ok' && parseReply(reply.text)).toEqual({
      kind: 'firmware',
      name: 'Klipper',
      version: 'v0.12.0-100',
      fields: { FIRMWARE_NAME: 'Klipper', FIRMWARE_VERSION: 'v0.12.0-100' },
    })
  })
})

describe('matchesFatalPattern', () => {
  it('applies a profile’s extra fatal substrings case-insensitively', () => {
    expect(matchesFatalPattern('Fail mode active. Send M999 to disable failed mode!', ['Fail mode active'])).toBe(true)
    expect(matchesFatalPattern('FAIL MODE ACTIVE', ['Fail mode active'])).toBe(true)
    expect(matchesFatalPattern('echo:Active Extruder: 0', ['Fail mode active'])).toBe(false)
    expect(matchesFatalPattern('anything', [])).toBe(false)
  })
})

describe('isSequenceError', () => {
  it('knows a line refused for its number from one refused for its bytes', () => {
    expect(isSequenceError('Line Number is not Last Line Number+1, Last Line: 8')).toBe(true) // Marlin
    expect(isSequenceError('expected line 9 got 10')).toBe(true) // Repetier, OctoPrint's virtual printer
    expect(isSequenceError('checksum mismatch, Last Line: 8')).toBe(false)
    expect(isSequenceError('Missing checksum')).toBe(false)
    expect(isSequenceError('No Line Number with checksum, Last Line: 8')).toBe(false)
  })
})
