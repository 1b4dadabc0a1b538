// Moonraker's surface: JSON-RPC over the WebSocket at /websocket and the same methods over HTTP (/printer/*, /server/*, /access/oneshot_token).
import { Hono, type Context } from 'hono'
import type { UpgradeWebSocket } from 'hono/ws'
import type { Principal } from '../auth/access-control.js'
import { GatewayError } from '../core/errors.js'
import type { CompatDeps } from './deps.js'
import { moonrakerInfoBody } from './moonraker-info.js'
import type { MoonrakerMethods, RpcParams } from './moonraker-methods.js'
import { moonrakerSocket } from './moonraker-socket.js'
import { createOneshotTokens } from './oneshot-tokens.js'
import type { PushIdentity, PushSessions } from './push-sessions.js'

/** HTTP path → JSON-RPC method, as Moonraker maps them. */
const HTTP_METHODS: readonly [verb: 'get' | 'post' | 'delete', path: string, method: string][] = [
  ['get', '/printer/info', 'printer.info'],
  ['get', '/printer/objects/list', 'printer.objects.list'],
  ['post', '/printer/print/start', 'printer.print.start'],
  ['post', '/printer/print/pause', 'printer.print.pause'],
  ['post', '/printer/print/resume', 'printer.print.resume'],
  ['post', '/printer/print/cancel', 'printer.print.cancel'],
  ['post', '/printer/emergency_stop', 'printer.emergency_stop'],
  ['post', '/printer/gcode/script', 'printer.gcode.script'],
  ['get', '/server/files/list', 'server.files.list'],
  ['get', '/server/files/directory', 'server.files.get_directory'],
  ['get', '/server/files/metadata', 'server.files.metadata'],
  ['get', '/server/history/list', 'server.history.list'],
  ['get', '/server/webcams/list', 'server.webcams.list'],
  ['get', '/server/database/list', 'server.database.list'],
  ['get', '/server/database/item', 'server.database.get_item'],
  ['post', '/server/database/item', 'server.database.post_item'],
  ['delete', '/server/database/item', 'server.database.delete_item'],
]

/** The caller as access control saw it; loopback and keys count, an anonymous visitor does not. */
function identityOf(c: Context): PushIdentity | null {
  const p = c.get('principal') as Principal | undefined
  if (!p) return { name: 'local', scopes: ['read', 'control', 'files', 'admin'], tokenId: null }
  return p.kind === 'anonymous' ? null : { name: p.name, scopes: p.scopes, tokenId: p.tokenId }
}

/** Query string and JSON body merged into JSON-RPC params (`?filename=x`, `{"namespace": …}`). */
async function paramsOf(c: Context): Promise<RpcParams> {
  const params: RpcParams = { ...c.req.query() }
  if ((c.req.header('content-type') ?? '').includes('json') && c.req.header('content-length') !== '0') {
    const body: unknown = await c.req.json().catch(() => {
      throw new GatewayError('INVALID_JSON')
    })
    if (body && typeof body === 'object' && !Array.isArray(body)) Object.assign(params, body)
  }
  return params
}

export function createMoonrakerRoutes(deps: CompatDeps, o: { methods: MoonrakerMethods; sessions: PushSessions; upgradeWebSocket?: UpgradeWebSocket }): Hono {
  const app = new Hono()
  const oneshot = createOneshotTokens(deps.clock)
  const must = (c: Context) => {
    const identity = identityOf(c)
    if (!identity) throw new GatewayError('UNAUTHORIZED')
    return identity
  }

  app.get('/server/info', (c) => c.json(moonrakerInfoBody(deps)))
  app.get('/access/oneshot_token', (c) => c.json({ result: oneshot.issue(must(c)) }))
  for (const [verb, path, method] of HTTP_METHODS) {
    app[verb](path, async (c) => c.json({ result: await o.methods.call(method, { identity: must(c), params: await paramsOf(c) }) }))
  }
  // `?objects` style: /printer/objects/query?extruder&heater_bed=target,temperature
  app.get('/printer/objects/query', async (c) => {
    const objects = Object.fromEntries(Object.entries(c.req.query()).map(([k, v]) => [k, v ? v.split(',') : null]))
    return c.json({ result: await o.methods.call('printer.objects.query', { identity: must(c), params: { objects } }) })
  })
  app.delete('/server/files/:root/:path{.+}', async (c) => {
    if (c.req.param('root') !== 'gcodes') throw new GatewayError('FILE_NOT_FOUND', 'Only the gcodes root exists on printgate')
    return c.json({ result: await o.methods.call('server.files.delete_file', { identity: must(c), params: { path: c.req.param('path') } }) })
  })

  if (o.upgradeWebSocket) {
    app.get(
      '/websocket',
      async (c, next) => {
        // X-Api-Key / Bearer / loopback from access control, or a oneshot token for clients that cannot set headers
        const token = c.req.query('token')
        const identity = identityOf(c) ?? (token ? oneshot.take(token) : null)
        if (!identity || !identity.scopes.includes('read')) return c.json(new GatewayError('UNAUTHORIZED').toJSON(), 401)
        c.set('moonrakerIdentity' as never, identity as never)
        await next()
      },
      o.upgradeWebSocket((c) =>
        moonrakerSocket({
          identity: c.get('moonrakerIdentity' as never) as PushIdentity,
          methods: o.methods,
          sessions: o.sessions,
          clock: deps.clock,
          logger: deps.logger,
        }),
      ),
    )
  }
  return app
}
