// Config loading: defaults, YAML file, env overrides, strict rejection of unknown keys.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { isGatewayError } from '../core/errors.js'
import { loadConfig } from './load.js'

const emptyDir = () => mkdtempSync(join(tmpdir(), 'pg-config-'))

describe('loadConfig', () => {
  it('starts on the simulator on port 8000 with data in ./data when nothing is configured', () => {
    const cwd = emptyDir()
    const config = loadConfig({}, cwd)
    expect(config.http.port).toBe(8000)
    expect(config.http.host).toBe('0.0.0.0')
    expect(config.printer.port.startsWith('sim://')).toBe(true)
    expect(config.dataDir).toBe(join(cwd, 'data'))
    expect(config.queue.autoStart).toBe(false)
    expect(config.printer.arcFitting).toBe(false)
  })

  it('turns arc fitting on with PRINTGATE_ARC_FITTING, keeping the default tolerance', () => {
    expect(loadConfig({ PRINTGATE_ARC_FITTING: '1' }, emptyDir()).printer).toMatchObject({ arcFitting: true, arcToleranceMm: 0.02 })
  })

  it('takes the flow mode from PRINTGATE_FLOW_MODE and refuses a mode that does not exist', () => {
    expect(loadConfig({}, emptyDir()).printer.flowMode).toBeUndefined()
    expect(loadConfig({ PRINTGATE_FLOW_MODE: 'buffered' }, emptyDir()).printer.flowMode).toBe('buffered')
    expect(() => loadConfig({ PRINTGATE_FLOW_MODE: 'turbo' }, emptyDir())).toThrow(/flowMode/)
  })

  it('keeps access control closed by default and lets the owner open it explicitly', () => {
    const cwd = emptyDir()
    expect(loadConfig({}, cwd).security).toMatchObject({ allowPublic: false, anonymousRead: false, trustLoopback: true, trustedProxies: [] })
    writeFileSync(join(cwd, 's.yaml'), 'security:\n  allowedNetworks: [203.0.113.0/24]\n  trustedProxies: [127.0.0.1]\n')
    const config = loadConfig({ PRINTGATE_CONFIG: 's.yaml', PRINTGATE_ANONYMOUS_READ: 'yes' }, cwd)
    expect(config.security).toMatchObject({ anonymousRead: true, allowedNetworks: ['203.0.113.0/24'], trustedProxies: ['127.0.0.1'] })
    writeFileSync(join(cwd, 'bad.yaml'), 'security:\n  letEveryoneIn: true\n')
    expect(() => loadConfig({ PRINTGATE_CONFIG: 'bad.yaml' }, cwd)).toThrow(/security/)
  })

  it('reads the YAML file and lets PRINTGATE_* variables override it', () => {
    const cwd = emptyDir()
    writeFileSync(join(cwd, 'c.yaml'), 'http:\n  port: 9000\nprinter:\n  port: /dev/ttyUSB0\n  baud: 115200\nqueue:\n  autoStart: true\n')
    const config = loadConfig({ PRINTGATE_CONFIG: 'c.yaml', PRINTGATE_BAUD: '250000', PRINTGATE_DATA_DIR: '/var/x' }, cwd)
    expect(config.http.port).toBe(9000)
    expect(config.printer.port).toBe('/dev/ttyUSB0')
    expect(config.printer.baud).toBe(250000)
    expect(config.queue.autoStart).toBe(true)
    expect(config.dataDir).toBe('/var/x')
  })

  it('rejects unknown keys and wrong types with CONFIG_INVALID', () => {
    const cwd = emptyDir()
    writeFileSync(join(cwd, 'c.yaml'), 'http:\n  prot: 9000\n')
    expect(() => loadConfig({ PRINTGATE_CONFIG: 'c.yaml' }, cwd)).toThrowError(/http: Unrecognized key/)
    try {
      loadConfig({ PRINTGATE_HTTP_PORT: 'eighty' }, cwd)
      expect.unreachable()
    } catch (e) {
      expect(isGatewayError(e, 'CONFIG_INVALID')).toBe(true)
    }
  })

  it('fails when the named config file is missing', () => {
    expect(() => loadConfig({ PRINTGATE_CONFIG: 'nope.yaml' }, emptyDir())).toThrowError(/does not exist/)
  })

  it('reads PRINTGATE_MDNS and PRINTGATE_LOG_CONSOLE through the schema, like every other variable', () => {
    const cwd = emptyDir()
    expect(loadConfig({}, cwd)).toMatchObject({ discovery: { mdns: 'auto' }, logging: { consoleTraffic: false } })
    expect(loadConfig({ PRINTGATE_MDNS: '1', PRINTGATE_LOG_CONSOLE: 'on' }, cwd)).toMatchObject({
      discovery: { mdns: 'on' },
      logging: { consoleTraffic: true },
    })
    expect(loadConfig({ PRINTGATE_MDNS: 'false' }, cwd).discovery.mdns).toBe('off')
    expect(loadConfig({ PRINTGATE_MDNS: 'auto' }, cwd).discovery.mdns).toBe('auto')
    expect(() => loadConfig({ PRINTGATE_MDNS: 'loud' }, cwd)).toThrowError(/PRINTGATE_MDNS=loud/)
  })
})
