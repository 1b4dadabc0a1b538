// A power cut mid-print (gateway, engine and printer all lose power), then "Resume from layer N": the print completes from that layer, every line once, in order.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { prepareLine } from '../../src/protocol/gcode-line.js'
import { parseSimOptions } from '../../src/sim/options.js'
import { startPtyServer, type PtyServer } from '../../src/sim/pty-server.js'
import { startGatewayProcess, type GatewayProcess } from '../api/process.js'
import { launchBrowser, openPhone } from '../ui/harness.js'
import { cutEverything, gatewayClient } from './power-cut-shared.js'

const work = mkdtempSync(join(tmpdir(), 'pg-powercut-'))
const ptyPath = join(work, 'printer')
const dataDir = join(work, 'data')
let sim: PtyServer | null = null
let gateway: GatewayProcess | null = null

afterAll(async () => {
  await gateway?.stop('SIGKILL')
  await sim?.close()
  rmSync(work, { recursive: true, force: true })
})

/** An absolute-E file: heaters, then 8 layers of 12 moves with PrusaSlicer's layer markers and a Z-hop between layers. */
function eightLayers(): string {
  const lines = ['M140 S60', 'M104 S215', 'M190 S60', 'M109 S215', 'G28', 'G90', 'M82', 'G92 E0', 'M107']
  let e = 0
  for (let layer = 1; layer <= 8; layer++) {
    const z = (0.2 * layer).toFixed(1)
    lines.push(';LAYER_CHANGE', `;Z:${z}`)
    if (layer === 2) lines.push('M106 S200')
    lines.push(`G1 Z${(Number(z) + 0.4).toFixed(1)} F720`, `G1 X${20 + layer} Y20 F9000`, `G1 Z${z} F720`)
    for (let i = 0; i < 12; i++) {
      e += 0.8
      lines.push(`G1 X${20 + (i % 2) * 30} Y${20 + i * 2} E${e.toFixed(3)} F3000`)
    }
  }
  lines.push('M104 S0', 'M140 S0', 'M107', 'M84', '')
  return lines.join('\n')
}

const { api, poll } = gatewayClient(() => gateway)

const simOptions = parseSimOptions({ baud: 250000, latencyMs: 1, heatRate: 200, bedHeatRate: 200, homeMs: 20, timeScale: 0.25 })
const env = { PRINTGATE_BAUD: '250000', PRINTGATE_MDNS: '0' }

