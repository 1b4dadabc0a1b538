// The engine and a Prusa-mode simulator on a pty: a power cut mid-print, the printer's offer read back (M79, D3), and the print continued with M602 from the line it saved.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createSystemClock } from '../../src/core/clock.js'
import { silentLogger } from '../../src/core/logger.js'
import { firmwareResumeMarker } from '../../src/printer/firmware-resume.js'
import { createPrinterService } from '../../src/printer/printer-service.js'
import { recoveryRecordPath, type RecoveryRecord } from '../../src/printer/recovery-journal.js'
import { loadFirmwareProfiles } from '../../src/profiles/load.js'
import { prepareLine } from '../../src/protocol/gcode-line.js'
import { placeOfSavedLine } from '../../src/recovery/firmware-line.js'
import { createBindingResolver } from '../../src/serial/resolve-binding.js'
import { parseSimOptions } from '../../src/sim/options.js'
import { startPtyServer, type PtyServer } from '../../src/sim/pty-server.js'
import { until } from '../support/wait-for.js'

const work = mkdtempSync(join(tmpdir(), 'pg-own-recovery-'))
let sim: PtyServer | null = null
const printer = createPrinterService({
  clock: createSystemClock(),
  resolveBinding: createBindingResolver(),
  profiles: loadFirmwareProfiles(),
  logger: silentLogger,
  options: { defaultPort: join(work, 'printer'), defaultBaud: 250000, reconnect: true, reconnectPollMs: 100, recoveryDir: join(work, 'recovery') },
})
afterAll(async () => {
  await printer.disconnect().catch(() => undefined)
  await sim?.close()
  rmSync(work, { recursive: true, force: true })
})

/** What a poll waited for, with the printer's state when it gave up. */
const at = (what: string) => () => `${what} (printer: ${JSON.stringify(printer.status().state)})`

/** Relative E, 6 layers of 20 moves with layer markers and comment lines in between. */
function layers(): string {
  const lines = ['M140 S60', 'M104 S215', 'M190 S60', 'M109 S215', 'G28', 'G90', 'M83', 'G92 E0']
  for (let layer = 1; layer <= 6; layer++) {
    lines.push(';LAYER_CHANGE', `;Z:${(0.2 * layer).toFixed(1)}`, `G1 Z${(0.2 * layer).toFixed(1)} F720`)
    for (let i = 0; i < 20; i++) lines.push(`G1 X${20 + (i % 2) * 30} Y${20 + i} E0.7 F3000`, '; infill')
  }
  lines.push('M104 S0', 'M140 S0', 'M84', '')
  return lines.join('\n')
}

describe("the printer's own power-loss recovery (Prusa, engine level)", () => {
  it('continues after the line the printer saved: M602 first, then every remaining file line once, in order', async () => {
    sim = await startPtyServer({
      ptyPath: join(work, 'printer'),
      sim: parseSimOptions({
        baud: 250000,
        latencyMs: 1,
        heatRate: 200,
        bedHeatRate: 200,
        homeMs: 20,
        timeScale: 0.25,
        firmware: 'Prusa-Firmware 3.14.1 based on Marlin',
        powerPanic: 'prusa',
      }),
    })
    const file = join(work, 'layers.gcode')
    writeFileSync(file, layers())
    await printer.connect()
    expect(printer.status().firmware?.profile).toBe('prusa-mk3')
    const first = await printer.startPrint({ jobId: 'first', path: file })
    await until(() => ((printer.status().job?.layer ?? 0) >= 3 ? true : undefined), 60_000, at('layer 3'))
    await sim.powerCut(300)
    const result = await first.done
    expect(result.outcome).toBe('interrupted')

    const offer = await until(() => printer.status().firmwareRecovery ?? undefined, 60_000, at('the offer'))
    expect(offer.firmware).toBe('prusa-m79')
    const record = JSON.parse(readFileSync(recoveryRecordPath(join(work, 'recovery'), 'first'), 'utf8')) as RecoveryRecord
    const place = await placeOfSavedLine(record, offer.line)
    expect(place).not.toBeNull()
    const resumed = join(work, 'resumed.gcode')
    writeFileSync(resumed, `${firmwareResumeMarker(offer.line)}\n${readFileSync(file, 'latin1').slice(place!.byteOffset)}`)

    const before = sim.printer.transcript.length
    const second = await printer.startPrint({ jobId: 'second', path: resumed })
    expect((await second.done).outcome).toBe('completed')
    expect(printer.status().firmwareRecovery ?? null).toBeNull()
    const after = sim.printer.transcript.slice(before)
    const m602 = after.findIndex((e) => e.command === 'M602')
    // Nothing numbered (nothing of the file, no G-code) reached the printer before it restored its own state.
    expect(after.slice(0, m602).filter((e) => e.lineNumber !== null)).toEqual([])
    expect(after.slice(m602 + 1, m602 + 6).map((e) => e.command)).toEqual([
      'M109 S215',
      expect.stringMatching(/^G1 X/),
      expect.stringMatching(/^G1 Z/),
      'G1 E0.8 F2700',
      'PRUSA resumed',
    ])
    const sent = after
      .slice(m602)
      .filter((e) => e.lineNumber !== null && e.command !== 'M110 N0')
      .map((e) => e.command)
    const tail = readFileSync(file, 'utf8')
      .split('\n')
      .slice(place!.fileLine)
      .map((l) => prepareLine(l))
      .filter((c): c is string => c !== null)
    expect(sent).toEqual(tail)
  }, 180_000)

  it('another print instead (or a resume from a layer) first stops the print the printer kept (M603)', async () => {
    const file = join(work, 'layers.gcode')
    const third = await printer.startPrint({ jobId: 'third', path: file })
    await until(() => ((printer.status().job?.layer ?? 0) >= 2 ? true : undefined), 60_000, at('layer 2'))
    await sim!.powerCut(300)
    expect((await third.done).outcome).toBe('interrupted')
    await until(() => printer.status().firmwareRecovery ?? undefined, 60_000, at('the offer'))
    const before = sim!.printer.transcript.length
    const fourth = await printer.startPrint({ jobId: 'fourth', path: file })
    expect(printer.status().firmwareRecovery ?? null).toBeNull()
    await until(() => (sim!.printer.transcript.slice(before).some((e) => e.command === 'M140 S60') ? true : undefined), 30_000, at('the file to start'))
    await printer.cancel()
    await fourth.done
    const after = sim!.printer.transcript.slice(before).map((e) => e.command)
    expect(after.indexOf('M603')).toBeGreaterThanOrEqual(0)
    expect(after.indexOf('M603')).toBeLessThan(after.indexOf('M140 S60'))
    expect(after).not.toContain('M602')
  }, 180_000)
})
