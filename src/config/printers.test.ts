// Several printers in the config: the `printers:` list, the single `printer:` section as `default`, and the refusals.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { isGatewayError } from '../core/errors.js'
import { loadConfig } from './load.js'
import { printersOf } from './printers.js'

function withFile(yaml: string): string {
  const cwd = mkdtempSync(join(tmpdir(), 'pg-printers-'))
  writeFileSync(join(cwd, 'c.yaml'), yaml)
  return cwd
}

const refusal = (fn: () => unknown): string => {
  try {
    fn()
  } catch (error) {
    if (isGatewayError(error) && error.code === 'CONFIG_INVALID') return error.message
    throw error
  }
  throw new Error('expected CONFIG_INVALID')
}

describe('printers in the config', () => {
  it('reads the single printer: section as one printer with id default', () => {
    const cwd = withFile('printer:\n  port: /dev/ttyUSB0\n  baud: 115200\n')
    const printers = printersOf(loadConfig({ PRINTGATE_CONFIG: 'c.yaml' }, cwd))
    expect(printers).toHaveLength(1)
    expect(printers[0]).toMatchObject({ id: 'default', name: 'Printer', port: '/dev/ttyUSB0', baud: 115200, engine: 'process' })
  })

  it('reads a printers: list with ids, names, ports, bauds, profiles and build volumes', () => {
    const cwd = withFile(
      [
        'printers:',
        '  - { id: mk3, name: Prusa MK3S, port: /dev/serial/by-id/usb-Prusa_Original_Prusa_i3_MK3_CZPX1-if00, baud: 115200, firmwareProfile: prusa, bed: { x: 250, y: 210, z: 210 } }',
        '  - { id: ender, port: /dev/serial/by-path/platform-fd500000.pcie-usb-0:1.3:1.0-port0 }',
      ].join('\n'),
    )
    const printers = printersOf(loadConfig({ PRINTGATE_CONFIG: 'c.yaml' }, cwd))
    expect(printers.map((p) => [p.id, p.name, p.baud])).toEqual([
      ['mk3', 'Prusa MK3S', 115200],
      ['ender', 'ender', 250000],
    ])
    expect(printers[0]).toMatchObject({ firmwareProfile: 'prusa', bed: { x: 250, y: 210, z: 210 } })
  })

  it('refuses printer: and printers: together, a repeated id, a bad id, and a printer env override with a list', () => {
    expect(
      refusal(() => loadConfig({ PRINTGATE_CONFIG: 'c.yaml' }, withFile('printer:\n  port: /dev/ttyACM0\nprinters:\n  - { id: a, port: /dev/ttyACM1 }\n'))),
    ).toMatch(/either `printer:`.*or `printers:`/)
    expect(
      refusal(() => loadConfig({ PRINTGATE_CONFIG: 'c.yaml' }, withFile('printers:\n  - { id: a, port: /dev/ttyACM0 }\n  - { id: a, port: /dev/ttyACM1 }\n'))),
    ).toMatch(/printer id a is used twice/)
    expect(refusal(() => loadConfig({ PRINTGATE_CONFIG: 'c.yaml' }, withFile('printers:\n  - { id: "My Printer", port: /dev/ttyACM0 }\n')))).toMatch(
      /printers\.0\.id/,
    )
    expect(refusal(() => loadConfig({ PRINTGATE_CONFIG: 'c.yaml' }, withFile('printers: []\n')))).toMatch(/printers/)
    expect(
      refusal(() =>
        loadConfig({ PRINTGATE_CONFIG: 'c.yaml', PRINTGATE_SERIAL_PORT: '/dev/ttyUSB0' }, withFile('printers:\n  - { id: a, port: /dev/ttyACM0 }\n')),
      ),
    ).toMatch(/PRINTGATE_SERIAL_PORT.*printers:/)
  })
})
