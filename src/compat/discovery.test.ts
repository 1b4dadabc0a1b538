// The mDNS discovery switch and a loopback-only announce (never multicasts on real interfaces).
import makeMdns from 'multicast-dns'
import { describe, expect, it } from 'vitest'
import { silentLogger } from '../core/logger.js'
import { discoveryEnabled, discoveryIdentity, startDiscovery } from './discovery.js'

const onSim = { printer: { port: 'sim://marlin?baud=0' }, http: { port: 8000 } }
const onSerial = { printer: { port: '/dev/ttyUSB0' }, http: { port: 8000 } }

describe('discovery switch', () => {
  it('is on for a real serial port, off for the simulator, and discovery.mdns (PRINTGATE_MDNS) wins', () => {
    expect(discoveryEnabled(onSerial)).toBe(true)
    expect(discoveryEnabled(onSim)).toBe(false)
    expect(discoveryEnabled({ ...onSim, discovery: { mdns: 'on' } })).toBe(true)
    expect(discoveryEnabled({ ...onSerial, discovery: { mdns: 'off' } })).toBe(false)
  })

  it('returns null without opening a socket when off', () => {
    expect(startDiscovery(onSim, silentLogger)).toBeNull()
  })

  it('names the instance after the host and strips .local', () => {
    expect(discoveryIdentity(onSerial, '1.2.3', 'pi.local', ['10.0.0.5'])).toEqual({
      instance: 'printgate on pi',
      host: 'pi',
      port: 8000,
      version: '1.2.3',
      addresses: ['10.0.0.5'],
    })
  })

  it('answers an _octoprint._tcp query when forced on (loopback only, no multicast)', async () => {
    const port = 20000 + Math.floor(Math.random() * 20000)
    const loopback = { multicast: false, ip: '127.0.0.1', port, interface: '127.0.0.1', bind: '127.0.0.1' }
    const announcer = startDiscovery({ ...onSim, discovery: { mdns: 'on' } }, silentLogger, {
      mdns: loopback,
      version: '9.9.9',
      uuid: 'c0ffee00-0000-4000-8000-000000000001',
      hostName: 'pi',
      addresses: ['10.0.0.5'],
    })
    expect(announcer).not.toBeNull()
    const client = makeMdns({ ...loopback, port: port + 1 })
    try {
      const answers = await new Promise<{ type: string; data: unknown }[]>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no mDNS answer')), 3000)
        client.on('response', (res) => {
          clearTimeout(timer)
          resolve(res.answers as never)
        })
        client.query({ questions: [{ name: '_octoprint._tcp.local', type: 'PTR' }] }, { port, address: '127.0.0.1' } as never)
      })
      expect(answers.find((a) => a.type === 'SRV')?.data).toMatchObject({ port: 8000, target: 'pi.local' })
      expect(String(answers.find((a) => a.type === 'TXT')?.data)).toContain('version=9.9.9')
      expect(String(answers.find((a) => a.type === 'TXT')?.data)).toContain('uuid=c0ffee00-0000-4000-8000-000000000001')
    } finally {
      client.destroy()
      await announcer!.stop()
    }
  })
})
