// WebSocket slots: every live socket (/ws/progress, /sockjs, /websocket) counted per credential and per address, with slots kept for admin.
import type { Context } from 'hono'
import type { Socket } from 'node:net'
import { GatewayError } from '../core/errors.js'
import { clientKey } from './pairing.js'

export interface SocketSlotLimits {
  /** All sockets together. */
  total: number
  /** Of `total`, this many only an admin credential (or loopback) may take. */
  reservedForAdmin: number
  /** One credential (a key, a device and its browser sessions) from anywhere. */
  perCredential: number
  /** One client address (IPv6 by /64), whatever it presents; admin is exempt. */
  perAddress: number
}

export interface SocketSlots {
  /** Refuses the upgrade (a GatewayError) when a limit is reached; otherwise records the socket until it closes. */
  take(c: Context, socket: Socket | undefined): void
  size(): number
}

interface Holder {
  credential: string | null
  address: string
  admin: boolean
}

export function createSocketSlots(limits: SocketSlotLimits): SocketSlots {
  const live = new Map<Socket, Holder>()
  const count = (match: (h: Holder) => boolean) => {
    let n = 0
    for (const holder of live.values()) if (match(holder)) n++
    return n
  }
  const refuse = (per: 'total' | 'credential' | 'address', max: number) =>
    per === 'total'
      ? new GatewayError('TOO_MANY_CONNECTIONS', undefined, { detail: { maxConnections: max } })
      : new GatewayError('TOO_MANY_SOCKETS', `This ${per} already holds ${max} live connections; close one first`, { detail: { per, max } })

  return {
    take(c, socket) {
      const principal = c.get('principal')
      const admin = principal?.scopes.includes('admin') ?? false
      // a browser session counts with the device it was issued under
      const credential = principal?.kind === 'token' ? (principal.parentId ?? principal.tokenId) : principal?.kind === 'loopback' ? 'loopback' : null
      const holder: Holder = { credential, address: clientKey(c.get('clientAddress') as string | undefined), admin }
      if (live.size >= limits.total) throw refuse('total', limits.total)
      if (!admin) {
        const shared = limits.total - limits.reservedForAdmin
        if (count((h) => !h.admin) >= shared) throw refuse('total', shared)
        if (credential && count((h) => h.credential === credential) >= limits.perCredential) throw refuse('credential', limits.perCredential)
        if (count((h) => !h.admin && h.address === holder.address) >= limits.perAddress) throw refuse('address', limits.perAddress)
      }
      if (!socket || live.has(socket)) return
      live.set(socket, holder)
      socket.once('close', () => live.delete(socket))
    },
    size: () => live.size,
  }
}
