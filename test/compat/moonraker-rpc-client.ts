// A plain JSON-RPC 2.0 WebSocket client, as Mobileraker and Home Assistant's Moonraker integration talk to /websocket.
import WebSocket from 'ws'
import { until } from './compat-gateway.js'

export interface RpcClient {
  call<T = any>(method: string, params?: Record<string, unknown>): Promise<T>
  /** The raw error object of a failing call. */
  fail(method: string, params?: Record<string, unknown>): Promise<{ code: number; message: string; data?: { error: string } }>
  notifications: { method: string; params: any[] }[]
  /** Waits for a notify_status_update whose merged status passes `test`. */
  status(test: (s: Record<string, any>) => boolean, what: string, timeoutMs?: number): Promise<Record<string, any>>
  merged: Record<string, any>
  close(): void
}

export async function openRpc(url: string, headers: Record<string, string> = {}): Promise<RpcClient> {
  const ws = new WebSocket(url, { headers })
  const waiting = new Map<number, { resolve(v: any): void }>()
  const notifications: RpcClient['notifications'] = []
  const merged: Record<string, any> = {}
  ws.on('message', (data) => {
    const msg = JSON.parse(data.toString()) as { id?: number; method?: string; params?: any[] }
    if (msg.id !== undefined && waiting.has(msg.id)) {
      waiting.get(msg.id)!.resolve(msg)
      waiting.delete(msg.id)
    } else if (msg.method) {
      notifications.push({ method: msg.method, params: msg.params ?? [] })
      if (msg.method === 'notify_status_update') for (const [k, v] of Object.entries(msg.params![0] as object)) merged[k] = { ...merged[k], ...(v as object) }
    }
  })
  await new Promise((resolve, reject) => {
    ws.once('open', resolve)
    ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)))
    ws.once('error', reject)
  })
  let next = 1
  const send = (method: string, params?: Record<string, unknown>) =>
    new Promise<any>((resolve) => {
      const id = next++
      waiting.set(id, { resolve })
      ws.send(JSON.stringify({ jsonrpc: '2.0', method, ...(params ? { params } : {}), id }))
    })
  return {
    notifications,
    merged,
    async call(method, params) {
      const res = await send(method, params)
      if (res.error) throw new Error(`${method}: ${JSON.stringify(res.error)}`)
      return res.result
    },
    async fail(method, params) {
      const res = await send(method, params)
      if (!res.error) throw new Error(`${method} succeeded: ${JSON.stringify(res.result)}`)
      return res.error
    },
    status: (test, what, timeoutMs = 15_000) => until(() => (test(merged) ? merged : null), timeoutMs, what),
    close: () => ws.close(),
  }
}
