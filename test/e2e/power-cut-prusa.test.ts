// A power cut mid-print on a Prusa MK3 (its firmware keeps host prints through power panic): the printer's own recovery is offered, preferred and chosen; the print completes with every remaining line once, in order.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { prepareLine } from '../../src/protocol/gcode-line.js'
import { parseSimOptions } from '../../src/sim/options.js'
import { startPtyServer, type PtyServer } from '../../src/sim/pty-server.js'
import { startGatewayProcess, type GatewayProcess } from '../api/process.js'
import { launchBrowser, openPhone } from '../ui/harness.js'
import { cutEverything, gatewayClient } from './power-cut-shared.js'

const work = mkdtempSync(join(tmpdir(), 'pg-powercut-prusa-'))
const ptyPath = join(work, 'printer')
const dataDir = join(work, 'data')
let sim: PtyServer | null = null
let gateway: GatewayProcess | null = null

afterAll(async () => {
  await gateway?.stop('SIGKILL')
  await sim?.close()
  rmSync(work, { recursive: true, force: true })
})

/** A relative-E file (PrusaSlicer's MK3 default): heaters, then 8 layers of 12 moves with layer markers and a Z-hop. */
function eightLayers(): string {
  const lines = ['M140 S60', 'M104 S215', 'M190 S60', 'M109 S215', 'G28', 'G90', 'M83', 'G92 E0', 'M107']
  for (let layer = 1; layer <= 8; layer++) {
    const z = (0.2 * layer).toFixed(1)
    lines.push(';LAYER_CHANGE', `;Z:${z}`)
    if (layer === 2) lines.push('M106 S200')
    lines.push(`G1 Z${(Number(z) + 0.4).toFixed(1)} F720`, `G1 X${20 + layer} Y20 F9000`, `G1 Z${z} F720`)
    for (let i = 0; i < 12; i++) lines.push(`G1 X${20 + (i % 2) * 30} Y${20 + i * 2} E0.8 F3000`, '; perimeter')
  }
  lines.push('M104 S0', 'M140 S0', 'M107', 'M84', '')
  return lines.join('\n')
}

const { api, poll } = gatewayClient(() => gateway)

const simOptions = parseSimOptions({
  baud: 250000,
  latencyMs: 1,
  heatRate: 200,
  bedHeatRate: 200,
  homeMs: 20,
  timeScale: 0.25,
  firmware: 'Prusa-Firmware 3.14.1 based on Marlin',
  powerPanic: 'prusa',
})
const env = { PRINTGATE_BAUD: '250000', PRINTGATE_MDNS: '0' }

interface PrinterRecovery {
  available: boolean
  saved_line: number | null
  file_line: number | null
  layer: number | null
  reason: string | null
}

