import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { isGatewayError } from '../core/errors.js'
import { parseReply } from '../protocol/reply.js'
import { renderScript } from '../protocol/commands.js'
import { DEFAULT_PROFILE_DIR, loadFirmwareProfiles, selectProfile, writeValidatedProfiles } from './load.js'

const profiles = loadFirmwareProfiles()
const EXPECTED_IDS = ['generic', 'klipper', 'marlin', 'octoprint-virtual', 'prusa-buddy', 'prusa-mk3', 'repetier', 'reprapfirmware', 'smoothieware']

describe('the shipped firmware profiles', () => {
  it('all validate with the strict schema and are keyed by id', () => {
    expect([...profiles.keys()].sort()).toEqual(EXPECTED_IDS)
  })

  it.each(EXPECTED_IDS)('%s: cancel turns heaters, fan and motors off and never uses M112', (id) => {
    const cancel = profiles.get(id)!.scripts.cancel
    expect(cancel).toEqual(expect.arrayContaining(['M104 S0', 'M140 S0', 'M107', 'M84']))
    expect(cancel.some((line) => /M112/i.test(line))).toBe(false)
  })

  it.each(EXPECTED_IDS)('%s: line numbers are reset before the wrap limit', (id) => {
    const { resetEvery, wrapLimit } = profiles.get(id)!.lineNumbers
    expect(resetEvery).toBeLessThan(wrapLimit)
  })

  it('pipelines only where the spec says it is safe', () => {
    const buffered = [...profiles.values()].filter((p) => p.flow.bufferedAllowed).map((p) => p.id)
    expect(buffered.sort()).toEqual(['klipper', 'marlin', 'octoprint-virtual', 'prusa-buddy'])
    // Only OctoPrint's virtual printer (a host-testing target) is windowed by default: it reads whole lines, so a
    // line error cuts none, and the line-number resync covers its resend counter (issue 12 notes).
    for (const profile of profiles.values()) {
      expect(profile.flow.default).toBe(profile.id === 'octoprint-virtual' ? 'buffered' : 'ping-pong')
      expect(profile.lineNumbers.resyncBeforeReplay).toBe(profile.id === 'octoprint-virtual')
    }
  })

  it("prefers the firmware's own power-loss recovery only where the firmware has one for host prints (Prusa MK3)", () => {
    const own = [...profiles.values()].filter((p) => p.recovery.firmwarePowerPanic !== null).map((p) => p.id)
    expect(own).toEqual(['prusa-mk3'])
    const mk3 = profiles.get('prusa-mk3')!
    // Prusa-Firmware forgets the host after 30 s without M79; M602 reheats before it answers.
    expect(mk3.recovery.hostKeepaliveMs).toBeLessThan(30_000)
    expect(mk3.timeouts.longCommands.M602).toBeGreaterThanOrEqual(mk3.timeouts.longCommands.M109!)
    expect(profiles.get('marlin')!.recovery).toEqual({ firmwarePowerPanic: null, hostKeepaliveMs: 12_000, hostName: 'PG' })
  })

  it('keeps Klipper below the 20 pending lines at which it stops seeing M112 early', () => {
    expect(profiles.get('klipper')!.commandSlots).toBeLessThan(20)
  })

  it('renders every pause and resume script once all placeholders are known', () => {
    const vars = { x: 10, y: 20, z: 1.2, e: 345.6, f: 1800, tool0_target: 215, bed_target: 60, extrusion_mode: 'M82', z_lift: 10, park_x: 0, park_y: 200 }
    for (const profile of profiles.values()) {
      expect(renderScript(profile.scripts.pause, vars)).toHaveLength(profile.scripts.pause.length)
      const resume = renderScript(profile.scripts.resume, vars)
      expect(resume).toHaveLength(profile.scripts.resume.length)
      expect(resume).toContain('G92 E345.6')
      expect(resume.at(-2)).toBe('M82')
    }
  })
})

