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
    expect(ports.map((p) => p.path)).toEqual(['/dev/serial/by-id/usb-Prusa_Original_Prusa_i3_MK3-if00', '/dev/ttyACM0', '/dev/ttyUSB1'])
  })
  it('lists the stable by-id and by-path names first, each with its device, and the device with its names', async () => {
    const dirs: Record<string, string[]> = {
      '/dev/serial/by-id': ['usb-Prusa_Original_Prusa_i3_MK3_CZPX1-if00'],
      '/dev/serial/by-path': ['platform-fd500000.pcie-usb-0:1.3:1.0-port0', 'platform-fd500000.pcie-usb-0:1.4:1.0'],
      '/dev': ['ttyACM0', 'ttyUSB0'],
    }
    const links: Record<string, string> = {
      '/dev/serial/by-id/usb-Prusa_Original_Prusa_i3_MK3_CZPX1-if00': '/dev/ttyACM0',
      '/dev/serial/by-path/platform-fd500000.pcie-usb-0:1.4:1.0': '/dev/ttyACM0',
      // a CH340 Creality board: no serial number, so no by-id name
      '/dev/serial/by-path/platform-fd500000.pcie-usb-0:1.3:1.0-port0': '/dev/ttyUSB0',
    }
    const ports = await discoverPorts({
      readDir: async (dir) => dirs[dir] ?? Promise.reject(new Error('ENOENT')),
      realPath: async (path) => links[path] ?? Promise.reject(new Error('ENOENT')),
    })
    expect(ports.map((p) => [p.source, p.path, p.target ?? null])).toEqual([
      ['by-id', '/dev/serial/by-id/usb-Prusa_Original_Prusa_i3_MK3_CZPX1-if00', '/dev/ttyACM0'],
      ['by-path', '/dev/serial/by-path/platform-fd500000.pcie-usb-0:1.3:1.0-port0', '/dev/ttyUSB0'],
      ['by-path', '/dev/serial/by-path/platform-fd500000.pcie-usb-0:1.4:1.0', '/dev/ttyACM0'],
      ['dev', '/dev/ttyACM0', null],
      ['dev', '/dev/ttyUSB0', null],
    ])
    expect(ports.find((p) => p.path === '/dev/ttyACM0')?.aliases).toEqual([
      '/dev/serial/by-id/usb-Prusa_Original_Prusa_i3_MK3_CZPX1-if00',
      '/dev/serial/by-path/platform-fd500000.pcie-usb-0:1.4:1.0',
    ])
    expect(ports.find((p) => p.path === '/dev/ttyUSB0')?.aliases).toEqual(['/dev/serial/by-path/platform-fd500000.pcie-usb-0:1.3:1.0-port0'])
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
