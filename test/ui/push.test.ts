// Issue 16, web push in Chromium at 390×844: "Notify this phone" is offered over HTTPS and explained over plain HTTP on a
// LAN name; the service worker shows a pushed notification; a subscription stored through the API is sent a finished job,
// signed (VAPID) and encrypted (aes128gcm), to a local push service that checks and decrypts it.
import { spawnSync } from 'node:child_process'
import { createHash, createPublicKey } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { hostname, tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectAccessible } from './audit.js'
import { CHROMIUM_ARGS, freePort, startGateway, waitFor, type RunningGateway } from './harness.js'
import { startPushService, type TestPushService } from './push-service.js'

// The machine's own mDNS name (the gateway accepts it from loopback), mapped to 127.0.0.1 in Chromium.
const NAME = hostname().split('.')[0]!
const HOST = `${NAME}.local`
const SYSTEMD_DIR = join(import.meta.dirname, '../../systemd')

let certDir: string
let gateway: RunningGateway
let httpsPort: number
let httpPort: number
let browser: Browser
let service: TestPushService

describe('web push', () => {
  beforeAll(async () => {
    certDir = mkdtempSync(join(tmpdir(), 'pg-push-tls-'))
    expect(spawnSync('sh', [join(SYSTEMD_DIR, 'make-cert.sh'), certDir, NAME]).status).toBe(0)
    httpsPort = await freePort()
    service = await startPushService()
    gateway = await startGateway('sim://marlin?baud=250000&latencyMs=1&heatRate=400&bedHeatRate=200&homeMs=200&timeScale=0.05', {
      PRINTGATE_HTTPS_PORT: String(httpsPort),
      PRINTGATE_HTTPS_CERT: join(certDir, 'server.crt'),
      PRINTGATE_HTTPS_KEY: join(certDir, 'server.key'),
    })
    httpPort = Number(new URL(gateway.url).port)
    // A LAN name for the loopback gateway: over plain HTTP it is not a secure context (127.0.0.1 would be). The server
    // certificate is trusted by its key, as a phone that installed the CA would (the service worker needs a valid one).
    const spki = createHash('sha256')
      .update(createPublicKey(readFileSync(join(certDir, 'server.crt'))).export({ type: 'spki', format: 'der' }))
      .digest('base64')
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [...CHROMIUM_ARGS, `--host-resolver-rules=MAP ${HOST} 127.0.0.1`, `--ignore-certificate-errors-spki-list=${spki}`],
    })
  }, 90_000)
  afterAll(async () => {
    await browser?.close()
    await gateway?.stop()
    await service?.close()
    rmSync(certDir, { recursive: true, force: true })
  }, 30_000)

  it('explains over plain HTTP on a LAN name where to go instead, and offers nothing that cannot work', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, reducedMotion: 'reduce' })
    const page = await context.newPage()
    await page.goto(`http://${HOST}:${httpPort}/#/settings`)
    await page.waitForSelector('#push-note')
    expect(await page.evaluate('window.isSecureContext')).toBe(false)
    expect(await page.textContent('#push-note')).toMatch(/browsers allow notifications from a web page only over HTTPS/)
    expect(await page.getAttribute('#push-https-link', 'href')).toBe(`https://${HOST}:${httpsPort}/#/settings`)
    expect(await page.locator('#push-on').count()).toBe(0)
    await expectAccessible(page, 'setup over http')
    await context.close()
  }, 60_000)

  it('offers "Notify this phone" over HTTPS (certificate made by make-cert.sh), and its service worker shows a pushed notification', async () => {
    const origin = `https://${HOST}:${httpsPort}`
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, reducedMotion: 'reduce' })
    await context.grantPermissions(['notifications'], { origin })
    const page = await context.newPage()
    const problems: string[] = []
    page.on('pageerror', (e) => problems.push(e.message))
    await page.goto(`${origin}/#/settings`)
    await page.waitForSelector('#push-on')
    expect(await page.evaluate('window.isSecureContext')).toBe(true)
    await expectAccessible(page, 'setup over https')

    // The service worker's push handler, driven the way DevTools' "Push" button does.
    const cdp = await context.newCDPSession(page)
    const registrations: { registrationId: string; scopeURL: string }[] = []
    cdp.on('ServiceWorker.workerRegistrationUpdated', (e: { registrations: { registrationId: string; scopeURL: string }[] }) =>
      registrations.push(...e.registrations),
    )
    await cdp.send('ServiceWorker.enable')
    const registration = await waitFor(() => registrations.find((r) => r.scopeURL.startsWith(origin)), 20_000, 'the service worker registration')
    await page.evaluate('navigator.serviceWorker.ready.then(() => true)')
    await cdp.send('ServiceWorker.deliverPushMessage', {
      origin: `${origin}/`,
      registrationId: registration.registrationId,
      data: JSON.stringify({ title: 'Print finished', body: 'cube.gcode is done.', tag: 'completed', url: '/' }),
    })
    const shown = await waitFor(
      async () => {
        const list = (await page.evaluate(
          'navigator.serviceWorker.ready.then((r) => r.getNotifications()).then((l) => l.map((n) => ({ title: n.title, body: n.body, tag: n.tag })))',
        )) as unknown[]
        return list.length > 0 ? list : null
      },
      20_000,
      'the notification',
    )
    expect(shown).toEqual([{ title: 'Print finished', body: 'cube.gcode is done.', tag: 'completed' }])

    // Subscribing needs the browser's push service, which headless Chromium here cannot reach; what it says is shown.
    await page.click('#push-on')
    await waitFor(async () => (await page.textContent('#toast'))?.trim() || null, 30_000, 'an answer to "Notify this phone"')
    const said = (await page.textContent('#toast'))!
    const stored = ((await (await fetch(`${gateway.url}/api/notifications/vapid-key`)).json()) as { subscriptions: number }).subscriptions
    if (/will be notified/.test(said)) expect(stored).toBe(1)
    else expect(said).toMatch(/push service refused/)
    expect(problems).toEqual([])
    await context.close()
  }, 90_000)

  it('sends a finished print to a stored subscription, signed and encrypted', async () => {
    const subscription = service.subscription('phone')
    const res = await fetch(`${gateway.url}/api/notifications/subscriptions`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ ...subscription, expirationTime: null }),
    })
    expect(res.status).toBe(201)
    const bad = await fetch(`${gateway.url}/api/notifications/subscriptions`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ endpoint: subscription.endpoint, keys: { p256dh: 'AAAA', auth: subscription.keys.auth } }),
    })
    expect(bad.status).toBe(422)
    const { public_key: key } = (await (await fetch(`${gateway.url}/api/notifications/vapid-key`)).json()) as { public_key: string }

    const form = new FormData()
    form.append('file', new Blob(['G28\nG1 X10 Y10 F3000\nG1 X20 Y20\n']), 'pushed.gcode')
    const file = (await (await fetch(`${gateway.url}/api/files`, { method: 'POST', body: form })).json()) as { id: string }
    await fetch(`${gateway.url}/api/print-request`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ file_id: file.id }),
    })
    await waitFor(() => service.received.length > 0 || service.problems.length > 0, 60_000, 'the push of the finished print')
    expect(service.problems).toEqual([])
    expect(service.received).toHaveLength(1)
    expect(service.received[0]).toMatchObject({ path: '/push/phone', k: key, payload: { title: 'Print finished: clear the bed', tag: 'bed_clear', url: '/' } })
    expect(service.received[0]!.payload.body).toMatch(/pushed\.gcode is done/)
    expect(service.received[0]!.headers.urgency).toBe('high')

    const removed = await fetch(`${gateway.url}/api/notifications/subscriptions`, {
      method: 'DELETE',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ endpoint: subscription.endpoint }),
    })
    expect(await removed.json()).toEqual({ removed: true })
  }, 90_000)
})
