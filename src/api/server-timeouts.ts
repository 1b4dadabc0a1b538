// Deadlines of the HTTP server for slow clients (slowloris): headers, idle transfers, whole requests.
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { Socket } from 'node:net'

export interface ServerTimeouts {
  /** Request headers must be complete within this. */
  headersTimeoutMs: number
  /** A socket that neither sends nor receives for this long while a request or its body is in transit is closed. */
  idleTimeoutMs: number
  /** A whole request, body included. */
  requestTimeoutMs: number
}

/**
 * Applies the deadlines to a node:http (or https) server. The idle deadline never cuts a request the
 * gateway is still working on (analysing a large upload sends nothing for a while); it cuts clients
 * that stall mid-body and connections left open between requests.
 */
export function limitSlowClients(server: unknown, t: ServerTimeouts): void {
  const http = server as Server
  http.headersTimeout = t.headersTimeoutMs
  http.requestTimeout = t.requestTimeoutMs
  const working = new WeakMap<Socket, IncomingMessage>()
  http.on('request', (req: IncomingMessage, res: ServerResponse) => {
    working.set(req.socket, req)
    res.once('close', () => working.get(req.socket) === req && working.delete(req.socket))
  })
  http.setTimeout(t.idleTimeoutMs, (socket: Socket) => {
    const req = working.get(socket)
    // the body is in and the answer is being worked out: not the client's stall
    if (req?.complete) return
    socket.destroy()
  })
}
