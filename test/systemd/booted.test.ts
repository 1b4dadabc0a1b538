// The appliance under a real systemd: a Debian root booted by systemd-nspawn, printgate installed by install.sh and checked as a service.
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freePort } from '../ui/harness.js'
import { bootContainer, until, type BootedContainer } from './container.js'

const CHECKOUT = fileURLToPath(new URL('../../', import.meta.url)).replace(/\/$/, '')
const ROOT_SCRIPT = fileURLToPath(new URL('./debian-root.sh', import.meta.url))
const SIM_DIR = '/run/pgsim'
const PTY = `${SIM_DIR}/printer`
const STATUS_FILE = `${SIM_DIR}/status.json`
const WATCHDOG_SEC = 30
const RESTART_SEC = 5

let container: BootedContainer
let port = 0
const base = () => `http://127.0.0.1:${port}`

function show(...properties: string[]): Record<string, string> {
  const out = container.ok(`systemctl show printgate.service ${properties.map((p) => `-p ${p}`).join(' ')}`)
  return Object.fromEntries(
    out
      .trim()
      .split('\n')
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  )
}

async function getJson(path: string): Promise<unknown> {
  const response = await fetch(`${base()}${path}`)
  if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`)
  return response.json()
}

/** Answers once the gateway serves /health again (after a start or a restart). */
async function gatewayUp(timeoutMs = 60_000): Promise<void> {
  const answers = () =>
    fetch(`${base()}/health`).then(
      (r) => (r.status === 200 || r.status === 503 ? true : undefined),
      () => undefined,
    )
  await until('the gateway to answer /health', timeoutMs, answers, 500).catch((error: Error) => {
    throw new Error(`${error.message}\n${container.sh('journalctl -u printgate --no-pager -n 60').stdout}`)
  })
}

function simStatus(): { toolTarget: number; bedTarget: number; commandsExecuted: number; lastCommands: string[] } {
  return JSON.parse(container.ok(`cat ${STATUS_FILE}`)) as never
}

/** A small G-code file: heaters set without waiting, three layers of moves at `feed` mm/min. */
function gcode(moves: number, feed: number): string {
  const lines = ['; printgate appliance test', 'M104 S60', 'M140 S45', 'G28', 'G90', 'M82', 'G92 E0']
  for (let i = 0; i < moves; i++) {
    if (i % Math.ceil(moves / 3) === 0)
      lines.push(`;LAYER_CHANGE`, `;Z:${(0.2 * (1 + i / Math.ceil(moves / 3))).toFixed(1)}`, `G1 Z${(0.2 * (1 + i / Math.ceil(moves / 3))).toFixed(1)} F600`)
    lines.push(`G1 X${10 + (i % 2) * 20} Y${10 + (i % 5)} E${(i * 0.05).toFixed(2)} F${feed}`)
  }
  lines.push('M104 S0', 'M140 S0', '')
  return lines.join('\n')
}

async function uploadAndPrint(name: string, content: string): Promise<string> {
  const form = new FormData()
  form.append('file', new Blob([content]), name)
  form.append('print', 'true')
  const response = await fetch(`${base()}/api/files`, { method: 'POST', body: form })
  const body = (await response.json()) as { job?: { job_id: string } | null }
  if (response.status !== 201 || !body.job) throw new Error(`upload answered ${response.status}: ${JSON.stringify(body)}`)
  return body.job.job_id
}

async function jobStatus(id: string): Promise<{ status: string; progress_percentage: number }> {
  return (await getJson(`/api/status/${id}`)) as never
}

async function waitForJob(id: string, wanted: (status: string) => boolean, timeoutMs: number): Promise<string> {
  let last = 'unknown'
  const check = () =>
    jobStatus(id).then(
      (job) => ((last = job.status), wanted(last) ? last : undefined),
      () => undefined,
    )
  return until(`job ${id} (last status ${last})`, timeoutMs, check, 500)
}

beforeAll(async () => {
  const built = spawnSync('sh', [ROOT_SCRIPT], { encoding: 'utf8', timeout: 15 * 60_000 })
  if (built.status !== 0) throw new Error(`could not build the Debian root for the systemd suite (this suite never skips):\n${built.stderr}`)
  container = await bootContainer({ image: built.stdout.trim(), bindsReadOnly: { '/usr/bin/node': '/usr/bin/node', [CHECKOUT]: '/src' } })
  port = await freePort()
}, 16 * 60_000)

afterAll(async () => {
  await container?.stop()
}, 60_000)

describe('printgate under a booted systemd (systemd-nspawn)', () => {
  it('installs with install.sh --no-apt: user, unit enabled, data and config folders', () => {
    const out = container.ok('/src/systemd/install.sh --no-apt --source /src --deps copy --no-start', { timeoutMs: 300_000 })
    expect(out).toContain('installed into')
    expect(container.ok('systemctl is-enabled printgate.service').trim()).toBe('enabled')
    expect(container.ok('id -nG printgate')).toMatch(/\bdialout\b/)
    expect(container.sh('test -d /var/lib/printgate && test -f /etc/printgate/config.yaml').status).toBe(0)
  })

  it('is sandboxed: systemd-analyze security rates the unit 2.0 or better inside the booted system', () => {
    const out = container.sh('systemd-analyze security printgate.service --no-pager 2>&1').stdout
    const level = Number(/Overall exposure level for printgate\.service: ([\d.]+)/.exec(out)?.[1] ?? NaN)
    expect(level, out.slice(-2000)).toBeLessThanOrEqual(2.0)
  })

  it('starts as Type=notify with a STATUS= text, driving a simulated printer on a pty through the sandbox', async () => {
    container.ok(
      `systemd-run --unit=pgsim --property=RuntimeDirectory=pgsim --property=WorkingDirectory=/src /usr/bin/node --import tsx /src/src/sim/cli.ts --pty ${PTY} --baud 115200 --statusFile ${STATUS_FILE}`,
    )
    await until('the simulator pty', 60_000, () => (container.sh(`test -e ${PTY} && test -f ${STATUS_FILE}`).status === 0 ? true : undefined))
    container.ok(`chmod 0666 "$(readlink -f ${PTY})"`)
    // The unit allows USB serial devices only; the test's printer is a pty, so this drop-in adds ptys (char-pts) and nothing else.
    container.ok(
      `mkdir -p /etc/systemd/system/printgate.service.d && printf '[Service]\\nDeviceAllow=char-pts rw\\n' > /etc/systemd/system/printgate.service.d/50-test-pty.conf`,
    )
    container.ok(
      `printf 'PRINTGATE_SERIAL_PORT=${PTY}\\nPRINTGATE_BAUD=115200\\nPRINTGATE_HTTP_PORT=${port}\\nPRINTGATE_HTTP_HOST=127.0.0.1\\nPRINTGATE_MDNS=0\\n' >> /etc/printgate/printgate.env`,
    )
    container.ok('systemctl daemon-reload')
    const started = container.sh('systemctl start printgate.service', { timeoutMs: 150_000 })
    expect(started.status, `${started.stderr}\n${container.sh('journalctl -u printgate --no-pager -n 80').stdout}`).toBe(0)
    const props = show('Type', 'ActiveState', 'SubState', 'StatusText', 'WatchdogUSec', 'NotifyAccess')
    expect(props).toMatchObject({ Type: 'notify', ActiveState: 'active', SubState: 'running', NotifyAccess: 'main', WatchdogUSec: `${WATCHDOG_SEC}s` })
    expect(props.StatusText).not.toBe('')
    await gatewayUp()
    const printer = (await getJson('/api/printer')) as Record<string, unknown>
    expect(JSON.stringify(printer)).toMatch(/connected|operational|ready|idle/i)
  }, 240_000)

  it('prints a file on the simulator to completion', async () => {
    const job = await uploadAndPrint('appliance.gcode', gcode(60, 6000))
    expect(await waitForJob(job, (s) => ['completed', 'failed', 'cancelled', 'interrupted'].includes(s), 120_000)).toBe('completed')
    // The simulator rewrites its status file every 200 ms, so the job can read completed before the file has its last line.
    await until('the last line in the simulator status', 5000, () => (simStatus().lastCommands.includes('M140 S0') ? true : undefined))
    const cleared = await fetch(`${base()}/api/printer/bed-cleared`, { method: 'POST' })
    expect(cleared.status).toBeLessThan(300)
  }, 180_000)

  it('comes back after SIGKILL (Restart=always)', async () => {
    const before = show('MainPID', 'NRestarts')
    container.ok('systemctl kill --kill-whom=main --signal=SIGKILL printgate.service')
    await until(
      'a new main process after SIGKILL',
      (RESTART_SEC + 60) * 1000,
      () => {
        const now = show('MainPID', 'NRestarts', 'ActiveState')
        return now.ActiveState === 'active' && now.MainPID !== before.MainPID && Number(now.NRestarts) > Number(before.NRestarts) ? true : undefined
      },
      500,
    )
    await gatewayUp()
  }, 120_000)

  it('is restarted by the watchdog when the process freezes (SIGSTOP), within WatchdogSec + RestartSec + a margin', async () => {
    const before = show('MainPID', 'NRestarts')
    const stoppedAt = Date.now()
    container.ok('systemctl kill --kill-whom=main --signal=SIGSTOP printgate.service')
    await until(
      'the watchdog restart',
      (WATCHDOG_SEC + RESTART_SEC + 60) * 1000,
      () => {
        const now = show('MainPID', 'NRestarts', 'ActiveState')
        return now.ActiveState === 'active' && now.MainPID !== before.MainPID && Number(now.NRestarts) > Number(before.NRestarts) ? true : undefined
      },
      500,
    )
    const elapsedS = (Date.now() - stoppedAt) / 1000
    expect(elapsedS).toBeLessThan(WATCHDOG_SEC + RESTART_SEC + 25)
    expect(container.ok('journalctl -u printgate --no-pager -o cat')).toMatch(/[Ww]atchdog timeout/)
    await gatewayUp()
  }, 180_000)

  it('stops on SIGTERM mid-print with the heaters off and the job recorded', async () => {
    const job = await uploadAndPrint('long.gcode', gcode(3000, 300))
    await waitForJob(job, (s) => s === 'printing_phase', 60_000)
    await until('the print to set its heater targets', 60_000, () => (simStatus().toolTarget > 0 ? true : undefined))
    const stopped = container.sh('systemctl stop printgate.service', { timeoutMs: 90_000 })
    expect(stopped.status).toBe(0)
    // The simulator rewrites its status file every 200 ms: the stop has returned, the file may lag a little.
    const sim = await until('the heaters off after the stop', 5000, () => {
      const status = simStatus()
      return status.toolTarget === 0 && status.bedTarget === 0 ? status : undefined
    }).catch(() => simStatus())
    expect(sim.toolTarget).toBe(0)
    expect(sim.bedTarget).toBe(0)
    expect(sim.lastCommands).toContain('M104 S0')
    expect(sim.lastCommands.some((c) => /^M112\b/.test(c))).toBe(false)
    container.ok('systemctl start printgate.service', { timeoutMs: 150_000 })
    await gatewayUp()
    const after = await jobStatus(job)
    expect(['interrupted', 'cancelled']).toContain(after.status)
  }, 300_000)

  it('install.sh again is idempotent and keeps the config and the data', async () => {
    container.ok(`printf '# kept by the test\\n' >> /etc/printgate/config.yaml`)
    const jobsBefore = ((await getJson('/api/workflows')) as unknown[]).length
    expect(jobsBefore).toBeGreaterThanOrEqual(2)
    container.ok('/src/systemd/install.sh --no-apt --source /src --deps copy', { timeoutMs: 300_000 })
    expect(container.ok('tail -n 1 /etc/printgate/config.yaml')).toContain('# kept by the test')
    expect(container.ok('grep -c ^PRINTGATE_HTTP_PORT /etc/printgate/printgate.env').trim()).toBe('1')
    expect(container.ok('grep -c "^printgate:" /etc/passwd').trim()).toBe('1')
    await until('the service to run again after the reinstall', 150_000, () => (show('ActiveState').ActiveState === 'active' ? true : undefined), 500)
    await gatewayUp()
    expect(((await getJson('/api/workflows')) as unknown[]).length).toBe(jobsBefore)
  }, 420_000)

  it('uninstall.sh removes the service and keeps data and config; --purge removes those and the user', () => {
    container.ok('/src/systemd/uninstall.sh')
    expect(container.sh('systemctl cat printgate.service').status).not.toBe(0)
    expect(container.sh('test -e /opt/printgate').status).not.toBe(0)
    expect(container.sh('test -f /var/lib/printgate/printgate.db && test -f /etc/printgate/config.yaml').status).toBe(0)
    container.ok('/src/systemd/uninstall.sh --purge')
    expect(container.sh('test -e /var/lib/printgate || test -e /etc/printgate').status).not.toBe(0)
    expect(container.sh('id printgate').status).not.toBe(0)
  }, 120_000)
})
