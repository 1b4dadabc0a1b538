// Carries OctoPrint's push: raw WebSocket at /sockjs/websocket, SockJS-framed WebSocket at /sockjs/<server>/<session>/websocket, and the `sockjs` server's info/xhr transports.
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response'
import type { IncomingMessage } from 'node:http'
import { Readable } from 'node:stream'
import { Hono } from 'hono'
import type { UpgradeWebSocket, WSContext } from 'hono/ws'
import type { Connection } from 'sockjs'
import type { Clock, TimerHandle } from '../core/clock.js'
import type { Logger } from '../core/logger.js'
import type { PushConnection, PushHub } from './octoprint-push.js'
import type { NodeBindings } from './request-body.js'

export const SOCKJS_PREFIX = '/sockjs'
const HEARTBEAT_MS = 25_000

/** SockJS's framing of one message: `a["<json>"]`. */
export const sockJsFrame = (message: unknown) => `a${JSON.stringify([JSON.stringify(message)])}`

/** The messages in a client's SockJS frame: a JSON array of strings (or one string); none when malformed. */
export function sockJsMessages(frame: string): string[] {
  try {
    const parsed: unknown = JSON.parse(frame)
    if (typeof parsed === 'string') return [parsed]
    if (Array.isArray(parsed)) return parsed.filter((m): m is string => typeof m === 'string')
  } catch {
    // not JSON: ignored, as SockJS servers do
  }
  return []
}

function webSocketRoute(hub: PushHub, clock: Clock, framed: boolean) {
  let conn: PushConnection | null = null
  let heartbeat: TimerHandle | undefined
  const beat = (ws: WSContext) => {
    heartbeat = clock.setTimeout(() => {
      if (ws.readyState !== 1) return
      ws.send('h')
      beat(ws)
    }, HEARTBEAT_MS)
  }
  return {
    onOpen(_: Event, ws: WSContext) {
      if (framed) {
        ws.send('o')
        beat(ws)
      }
      conn = hub.attach({
        send: (message) => ws.readyState === 1 && ws.send(framed ? sockJsFrame(message) : JSON.stringify(message)),
        close: () => (framed && ws.readyState === 1 && ws.send('c[3000,"Go away!"]'), ws.close(framed ? 3000 : 1000, 'closed')),
      })
    },
    onMessage(event: MessageEvent, _: WSContext) {
      const text = typeof event.data === 'string' ? event.data : ''
      for (const message of framed ? sockJsMessages(text) : [text]) conn?.receive(message)
    },
    onClose() {
      clock.clearTimeout(heartbeat)
      conn?.closed()
      conn = null
    },
  }
}

type SockJsListener = { handler(req: unknown, res: unknown, head?: unknown): boolean }

/**
 * The sockjs npm server for info, xhr, xhr_streaming, eventsource and the rest; driven from Hono after the security chain.
 * Loaded on the first request for it (few clients use these transports; sockjs and its dependencies cost ~3.5 MB).
 */
async function sockJsServer(hub: PushHub, logger: Logger): Promise<SockJsListener> {
  const { default: sockjs } = await import('sockjs')
  const server = sockjs.createServer({
    prefix: SOCKJS_PREFIX,
    websocket: true,
    log: (severity: string, line: string) => (severity === 'error' ? logger.warn('sockjs', { line }) : undefined),
  })
  server.on('connection', (socket: Connection | null) => {
    if (!socket) return
    const conn = hub.attach({ send: (message) => socket.write(JSON.stringify(message)), close: () => socket.close() })
    socket.on('data', (text: string) => conn.receive(text))
    socket.on('close', () => conn.closed())
  })
  return (server as unknown as { listener(o: object): SockJsListener }).listener({ prefix: SOCKJS_PREFIX })
}

/** A stand-in for the request with its body already read: what sockjs reads of a request (method, url, headers) plus the body as a stream. */
function replayedRequest(incoming: IncomingMessage, body: Buffer): Readable {
  return Object.assign(Readable.from(body.length ? [body] : []), {
    method: incoming.method,
    url: incoming.url,
    headers: incoming.headers,
    httpVersion: incoming.httpVersion,
    connection: incoming.socket,
    socket: incoming.socket,
  })
}

export function createPushRoutes(
  hub: PushHub,
  o: { upgradeWebSocket?: UpgradeWebSocket; clock: Clock; logger: Logger },
): Hono<{ Bindings: NodeBindings & { outgoing?: unknown } }> {
  const app = new Hono<{ Bindings: NodeBindings & { outgoing?: unknown } }>()
  if (o.upgradeWebSocket) {
    app.get(
      `${SOCKJS_PREFIX}/websocket`,
      o.upgradeWebSocket(() => webSocketRoute(hub, o.clock, false)),
    )
    app.get(
      `${SOCKJS_PREFIX}/:server/:session/websocket`,
      o.upgradeWebSocket(() => webSocketRoute(hub, o.clock, true)),
    )
  }
  let listener: Promise<SockJsListener> | null = null
  app.all(`${SOCKJS_PREFIX}/*`, async (c) => {
    const incoming = c.env?.incoming
    if (!incoming || !c.env.outgoing) return c.notFound()
    // The security chain's body cap may already stream a chunked body; sockjs gets it replayed from the capped read.
    const req = c.req.method === 'POST' ? replayedRequest(incoming, Buffer.from(await c.req.arrayBuffer())) : incoming
    const sockJs = await (listener ??= sockJsServer(hub, o.logger))
    sockJs.handler(req, c.env.outgoing)
    return RESPONSE_ALREADY_SENT
  })
  app.all(SOCKJS_PREFIX, (c) => c.text('Welcome to SockJS!\n'))
  return app
}
