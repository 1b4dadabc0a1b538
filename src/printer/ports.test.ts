import { describe, expect, it } from 'vitest'
import { loadFirmwareProfiles } from '../profiles/load.js'
import { listPortChoices } from './ports.js'

describe('listPortChoices', () => {
  it('lists found ports and every profile with its baud rates, even when udev is missing', async () => {
    const choices = await listPortChoices(loadFirmwareProfiles(), {
      binding: { list: () => Promise.reject(new Error('udevadm: not found')) },
      readDir: async (dir) =>
        dir === '/dev'
          ? ['ttyUSB0', 'tty1', 'ttyACM3']
          : dir === '/dev/serial/by-id'
            ? ['usb-1a86_USB_Serial-if00-port0']
            : Promise.reject(new Error('ENOENT')),
    })
    expect(choices.ports.map((p) => p.path)).toEqual(['/dev/serial/by-id/usb-1a86_USB_Serial-if00-port0', '/dev/ttyACM3', '/dev/ttyUSB0'])
    expect(choices.profiles.find((p) => p.id === 'marlin')?.baudRates).toContain(115200)
    expect(choices.profiles.map((p) => p.id)).toContain('generic')
  })
})
