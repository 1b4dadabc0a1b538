import { describe, expect, it } from 'vitest'
import type { PrinterStatus } from '../printer/types.js'
import { jobBody, printerBody, printerProfilesBody, versionBody } from './octoprint-shapes.js'

const base: PrinterStatus = {
  state: 'printing',
  reason: null,
  firmware: null,
  flowMode: 'ping-pong',
  temperatures: { tools: [{ actual: 209.5, target: 210 }], bed: { actual: 60, target: 60 } },
  position: null,
  link: { port: 'sim://marlin', baud: 115200, linesSent: 0, bytesSent: 0, resends: 0, timeouts: 0, checksumErrors: 0 },
  job: {
    jobId: 'j1',
    linesTotal: 100,
    linesConfirmed: 50,
    bytesConfirmed: 500,
    bytesTotal: 1000,
    percent: 50,
    layer: 3,
    z: 0.6,
    elapsedMs: 60_000,
    pausedMs: 0,
  },
}

describe('OctoPrint shapes', () => {
  it('version text starts with OctoPrint and carries api', () => {
    const v = versionBody('0.1.0')
    expect(v.text.startsWith('OctoPrint')).toBe(true)
    expect(v.api).toBe('0.1')
  })

  it('printer body has tool0, bed and printing flags', () => {
    const b = printerBody(base)
    expect(b.temperature!.tool0).toEqual({ actual: 209.5, target: 210, offset: 0 })
    expect(b.temperature!.bed?.target).toBe(60)
    expect(b.state!.text).toBe('Printing')
    expect(b.state!.flags).toMatchObject({ operational: true, printing: true, paused: false, ready: false })
  })

  it('printer body applies offsets and drops excluded parts', () => {
    const b = printerBody(base, { offsets: { tool0: 5 }, exclude: ['sd', 'state'] })
    expect(b.temperature!.tool0!.offset).toBe(5)
    expect(b.sd).toBeUndefined()
    expect(b.state).toBeUndefined()
  })

  it('an offline printer is closedOrError', () => {
    expect(printerBody({ ...base, state: 'disconnected', job: null }).state!.flags.closedOrError).toBe(true)
  })

  it('job body gives completion in percent and time left from the analysis', () => {
    const j = jobBody(base, { fileName: 'cube.gcode', fileSize: 1000, estimatedSeconds: 200, filamentMm: 1234 })
    expect(j.progress).toMatchObject({ completion: 50, filepos: 500, printTime: 60, printTimeLeft: 140, printTimeLeftOrigin: 'analysis' })
    expect(j.job.file.name).toBe('cube.gcode')
    expect(j.state).toBe('Printing')
  })

  it('job body falls back to a linear estimate', () => {
    expect(jobBody(base, null).progress).toMatchObject({ printTimeLeft: 60, printTimeLeftOrigin: 'linear' })
  })

  it('printer profiles mark the current one', () => {
    const p = printerProfilesBody([{ id: 'ender3', name: 'Ender-3', volume: { width: 220, depth: 220, height: 250 } }], 'ender3')
    expect(p.profiles.ender3).toMatchObject({ current: true, name: 'Ender-3' })
  })
})
