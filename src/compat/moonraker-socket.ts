// Moonraker's JSON-RPC 2.0 WebSocket: requests answered in order of arrival, subscriptions pushed as notify_status_update diffs.
import type { WSContext } from 'hono/ws'
import type { Clock, TimerHandle } from '../core/clock.js'
import { isGatewayError } from '../core/errors.js'
import type { Logger } from '../core/logger.js'
import { changedFields, pickObjects, type ObjectStatus } from './klipper-objects.js'
import type { MoonrakerMethods } from './moonraker-methods.js'
import type { PushIdentity, PushSessions } from './push-sessions.js'

export const STATUS_INTERVAL_MS = 250

type Id = string | number | null

/** The JSON-RPC error for a thrown error: GatewayError's HTTP status as the code (as Moonraker does), -32601 for an unknown method. */
export function rpcError(error: unknown): { code: number; message: string; data?: unknown } {
  if (isGatewayError(error)) return { code: error.code === 'RPC_METHOD_NOT_FOUND' ? -32601 : error.status, message: error.message, data: { error: error.code } }
  return { code: 500, message: 'Internal error', data: { error: 'INTERNAL' } }
}

let nextConnectionId = 1

export function moonrakerSocket(o: { identity: PushIdentity; methods: MoonrakerMethods; sessions: PushSessions; clock: Clock; logger: Logger }) {
  const connectionId = nextConnectionId++
  let wanted: Record<string, readonly string[] | null> | null = null
  let sent: ObjectStatus = {}
  let timer: TimerHandle | undefined
  let open = true

  const push = (ws: WSContext) => {
    if (!open) return
    if (!o.sessions.alive(o.identity)) return ws.close(1008, 'credential revoked')
    if (wanted) {
      const now = pickObjects(o.methods.objects(), wanted)
      const diff = changedFields(sent, now)
      if (Object.keys(diff).length) {
        sent = now
        ws.send(JSON.stringify({ jsonrpc: '2.0', method: 'notify_status_update', params: [diff, o.methods.eventtime()] }))
      }
    }
    timer = o.clock.setTimeout(() => push(ws), STATUS_INTERVAL_MS)
  }

  return {
    onOpen(_: Event, ws: WSContext) {
      timer = o.clock.setTimeout(() => push(ws), STATUS_INTERVAL_MS)
    },
    async onMessage(event: MessageEvent, ws: WSContext) {
      let request: { jsonrpc?: unknown; method?: unknown; params?: unknown; id?: Id }
      try {
        request = JSON.parse(typeof event.data === 'string' ? event.data : '') as typeof request
      } catch {
        return ws.send(JSON.stringify({ jsonrpc: '2.0', error: { code: -32700, message: 'Parse error' }, id: null }))
      }
      const id = request?.id ?? null
      if (typeof request?.method !== 'string') return ws.send(JSON.stringify({ jsonrpc: '2.0', error: { code: -32600, message: 'Invalid Request' }, id }))
      const params =
        typeof request.params === 'object' && request.params !== null && !Array.isArray(request.params) ? (request.params as Record<string, unknown>) : {}
      try {
        const result = await o.methods.call(request.method, {
          identity: o.identity,
          params,
          connectionId,
          subscribe(objects) {
            wanted = objects
            sent = pickObjects(o.methods.objects(), objects)
          },
        })
        if (open) ws.send(JSON.stringify({ jsonrpc: '2.0', result, id }))
      } catch (error) {
        if (!isGatewayError(error)) o.logger.warn('JSON-RPC method failed', { method: request.method, error })
        if (open) ws.send(JSON.stringify({ jsonrpc: '2.0', error: rpcError(error), id }))
      }
    },
    onClose() {
      open = false
      o.clock.clearTimeout(timer)
    },
  }
}
