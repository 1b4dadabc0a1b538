import { describe, expect, it } from 'vitest'
import { createFakeClock } from '../core/clock.js'
import { baudCandidates, discoverPorts } from './discovery.js'
import { waitForDevice } from './wait-for-device.js'

describe('port discovery', () => {
  it('survives a throwing list() and scans /dev', async () => {
    const dirs: Record<string, string[]> = {
      '/dev/serial/by-id': ['usb-Prusa_Original_Prusa_i3_MK3-if00'],
      '/dev': ['null', 'ttyACM0', 'ttyS0', 'ttyUSB1'],
    }
    const ports = await discoverPorts({
      binding: { list: () => Promise.reject(new Error('spawn udevadm ENOENT')) },
      readDir: async (dir) => {
        const entries = dirs[dir]
        if (!entries) throw new Error('ENOENT')
        return entries
      },
    })
    expect(ports.map((p) => p.path)).toEqual([
      '/dev/serial/by-id/usb-Prusa_Original_Prusa_i3_MK3-if00',
      '/dev/ttyACM0',
      '/dev/ttyUSB1',
    ])
  })
  it('orders baud candidates with the configured one first', () => {
    expect(baudCandidates(250000, [115200, 250000, 57600])).toEqual([250000, 115200, 57600])
    expect(baudCandidates(undefined, [115200])).toEqual([115200])
  })
  it('waits for a device path to come back', async () => {
    const clock = createFakeClock()
    let present = false
    const watch = waitForDevice('/dev/ttyUSB0', { clock, intervalMs: 500, exists: async () => present })
    let appeared = false
    void watch.appeared.then(() => (appeared = true))
    await Promise.resolve()
    clock.advance(500)
    await new Promise((r) => setImmediate(r))
    expect(appeared).toBe(false)
    present = true
    clock.advance(500)
    await new Promise((r) => setImmediate(r))
    expect(appeared).toBe(true)
  })
})
