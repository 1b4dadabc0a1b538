// The HTTPS listener beside the HTTP one: the same app over node:https with the PEM certificate and key from the config.
import { serve, type ServerType } from '@hono/node-server'
import { readFileSync } from 'node:fs'
import { createServer } from 'node:https'
import type { AddressInfo } from 'node:net'
import { GatewayError } from '../core/errors.js'

type FetchHandler = Parameters<typeof serve>[0]['fetch']

export async function listenSecure(
  fetch: FetchHandler,
  tls: { port: number; cert: string; key: string },
  hostname: string,
): Promise<{ server: ServerType; port: number }> {
  let cert: Buffer
  let key: Buffer
  try {
    cert = readFileSync(tls.cert)
    key = readFileSync(tls.key)
  } catch (cause) {
    throw new GatewayError('CONFIG_INVALID', `Cannot read the HTTPS certificate or key (https.cert, https.key): ${String(cause)}`, { cause })
  }
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, port: tls.port, hostname, createServer, serverOptions: { cert, key } }, (info: AddressInfo) =>
      resolve({ server, port: info.port }),
    )
    server.once('error', reject)
  })
}
