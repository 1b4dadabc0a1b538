// The camera on a 390×844 phone in Chromium, against the real gateway (npm start's main.ts with PRINTGATE_CAMERA_URL).
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, openPhone, SCREENSHOT_DIR, startGateway, waitFor, type PhonePage, type RunningGateway } from '../ui/harness.js'
import { startStandInCamera, type StandInCamera } from './stand-in-camera.js'

const SIM_URL = 'sim://marlin?baud=250000&latencyMs=1&heatRate=400&bedHeatRate=200&homeMs=50&timeScale=0.5'
const LAYERS = 8

let streamer: StandInCamera
let gateway: RunningGateway
let browser: Browser
let phone: PhonePage

type CameraList = { cameras: { name: string; streamUrl: string; state: string; viewers: number }[] }
const cameraList = async () => (await (await fetch(`${gateway.url}/api/camera`)).json()) as CameraList

function layeredGcode(): string {
  const out = ['G21', 'G90', 'M82', 'G28', 'G92 E0']
  for (let layer = 1; layer <= LAYERS; layer++) {
    out.push(';LAYER_CHANGE', `;Z:${(layer * 0.2).toFixed(1)}`, `G1 Z${(layer * 0.2).toFixed(1)} F600`)
    for (let i = 0; i < 15; i++) out.push(`G1 X${100 + (i % 20)} Y${100 + (i % 7)} E${(layer * 2 + i * 0.05).toFixed(2)} F1200`)
  }
  return out.join('\n') + '\n'
}

beforeAll(async () => {
  mkdirSync(SCREENSHOT_DIR, { recursive: true })
  streamer = await startStandInCamera({ size: '640x480', fps: 10 })
  gateway = await startGateway(SIM_URL, { PRINTGATE_CAMERA_URL: streamer.url })
  browser = await launchBrowser()
  phone = await openPhone(browser, `${gateway.url}/`)
}, 120_000)

afterAll(async () => {
  await browser?.close()
  await gateway?.stop()
  await streamer?.stop()
}, 30_000)

describe('the camera on the phone', () => {
  it('shows the live picture on the dashboard, full screen on tap, and stops streaming when the view is left', async () => {
    const { page } = phone
    await page.waitForSelector('#camera-live')
    await waitFor(() => page.evaluate("document.querySelector('#camera-live')?.naturalWidth === 640"), 20_000, 'the live picture decoded')
    expect((await cameraList()).cameras[0]).toMatchObject({ name: 'default', streamUrl: '/webcam/?action=stream', state: 'live', viewers: 1 })
    // what OctoPrint apps (Home Assistant, OctoApp, Cura) read
    const settings = (await (await fetch(`${gateway.url}/api/settings`)).json()) as { webcam: Record<string, unknown> }
    expect(settings.webcam).toMatchObject({ webcamEnabled: true, streamUrl: '/webcam/?action=stream', snapshotUrl: '/webcam/?action=snapshot' })
    // and Moonraker apps (Mainsail, Mobileraker): server.webcams.list over HTTP
    const moonraker = (await (await fetch(`${gateway.url}/server/webcams/list`)).json()) as { result: { webcams: Record<string, unknown>[] } }
    expect(moonraker.result.webcams[0]).toMatchObject({
      name: 'default',
      stream_url: '/webcam/?action=stream',
      snapshot_url: '/webcam/?action=snapshot',
      target_fps: 10,
      target_fps_idle: 2,
    })
    await page.screenshot({ path: join(SCREENSHOT_DIR, '30-camera-dashboard.png') })

    await page.click('.camera-tap')
    await waitFor(
      () => page.evaluate("Boolean(document.fullscreenElement?.classList.contains('camera-box') || document.querySelector('.camera-box.camera-full'))"),
      10_000,
      'full screen',
    )
    await page.evaluate('document.fullscreenElement ? document.exitFullscreen() : null')

    await page.click('a[data-route="jobs"]')
    await waitFor(async () => (await cameraList()).cameras[0]!.viewers === 0, 15_000, 'the viewer to go when the dashboard is left')
    await waitFor(async () => (await cameraList()).cameras[0]!.state === 'idle', 30_000, 'the upstream to close after the linger')
    await waitFor(() => streamer.openConnections() === 0, 10_000, 'the streamer to see its connection closed')
  })

  it('shows the live picture on a printing job, then its timelapse, playable in the browser, and the snapshot', async () => {
    const { page } = phone
    const form = new FormData()
    form.append('file', new Blob([layeredGcode()]), 'layers.gcode')
    const file = (await (await fetch(`${gateway.url}/api/files`, { method: 'POST', body: form })).json()) as { id: string }
    const created = (await (
      await fetch(`${gateway.url}/api/print-request`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ file_id: file.id }),
      })
    ).json()) as { job_id: string }
    const jobId = created.job_id
    await page.goto(`${gateway.url}/#/jobs/${jobId}`)
    // while it prints, the job page shows the live picture
    await waitFor(() => page.evaluate("document.querySelector('#camera-live')?.naturalWidth === 640"), 60_000, 'the live picture on the printing job')
    expect(((await (await fetch(`${gateway.url}/api/status/${jobId}`)).json()) as { status: string }).status).toBe('printing_phase')
    await waitFor(
      async () => ((await (await fetch(`${gateway.url}/api/status/${jobId}`)).json()) as { status: string }).status === 'completed',
      120_000,
      'the print to finish',
    )

    const video = await page.waitForSelector('#job-timelapse', { timeout: 60_000 })
    expect(await video.getAttribute('src')).toBe(`/downloads/timelapse/${jobId}.mp4`)
    // the browser loads the video's metadata: it is playable here
    await waitFor(
      () => page.evaluate("document.querySelector('#job-timelapse').readyState >= 1 && document.querySelector('#job-timelapse').duration > 0"),
      20_000,
      'timelapse metadata',
    )
    const size = await page.evaluate("[document.querySelector('#job-timelapse').videoWidth, document.querySelector('#job-timelapse').videoHeight]")
    expect(size).toEqual([640, 480])
    await page.screenshot({ path: join(SCREENSHOT_DIR, '31-camera-timelapse.png') })
    const snapshot = await fetch(`${gateway.url}/downloads/snapshot/${jobId}.jpg`)
    expect(snapshot.headers.get('content-type')).toBe('image/jpeg')
  }, 240_000)
})