describe('selectProfile with real M115 lines', () => {
  it.each([
    [
      'FIRMWARE_NAME:Marlin 2.1.2.1 (Jun 30 2023 10:00:00) SOURCE_CODE_URL:github.com/MarlinFirmware/Marlin PROTOCOL_VERSION:1.0 MACHINE_TYPE:Ender-3 V2 EXTRUDER_COUNT:1',
      'marlin',
    ],
    [
      'FIRMWARE_NAME:Marlin bugfix-2.1.x (Feb 12 2024 12:00:00) SOURCE_CODE_URL:github.com/MarlinFirmware/Marlin PROTOCOL_VERSION:1.0 MACHINE_TYPE:3D Printer EXTRUDER_COUNT:1',
      'marlin',
    ],
    [
      'FIRMWARE_NAME:Prusa-Firmware 3.13.2 based on Marlin FIRMWARE_URL:https://github.com/prusa3d/Prusa-Firmware PROTOCOL_VERSION:1.0 MACHINE_TYPE:Prusa i3 MK3S EXTRUDER_COUNT:1 UUID:00000000-0000-0000-0000-000000000000',
      'prusa-mk3',
    ],
    [
      'FIRMWARE_NAME:Prusa-Firmware-Buddy 6.1.2+7894 (Github) SOURCE_CODE_URL:https://github.com/prusa3d/Prusa-Firmware-Buddy PROTOCOL_VERSION:1.0 MACHINE_TYPE:Prusa-MK4 EXTRUDER_COUNT:1',
      'prusa-buddy',
    ],
    ['FIRMWARE_NAME: RepRapFirmware for Duet 3 MB6HC FIRMWARE_VERSION: 3.5.1 ELECTRONICS: Duet 3 MB6HC v1.01', 'reprapfirmware'],
    ['FIRMWARE_NAME:Smoothieware, FIRMWARE_URL:http%3A//smoothieware.org, FIRMWARE_VERSION:edge-3332442, X-GRBL_MODE:0, X-ARCS:1', 'smoothieware'],
    [
      'FIRMWARE_NAME:Repetier_1.0.3 COMPILED:Jan 1 2020 FIRMWARE_URL:https://github.com/repetier/Repetier-Firmware/ PROTOCOL_VERSION:1.0 MACHINE_TYPE:Mendel EXTRUDER_COUNT:1 REPETIER_PROTOCOL:3',
      'repetier',
    ],
    ['ok FIRMWARE_NAME:Klipper FIRMWARE_VERSION:v0.12.0-100', 'klipper'],
    // OctoPrint's virtual printer: its own profile (whole-line reads, windowed with the line-number resync; issue 12 notes)
    ['FIRMWARE_NAME:Virtual Marlin 1.0 PROTOCOL_VERSION:1.0', 'octoprint-virtual'],
    ['FIRMWARE_NAME:Teacup FIRMWARE_URL:http://github.com/traumflug/Teacup_Firmware/ PROTOCOL_VERSION:1.0 MACHINE_TYPE:Mendel EXTRUDER_COUNT:1', 'generic'],
  ])('%s -> %s', (line, id) => {
    let reply = parseReply(line)
    if (reply.kind === 'ok') reply = parseReply(reply.text)
    expect(reply.kind).toBe('firmware')
    const name = reply.kind === 'firmware' ? reply.name : null
    expect(selectProfile(profiles, name).id).toBe(id)
  })

  it('falls back to generic without a name', () => {
    expect(selectProfile(profiles, null).id).toBe('generic')
    expect(selectProfile(profiles, '').id).toBe('generic')
  })

  it('fails loudly when nothing matches and there is no generic profile', () => {
    const withoutGeneric = new Map([...profiles].filter(([id]) => id !== 'generic'))
    expect(() => selectProfile(withoutGeneric, 'Teacup')).toThrow(/no generic profile/)
  })
})

describe('loadFirmwareProfiles on broken files', () => {
  let dir = ''
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  function withProfile(file: string, mutate: (profile: Record<string, any>) => void): string {
    dir = mkdtempSync(join(tmpdir(), 'printgate-profiles-'))
    const profile = JSON.parse(readFileSync(join(DEFAULT_PROFILE_DIR, 'marlin.json'), 'utf8'))
    mutate(profile)
    writeFileSync(join(dir, file), JSON.stringify(profile))
    return dir
  }

  function loadError(path: string): unknown {
    try {
      loadFirmwareProfiles(path)
    } catch (error) {
      return error
    }
    throw new Error('expected loadFirmwareProfiles to throw')
  }

  it('names the file and the nested field that is wrong', () => {
    const error = loadError(withProfile('marlin.json', (p) => (p.flow.default = 'turbo')))
    expect(isGatewayError(error, 'FIRMWARE_PROFILE_INVALID')).toBe(true)
    expect((error as Error).message).toMatch(/^marlin\.json: field "flow\.default": /)
  })

  it('rejects unknown keys (strict schema)', () => {
    const error = loadError(withProfile('marlin.json', (p) => (p.timeouts.comunicationMs = 5)))
    expect((error as Error).message).toMatch(/marlin\.json: field "timeouts"/)
    expect((error as Error).message).toMatch(/comunicationMs/)
  })

  it('rejects a missing field', () => {
    const error = loadError(withProfile('marlin.json', (p) => delete p.maxLineLength))
    expect((error as Error).message).toMatch(/marlin\.json: field "maxLineLength"/)
  })

  it('rejects an id that differs from the file name', () => {
    const error = loadError(withProfile('my-printer.json', () => {}))
    expect((error as Error).message).toMatch(/my-printer\.json: field "id" is "marlin"/)
  })

  it('rejects a file that is not JSON', () => {
    dir = mkdtempSync(join(tmpdir(), 'printgate-profiles-'))
    writeFileSync(join(dir, 'broken.json'), '{ "id": "broken", ')
    const error = loadError(dir)
    expect(isGatewayError(error, 'FIRMWARE_PROFILE_INVALID')).toBe(true)
    expect((error as Error).message).toMatch(/^broken\.json: not valid JSON/)
  })
})

describe("the build step's validated profiles", () => {
  it('writes every shipped profile as validated (defaults filled) with a signature of the files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pg-validated-'))
    try {
      const target = join(dir, 'validated-profiles.json')
      const count = writeValidatedProfiles(target)
      const built = JSON.parse(readFileSync(target, 'utf8')) as { signature: string; profiles: { id: string }[] }
      expect(built.signature).toMatch(/^[0-9a-f]{64}$/)
      expect(count).toBe(loadFirmwareProfiles().size)
      expect(new Map(built.profiles.map((p) => [p.id, p]))).toEqual(loadFirmwareProfiles())
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
