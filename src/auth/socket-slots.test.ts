// Socket slots: per credential, per address, a reserve only admin reaches, and a slot freed when its socket closes.
import { EventEmitter } from 'node:events'
import type { Socket } from 'node:net'
import type { Context } from 'hono'
import { describe, expect, it } from 'vitest'
import { SCOPES } from './scopes.js'
import { createSocketSlots } from './socket-slots.js'

const ctx = (principal: { kind: string; tokenId?: string | null; parentId?: string | null; scopes: string[] }, address: string) =>
  ({
    get: (key: string) => (key === 'principal' ? { tokenId: null, parentId: null, ...principal } : key === 'clientAddress' ? address : undefined),
  }) as unknown as Context
const socket = () => new EventEmitter() as unknown as Socket
const readKey = (id: string) => ({ kind: 'token', tokenId: id, scopes: ['read'] })
const admin = { kind: 'token', tokenId: 'owner', scopes: [...SCOPES] }
const anonymous = { kind: 'anonymous', scopes: [] }
const codeOf = (fn: () => void) => {
  try {
    fn()
    return 'taken'
  } catch (error) {
    return (error as { code: string }).code
  }
}

describe('socket slots', () => {
  const limits = { total: 10, reservedForAdmin: 2, perCredential: 3, perAddress: 5 }

  it('one read-only key gets its share, never the owner’s admin slot', () => {
    const slots = createSocketSlots(limits)
    const taken = Array.from({ length: 20 }, (_, i) => codeOf(() => slots.take(ctx(readKey('k1'), `192.168.1.${10 + i}`), socket())))
    expect(taken.filter((t) => t === 'taken')).toHaveLength(3)
    expect(new Set(taken.slice(3))).toEqual(new Set(['TOO_MANY_SOCKETS']))
    expect(codeOf(() => slots.take(ctx(admin, '192.168.1.2'), socket()))).toBe('taken')
  })

  it('counts a browser session with its device, and anonymous upgrades (SockJS, Moonraker) by address', () => {
    const slots = createSocketSlots({ ...limits, total: 20 })
    for (let i = 0; i < 3; i++) slots.take(ctx({ kind: 'token', tokenId: `s${i}`, parentId: 'phone', scopes: ['read', 'control'] }, '192.168.1.5'), socket())
    expect(codeOf(() => slots.take(ctx({ kind: 'token', tokenId: 's9', parentId: 'phone', scopes: ['read'] }, '192.168.1.6'), socket()))).toBe(
      'TOO_MANY_SOCKETS',
    )
    for (let i = 0; i < 2; i++) slots.take(ctx(anonymous, '192.168.1.5'), socket())
    expect(codeOf(() => slots.take(ctx(anonymous, '192.168.1.5'), socket()))).toBe('TOO_MANY_SOCKETS')
    // IPv6: one client by its /64
    for (let i = 0; i < 5; i++) slots.take(ctx(anonymous, `fd00:1:2:3::${i + 1}`), socket())
    expect(codeOf(() => slots.take(ctx(anonymous, 'fd00:1:2:3::99'), socket()))).toBe('TOO_MANY_SOCKETS')
    expect(codeOf(() => slots.take(ctx(anonymous, 'fd00:1:2:4::1'), socket()))).toBe('taken')
  })

  it('keeps the reserve for admin and frees a slot when its socket closes', () => {
    const slots = createSocketSlots(limits)
    const sockets = Array.from({ length: 8 }, () => socket())
    sockets.forEach((s, i) => slots.take(ctx(readKey(`k${i}`), `192.168.2.${i}`), s))
    expect(codeOf(() => slots.take(ctx(readKey('late'), '192.168.3.1'), socket()))).toBe('TOO_MANY_CONNECTIONS')
    expect(codeOf(() => slots.take(ctx(admin, '192.168.3.2'), socket()))).toBe('taken')
    expect(codeOf(() => slots.take(ctx({ kind: 'loopback', scopes: [...SCOPES] }, '127.0.0.1'), socket()))).toBe('taken')
    expect(codeOf(() => slots.take(ctx(admin, '192.168.3.2'), socket()))).toBe('TOO_MANY_CONNECTIONS')
    ;(sockets[0] as unknown as EventEmitter).emit('close')
    expect(slots.size()).toBe(9)
    expect(codeOf(() => slots.take(ctx(readKey('late'), '192.168.3.1'), socket()))).toBe('taken')
  })
})
