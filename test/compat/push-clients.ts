// Push clients as phone apps open them: a raw WebSocket with SockJS framing (native apps), a plain-JSON raw socket, and the sockjs-client library.
import SockJS from 'sockjs-client'
import WebSocket from 'ws'
import { until } from './compat-gateway.js'

export type PushMessage = Record<string, any>

export interface PushClient {
  messages: PushMessage[]
  send(message: unknown): void
  close(): void
  /** Waits for a message matching `pick` that arrived after index `from`. */
  next<T>(pick: (m: PushMessage) => T | undefined | null | false, what: string, from?: number, timeoutMs?: number): Promise<T>
  mark(): number
}

function clientOver(messages: PushMessage[], send: (m: unknown) => void, close: () => void): PushClient {
  return {
    messages,
    send,
    close,
    mark: () => messages.length,
    next: (pick, what, from = 0, timeoutMs = 15_000) =>
      until(
        () => {
          for (const m of messages.slice(from)) {
            const v = pick(m)
            if (v) return v
          }
          return null
        },
        timeoutMs,
        what,
      ),
  }
}

/** `ws://host/sockjs/<server>/<session>/websocket`: SockJS frames (`o`, `h`, `a[…]`, `c[…]`) over a plain WebSocket. */
export async function rawSockJsClient(port: number, path = '/sockjs/123/abcdefgh/websocket'): Promise<PushClient & { frames: string[] }> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}${path}`)
  const messages: PushMessage[] = []
  const frames: string[] = []
  ws.on('message', (data) => {
    const frame = data.toString()
    frames.push(frame)
    if (frame.startsWith('a')) for (const s of JSON.parse(frame.slice(1)) as string[]) messages.push(JSON.parse(s) as PushMessage)
  })
  await new Promise((resolve, reject) => {
    ws.once('open', resolve)
    ws.once('error', reject)
  })
  return {
    ...clientOver(
      messages,
      (m) => ws.send(JSON.stringify([JSON.stringify(m)])),
      () => ws.close(),
    ),
    frames,
  }
}

/** `ws://host/sockjs/websocket`: SockJS's raw endpoint, one JSON message per frame. */
export async function rawJsonClient(port: number): Promise<PushClient> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/sockjs/websocket`)
  const messages: PushMessage[] = []
  ws.on('message', (data) => messages.push(JSON.parse(data.toString()) as PushMessage))
  await new Promise((resolve, reject) => {
    ws.once('open', resolve)
    ws.once('error', reject)
  })
  return clientOver(
    messages,
    (m) => ws.send(JSON.stringify(m)),
    () => ws.close(),
  )
}

/** The sockjs-client library (info request, then the given transports). */
export async function sockJsLibraryClient(port: number, transports: string[]): Promise<PushClient & { transport: () => string }> {
  const sock = new SockJS(`http://127.0.0.1:${port}/sockjs`, null, { transports })
  const messages: PushMessage[] = []
  sock.onmessage = (e: { data: string }) => messages.push(JSON.parse(e.data) as PushMessage)
  await new Promise<void>((resolve, reject) => {
    sock.onopen = () => resolve()
    sock.onclose = (e: { reason: string }) => reject(new Error(`sockjs closed: ${e.reason}`))
  })
  return {
    ...clientOver(
      messages,
      (m) => sock.send(JSON.stringify(m)),
      () => sock.close(),
    ),
    transport: () => (sock as unknown as { transport: string }).transport,
  }
}

/** A G-code file that heats, moves and then dwells in many short steps, so a print can be watched, paused and resumed. */
export function longPrint(dwellLines = 400): Buffer {
  const lines = ['; printgate apps e2e', 'G21', 'G90', 'M82', 'M140 S60', 'M104 S200', 'G28', 'M190 S60', 'M109 S200', 'G92 E0']
  for (let i = 0; i < 40; i++) lines.push(`G1 X${(50 + (i % 2) * 10).toFixed(1)} Y${(50 + i).toFixed(1)} E${(i * 0.05).toFixed(3)} F3000`)
  for (let i = 0; i < dwellLines; i++) lines.push(`G4 P2000 ; step ${i}`)
  lines.push('M104 S0', 'M140 S0', 'M84', '')
  return Buffer.from(lines.join('\n'))
}
