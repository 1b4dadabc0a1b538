import { describe, expect, it } from 'vitest'
import makeMdns from 'multicast-dns'
import { silentLogger } from '../core/logger.js'
import { answersFor, startMdnsAnnouncer, type MdnsIdentity } from './mdns.js'

const identity: MdnsIdentity = { instance: 'printgate on pi', host: 'pi', port: 8000, version: '0.1.0', addresses: ['192.168.1.20'] }

describe('mDNS answers', () => {
  it('answers a browse for _octoprint._tcp with PTR, SRV, TXT and A', () => {
    const records = answersFor({ name: '_octoprint._tcp.local', type: 'PTR' }, identity)
    expect(records.map((r) => r.type)).toEqual(['PTR', 'SRV', 'TXT', 'A'])
    expect(records[0]!.data).toBe('printgate on pi._octoprint._tcp.local')
    expect(records[1]!.data).toMatchObject({ port: 8000, target: 'pi.local' })
    expect(records[2]!.data).toContain('path=/')
  })

  it('answers _http._tcp too', () => {
    expect(answersFor({ name: '_http._tcp.local', type: 'PTR' }, identity)).toHaveLength(4)
  })

  it('stays silent for other names', () => {
    expect(answersFor({ name: '_ipp._tcp.local', type: 'PTR' }, identity)).toEqual([])
  })

  it('answers a real query over loopback UDP', async () => {
    const port = 20000 + Math.floor(Math.random() * 20000)
    const loopback = { multicast: false, ip: '127.0.0.1', port, interface: '127.0.0.1', bind: '127.0.0.1' } as const
    const announcer = startMdnsAnnouncer(identity, silentLogger, loopback)
    const client = makeMdns({ multicast: false, ip: '127.0.0.1', port: port + 1, interface: '127.0.0.1', bind: '127.0.0.1' })
    try {
      const answer = await new Promise<unknown[]>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no mDNS answer')), 3000)
        client.on('response', (res) => {
          clearTimeout(timer)
          resolve(res.answers)
        })
        // the client asks from a port other than 5353, so the announcer answers it directly
        client.query({ questions: [{ name: '_octoprint._tcp.local', type: 'PTR' }] }, { port, address: '127.0.0.1' } as never)
      })
      expect(answer.map((a) => (a as { type: string }).type)).toContain('SRV')
    } finally {
      client.destroy()
      await announcer.stop()
    }
  })
})