describe("power cut on a Prusa MK3: the printer's own recovery", () => {
  const file = join(work, 'eight-layers.gcode')
  let jobId = ''
  let resumedId = ''
  let fileLine = 0

  it('the print stops at the cut and reads interrupted; the printer boots into its recovery and offers it', async () => {
    writeFileSync(file, eightLayers())
    sim = await startPtyServer({ ptyPath, sim: simOptions })
    gateway = await startGatewayProcess({ dataDir, simUrl: ptyPath, env })
    const form = new FormData()
    form.append('file', new Blob([readFileSync(file)]), 'eight-layers.gcode')
    form.append('print', 'true')
    const upload = await api<{ job: { job_id: string } }>('/api/files', { method: 'POST', body: form })
    expect(upload.status).toBe(201)
    jobId = upload.body.job.job_id
    const profile = await poll(
      'the printer to connect',
      60_000,
      async () => (await api<{ firmware: { profile: string } | null }>('/api/printer/status')).body.firmware?.profile,
    )
    expect(profile).toBe('prusa-mk3')
    await poll('layer 4', 60_000, async () => ((await api<{ layer: number | null }>(`/api/status/${jobId}`)).body.layer ?? 0) >= 4 || undefined)

    await cutEverything(gateway, sim)

    gateway = await startGatewayProcess({ dataDir, simUrl: ptyPath, env })
    expect((await api<{ status: string }>(`/api/status/${jobId}`)).body.status).toBe('interrupted')
    const offered = await poll('the printer to offer its own recovery', 60_000, async () => {
      const view = await api<{ printer_recovery: PrinterRecovery }>(`/api/workflows/${jobId}/recovery`)
      return view.body.printer_recovery.available ? view.body.printer_recovery : undefined
    })
    fileLine = offered.file_line as number
    expect(offered.saved_line).toBeGreaterThan(0)
    // The cut came in layer 4 or later; the printer saved a line a planner's worth behind what it acknowledged.
    expect(offered.layer).toBeGreaterThanOrEqual(3)
    // The printer ran its own recovery at boot and waits paused; nothing printgate sent moved it.
    const booted = sim.printer.transcript
    expect(booted.filter((e) => e.lineNumber === null).map((e) => e.command)).toEqual(expect.arrayContaining(['G28 X Y', 'PRUSA uvlo']))
    expect(booted.filter((e) => e.lineNumber !== null && e.command.startsWith('G'))).toEqual([])
  }, 150_000)

  it('the phone prefers "Resume (printer\'s own recovery)" and uses it only after the check and a confirmation', async () => {
    const unconfirmed = await api<{ error: string }>(`/api/workflows/${jobId}/recover`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ mode: 'printer', confirm: false }),
    })
    expect(unconfirmed).toMatchObject({ status: 422, body: { error: 'RECOVERY_NOT_CONFIRMED' } })
    const browser = await launchBrowser()
    try {
      const { page, problems, responses } = await openPhone(browser, `${gateway!.baseUrl}/#/jobs/${jobId}`)
      const button = page.locator('[data-action="resume-printer"]')
      await button.waitFor({ state: 'visible', timeout: 20_000 })
      expect(await page.locator('#recovery-printer').textContent()).toMatch(/continue it itself/)
      expect(await button.isDisabled()).toBe(true)
      await page.locator('#resume-checked').check()
      await button.click()
      await page.locator('#confirm-yes').click()
      await page.waitForURL((url) => url.hash.startsWith('#/jobs/') && !url.hash.includes(jobId), { timeout: 20_000 })
      resumedId = decodeURIComponent(/#\/jobs\/([^/?]+)/.exec(page.url())?.[1] ?? '')
      expect(problems, JSON.stringify(responses.filter((r) => r.status >= 400))).toEqual([])
    } finally {
      await browser.close()
    }
    expect(resumedId).not.toBe('')
  }, 120_000)

  it('M602 hands over to the printer, then the file continues after its saved line: every line once, in order, no preamble of ours', async () => {
    const final = await poll('the resumed print to end', 90_000, async () => {
      const s = (await api<{ status: string }>(`/api/status/${resumedId}`)).body.status
      return ['completed', 'failed', 'cancelled', 'interrupted'].includes(s) ? s : undefined
    })
    expect(final).toBe('completed')
    const transcript = sim!.printer.transcript
    const m602 = transcript.findIndex((e) => e.command === 'M602')
    expect(m602).toBeGreaterThan(0)
    // The printer restored its own state: reheat, back over the part, then it asked for the next line.
    expect(transcript.slice(m602 + 1, m602 + 6).map((e) => e.command)).toEqual([
      'M109 S215',
      expect.stringMatching(/^G1 X/),
      expect.stringMatching(/^G1 Z/),
      'G1 E0.8 F2700',
      'PRUSA resumed',
    ])
    const sent = transcript
      .slice(m602 + 6)
      .filter((e) => e.lineNumber !== null && e.command !== 'M110 N0' && !e.command.startsWith('M117 '))
      .map((e) => e.command)
    const expectedTail = readFileSync(file, 'utf8')
      .split('\n')
      .slice(fileLine)
      .map((l) => prepareLine(l))
      .filter((c): c is string => c !== null)
    expect(sent).toEqual(expectedTail)
    expect(sent.some((c) => c.startsWith('G92 Z') || c.startsWith('G28'))).toBe(false)
  }, 180_000)
})
