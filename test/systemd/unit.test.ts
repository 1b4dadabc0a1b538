// The shipped unit passes `systemd-analyze verify` with no warning and `systemd-analyze security` scores ≤ 3.0.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'

const UNIT = fileURLToPath(new URL('../../systemd/printgate.service', import.meta.url))
const hasAnalyze = spawnSync('systemd-analyze', ['--version']).status === 0
const dir = mkdtempSync(join(tmpdir(), 'pg-unit-'))

/**
 * verify checks that ExecStart's binary exists. The unit names /usr/bin/node (Debian's nodejs); where
 * node lives elsewhere (CI's setup-node) we check a copy that differs ONLY in that binary path.
 */
function unitToCheck(): string {
  const text = readFileSync(UNIT, 'utf8')
  const exec = /^ExecStart=(\S+)/m.exec(text)?.[1]
  if (exec && existsSync(exec)) return UNIT
  const copy = join(dir, 'printgate.service')
  writeFileSync(copy, text.replace(/^ExecStart=\S+/m, `ExecStart=${process.execPath}`))
  return copy
}

function overallExposure(output: string): number {
  const match = /Overall exposure level for \S+: ([\d.]+)/.exec(output)
  if (!match) throw new Error(`no exposure line in:\n${output}`)
  return Number(match[1])
}

afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe.skipIf(!hasAnalyze)('systemd/printgate.service', () => {
  it('has the directives the appliance depends on', () => {
    const text = readFileSync(UNIT, 'utf8')
    for (const line of [
      'Type=notify',
      'NotifyAccess=main',
      'WatchdogSec=30s',
      'Restart=always',
      'SupplementaryGroups=dialout',
      'StateDirectory=printgate',
      'ProtectSystem=strict',
      'NoNewPrivileges=yes',
      'DevicePolicy=closed',
      'DeviceAllow=char-ttyUSB rw',
      'DeviceAllow=char-ttyACM rw',
      'EnvironmentFile=-/etc/printgate/printgate.env',
    ])
      expect(text.split('\n')).toContain(line)
    // node itself runs the built gateway: no tsx loader, no extra process that NotifyAccess=main would ignore
    expect(text).toMatch(/^ExecStart=\S*node (--\S+ )*\/opt\/printgate\/dist\/main\.js$/m)
    expect(text).not.toMatch(/tsx/)
    expect(text).not.toMatch(/^MemoryDenyWriteExecute=yes/m)
    expect(text).not.toMatch(/^PrivateUsers=yes/m)
  })

  it('passes systemd-analyze verify with no warnings', () => {
    const result = spawnSync('systemd-analyze', ['verify', unitToCheck()], { encoding: 'utf8' })
    expect(result.stderr.trim()).toBe('')
    expect(result.status).toBe(0)
  })

  it('rates 3.0 or lower in systemd-analyze security', () => {
    const result = spawnSync('systemd-analyze', ['security', '--offline=true', '--no-pager', unitToCheck()], { encoding: 'utf8' })
    expect(result.status).toBe(0)
    const score = overallExposure(result.stdout)
    console.info(`systemd-analyze security: ${score}`)
    expect(score).toBeLessThanOrEqual(3.0)
  })

  it('the exposure parser reads a real failing score', () => {
    const weak = join(dir, 'weak.service')
    writeFileSync(weak, `[Service]\nExecStart=${process.execPath}\n`)
    const result = spawnSync('systemd-analyze', ['security', '--offline=true', '--no-pager', weak], { encoding: 'utf8' })
    expect(overallExposure(result.stdout)).toBeGreaterThan(9)
  })
})
