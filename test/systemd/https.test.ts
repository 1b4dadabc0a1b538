// Optional HTTPS: make-cert.sh makes a local CA and a server certificate; the gateway serves the UI, the API and the
// WebSocket over TLS beside plain HTTP; a client trusting only that CA connects, one that does not is refused.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { get } from 'node:https'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { freePort, startGateway, type RunningGateway } from '../ui/harness.js'

const SYSTEMD_DIR = fileURLToPath(new URL('../../systemd/', import.meta.url))
const temps: string[] = []
const tempDir = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  temps.push(dir)
  return dir
}

function httpsGet(url: string, ca?: Buffer): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    get(url, { ...(ca ? { ca } : {}), headers: { 'accept-encoding': 'identity' } }, (res) => {
      let body = ''
      res.on('data', (c) => (body += c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), body }))
    }).on('error', reject)
  })
}

let certDir: string
let ca: Buffer
let gateway: RunningGateway
let httpsPort: number

describe('HTTPS with a certificate made at install', () => {
  beforeAll(async () => {
    certDir = tempDir('pg-tls-')
    const made = spawnSync('sh', [join(SYSTEMD_DIR, 'make-cert.sh'), certDir, 'printgate-test'], { encoding: 'utf8' })
    expect(made.status, made.stderr).toBe(0)
    expect(made.stdout).toMatch(/^DNS:printgate-test,DNS:printgate-test\.local,DNS:localhost,IP:127\.0\.0\.1/)
    ca = readFileSync(join(certDir, 'ca.crt'))
    httpsPort = await freePort()
    gateway = await startGateway('sim://marlin?baud=250000&latencyMs=1', {
      PRINTGATE_HTTPS_PORT: String(httpsPort),
      PRINTGATE_HTTPS_CERT: join(certDir, 'server.crt'),
      PRINTGATE_HTTPS_KEY: join(certDir, 'server.key'),
    })
  }, 90_000)
  afterAll(async () => {
    await gateway?.stop()
    for (const dir of temps) rmSync(dir, { recursive: true, force: true })
  }, 30_000)

  it('serves the UI and the API over HTTPS to a client that trusts the CA, by address and by name', async () => {
    const page = await httpsGet(`https://127.0.0.1:${httpsPort}/`, ca)
    expect(page.status).toBe(200)
    expect(page.type).toMatch(/text\/html/)
    expect(page.body).toContain('printgate')
    const status = await httpsGet(`https://localhost:${httpsPort}/api/printer/status`, ca)
    expect(JSON.parse(status.body)).toMatchObject({ state: 'operational' })
    const settings = JSON.parse((await httpsGet(`https://127.0.0.1:${httpsPort}/api/settings/notifications`, ca)).body) as { https_port: number }
    expect(settings.https_port).toBe(httpsPort)
    // plain HTTP still answers (slicers and apps that do not know the CA)
    expect((await fetch(`${gateway.url}/api/printer/status`)).status).toBe(200)
  })

  it('is refused by a client that does not trust the CA', async () => {
    await expect(httpsGet(`https://127.0.0.1:${httpsPort}/`)).rejects.toThrow(/self[- ]signed|unable to verify|certificate/i)
  })

  it('carries the WebSocket over wss', async () => {
    const socket = new WebSocket(`wss://127.0.0.1:${httpsPort}/ws/progress`, { ca })
    const first = await new Promise<{ type: string; state?: string }>((resolve, reject) => {
      socket.once('open', () => socket.send(JSON.stringify({ type: 'subscribe', topic: 'printer' })))
      socket.on('message', (data) => resolve(JSON.parse(String(data)) as { type: string }))
      socket.once('error', reject)
    })
    expect(first).toMatchObject({ type: 'printer_update', state: 'operational' })
    socket.close()
  })
})

describe('install.sh --https', () => {
  it('makes the certificate once per run, keeps the CA, and adds the HTTPS lines to printgate.env once', () => {
    const root = tempDir('pg-root-https-')
    const run = () => spawnSync('sh', [join(SYSTEMD_DIR, 'install.sh'), '--root', root, '--deps', 'skip', '--https'], { encoding: 'utf8' })
    const first = run()
    expect(first.status, first.stderr).toBe(0)
    expect(first.stdout).toContain('HTTPS on port 8443')
    const caBefore = readFileSync(join(root, 'etc/printgate/tls/ca.crt'), 'utf8')
    for (const file of ['ca.crt', 'ca.key', 'server.crt', 'server.key']) expect(existsSync(join(root, 'etc/printgate/tls', file)), file).toBe(true)
    expect(run().status).toBe(0)
    expect(readFileSync(join(root, 'etc/printgate/tls/ca.crt'), 'utf8')).toBe(caBefore)
    const env = readFileSync(join(root, 'etc/printgate/printgate.env'), 'utf8')
    expect(env.match(/^PRINTGATE_HTTPS_CERT=\/etc\/printgate\/tls\/server\.crt$/gm)).toHaveLength(1)
    expect(env).toMatch(/^PRINTGATE_HTTPS_PORT=8443$/m)
    const verify = spawnSync('openssl', ['verify', '-CAfile', join(root, 'etc/printgate/tls/ca.crt'), join(root, 'etc/printgate/tls/server.crt')], {
      encoding: 'utf8',
    })
    expect(verify.stdout).toMatch(/OK/)
  }, 120_000)
})

describe.skipIf(spawnSync('sh', ['-c', 'command -v shellcheck']).status !== 0)('make-cert.sh', () => {
  it('is shellcheck-clean', () => {
    const result = spawnSync('shellcheck', ['--shell=sh', join(SYSTEMD_DIR, 'make-cert.sh')], { encoding: 'utf8' })
    expect(result.stdout).toBe('')
    expect(result.status).toBe(0)
  })
})
