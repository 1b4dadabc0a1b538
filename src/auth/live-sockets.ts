// Remembers which credential opened each WebSocket, so revoking a token also drops its live sockets.
import type { MiddlewareHandler } from 'hono'
import type { Socket } from 'node:net'

export interface LiveSockets {
  /** Middleware placed after access control: records token-authenticated upgrade sockets. */
  track: MiddlewareHandler
  /** Destroys the sockets opened with token `id` or with a session issued under it; returns how many. */
  dropFor(id: string): number
  size(): number
}

export function createLiveSockets(): LiveSockets {
  const live = new Map<Socket, { tokenId: string; parentId: string | null }>()
  return {
    track: async function trackLiveSockets(c, next) {
      const principal = c.get('principal')
      const socket = (c.env as { incoming?: { socket?: Socket } } | undefined)?.incoming?.socket
      if (c.req.header('upgrade')?.toLowerCase() === 'websocket' && principal?.tokenId && socket && !live.has(socket)) {
        live.set(socket, { tokenId: principal.tokenId, parentId: principal.parentId })
        socket.once('close', () => live.delete(socket))
      }
      await next()
    },
    dropFor(id) {
      let dropped = 0
      for (const [socket, owner] of live) {
        if (owner.tokenId !== id && owner.parentId !== id) continue
        live.delete(socket)
        socket.destroy()
        dropped++
      }
      return dropped
    },
    size: () => live.size,
  }
}
