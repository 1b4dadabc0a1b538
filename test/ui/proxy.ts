// A TCP proxy in front of the gateway for browser tests and bench:ui: counts bytes on the wire, can go silent or refuse.
import { createConnection, createServer, type Socket } from 'node:net'

export interface TestProxy {
  /** http://127.0.0.1:<port> */
  url: string
  /** Bytes the gateway sent through the proxy so far (headers, bodies and WebSocket frames as on the wire). */
  bytesDown: () => number
  /** Stops forwarding in both directions without closing anything, like Wi-Fi that dropped. */
  hold: () => void
  /** Forwards again (held data is delivered). */
  release: () => void
  /** Closes every connection and refuses new ones, like a gateway that is gone; `release` accepts them again. */
  refuse: () => void
  close: () => Promise<void>
}

export async function startProxy(targetPort: number): Promise<TestProxy> {
  let down = 0
  let held = false
  let refusing = false
  const pairs = new Set<[Socket, Socket]>()
  const server = createServer((client) => {
    if (refusing) {
      client.destroy()
      return
    }
    const upstream = createConnection(targetPort, '127.0.0.1')
    const pair: [Socket, Socket] = [client, upstream]
    pairs.add(pair)
    upstream.on('data', (chunk: Buffer) => {
      down += chunk.length
    })
    client.pipe(upstream).pipe(client)
    if (held) {
      client.pause()
      upstream.pause()
    }
    const close = () => {
      pairs.delete(pair)
      client.destroy()
      upstream.destroy()
    }
    for (const socket of pair) {
      socket.on('error', close)
      socket.on('close', close)
    }
  })
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  const each = (fn: (socket: Socket) => void) => {
    for (const pair of pairs) pair.forEach(fn)
  }
  return {
    url: `http://127.0.0.1:${port}`,
    bytesDown: () => down,
    hold() {
      held = true
      // Paused sockets stay open and read nothing, so neither side hears from the other.
      each((socket) => socket.pause())
    },
    release() {
      held = false
      refusing = false
      each((socket) => socket.resume())
    },
    refuse() {
      refusing = true
      each((socket) => socket.destroy())
    },
    close: () =>
      new Promise<void>((done) => {
        each((socket) => socket.destroy())
        server.close(() => done())
      }),
  }
}