describe('power cut and resume from a layer', () => {
  const file = join(work, 'eight-layers.gcode')
  let jobId = ''
  let resumedId = ''
  let layer = 0

  it('keeps a journal while printing; after the cut the job reads interrupted with where it stopped', async () => {
    writeFileSync(file, eightLayers())
    sim = await startPtyServer({ ptyPath, sim: simOptions })
    gateway = await startGatewayProcess({ dataDir, simUrl: ptyPath, env })
    const form = new FormData()
    form.append('file', new Blob([readFileSync(file)]), 'eight-layers.gcode')
    form.append('print', 'true')
    const upload = await api<{ job: { job_id: string } }>('/api/files', { method: 'POST', body: form })
    expect(upload.status).toBe(201)
    jobId = upload.body.job.job_id
    await poll('layer 4', 60_000, async () => ((await api<{ layer: number | null }>(`/api/status/${jobId}`)).body.layer ?? 0) >= 4 || undefined)

    // Everything loses power at once: the engine cannot run its cancel script, the printer forgets its state.
    await cutEverything(gateway, sim)
    expect(existsSync(join(dataDir, 'recovery', `${jobId}.json`))).toBe(true)

    gateway = await startGatewayProcess({ dataDir, simUrl: ptyPath, env })
    const status = await api<{ status: string }>(`/api/status/${jobId}`)
    expect(status.body.status).toBe('interrupted')
  }, 120_000)

  it('offers the layer it stopped in, and resumes only with a confirmation', async () => {
    const recovery = await api<{
      suggested_layer: number
      lowest_layer: number
      stopped_at: { layer: number; print_z: number }
      layers: unknown[]
      warning: string
    }>(`/api/workflows/${jobId}/recovery`)
    expect(recovery.status).toBe(200)
    expect(recovery.body.suggested_layer).toBeGreaterThanOrEqual(4)
    expect(recovery.body.suggested_layer).toBe(recovery.body.stopped_at.layer)
    expect(recovery.body.layers).toHaveLength(8)
    expect(recovery.body.warning).toMatch(/check/i)
    // Marlin keeps no host print through a power cut: only printgate's own preamble is offered.
    expect((recovery.body as unknown as { printer_recovery: { available: boolean } }).printer_recovery.available).toBe(false)
    const unconfirmed = await api<{ error: string }>(`/api/workflows/${jobId}/recover`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ layer: recovery.body.suggested_layer, confirm: false }),
    })
    expect(unconfirmed).toMatchObject({ status: 422, body: { error: 'RECOVERY_NOT_CONFIRMED' } })
    const tooLow = await api<{ error: string }>(`/api/workflows/${jobId}/recover`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ layer: 1, confirm: true }),
    })
    expect(tooLow).toMatchObject({ status: 422, body: { error: 'RECOVERY_LAYER_INVALID' } })
  }, 60_000)

  it('the phone offers "Resume from layer N" and resumes only after the check and a confirmation', async () => {
    const { body } = await api<{ suggested_layer: number; lowest_layer: number }>(`/api/workflows/${jobId}/recovery`)
    await poll('the printer to reconnect after the power cut', 60_000, async () =>
      (await api<{ state: string }>('/api/printer/status')).body.state === 'operational' ? true : undefined,
    )
    const browser = await launchBrowser()
    try {
      const { page, problems, responses } = await openPhone(browser, `${gateway!.baseUrl}/#/jobs/${jobId}`)
      const panel = page.locator('#job-recovery')
      await panel.waitFor({ state: 'visible', timeout: 20_000 })
      expect(await page.locator('#recovery-stopped').textContent()).toContain(`layer ${body.suggested_layer}`)
      expect(await page.locator('#recovery-warning').textContent()).toMatch(/check/i)
      const button = page.locator('[data-action="resume-from-layer"]')
      expect(await page.locator('#resume-layer').inputValue()).toBe(String(body.suggested_layer))
      expect(await button.isDisabled()).toBe(true)
      await page.locator('#resume-layer').fill(String(body.lowest_layer - 1))
      await page.locator('#resume-checked').check()
      expect(await button.isDisabled()).toBe(true)
      expect(await page.locator('#resume-layer-hint').textContent()).toMatch(/push the nozzle into the part/)
      await page.locator('#resume-layer').fill(String(body.suggested_layer))
      expect(await button.textContent()).toBe(`Resume from layer ${body.suggested_layer}`)
      await button.click()
      await page.locator('#confirm-yes').click()
      await page.waitForURL((url) => url.hash.startsWith('#/jobs/') && !url.hash.includes(jobId), { timeout: 20_000 })
      resumedId = decodeURIComponent(/#\/jobs\/([^/?]+)/.exec(page.url())?.[1] ?? '')
      expect(problems, JSON.stringify(responses.filter((r) => r.status >= 400))).toEqual([])
    } finally {
      await browser.close()
    }
    expect(resumedId).not.toBe('')
    layer = body.suggested_layer
  }, 120_000)

  it('prints the preamble, then the file from that layer to the end, every line once and in order', async () => {
    const final = await poll('the resumed print to end', 90_000, async () => {
      const s = (await api<{ status: string }>(`/api/status/${resumedId}`)).body.status
      return ['completed', 'failed', 'cancelled', 'interrupted'].includes(s) ? s : undefined
    })
    expect(final).toBe('completed')

    // The printer booted afresh after the cut: its transcript holds only what the resumed print sent.
    // (M117 display messages, such as the pairing code, come from the gateway, not the file.)
    const executed = sim!.printer.transcript.map((entry) => entry.command).filter((c) => !c.startsWith('M117 '))
    expect(executed.filter((c) => /^G28\b/.test(c))).toEqual(['G28 X Y'])
    const setZ = executed.findIndex((c) => c.startsWith('G92 Z'))
    const zNow = Number(executed[setZ]?.slice(5))
    expect([0.2 * (layer - 1), 0.2 * layer].map((z) => z.toFixed(2))).toContain(zNow.toFixed(2))
    expect(executed.indexOf('M190 S60')).toBeLessThan(setZ)
    expect(executed.indexOf('M109 S215')).toBeLessThan(setZ)
    expect(executed.indexOf('G28 X Y')).toBeGreaterThan(setZ)
    const raw = readFileSync(file, 'utf8').split('\n')
    let seen = 0
    const layerStart = raw.findIndex((line) => line === ';LAYER_CHANGE' && ++seen === layer)
    const expectedTail = raw
      .slice(layerStart)
      .map((l) => prepareLine(l))
      .filter((c): c is string => c !== null)
    expect(executed.slice(executed.length - expectedTail.length)).toEqual(expectedTail)
    const preamble = executed.slice(0, executed.length - expectedTail.length)
    expect(preamble.slice(-3)).toEqual(['G92 E' + preamble.at(-3)!.slice(5), 'G1 F3000', 'M106 S200'])
  }, 180_000)
})
