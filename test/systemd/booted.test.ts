// The appliance under a real systemd: a Debian root booted by systemd-nspawn, printgate installed by install.sh and checked as a service.
import { spawnSync } from 'node:child_process'
import { realpathSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freePort } from '../ui/harness.js'
import { until } from '../support/wait-for.js'
import { bootContainer, type BootedContainer } from './container.js'

const CHECKOUT = fileURLToPath(new URL('../../', import.meta.url)).replace(/\/$/, '')
const ROOT_SCRIPT = fileURLToPath(new URL('./debian-root.sh', import.meta.url))
const SIM_DIR = '/run/pgsim'
const PTY = `${SIM_DIR}/printer`
const STATUS_FILE = `${SIM_DIR}/status.json`
const WATCHDOG_SEC = 30
const RESTART_SEC = 5
/** systemd arms its timers with 250 ms accuracy; this is that plus its own scheduling on a loaded machine. */
const SYSTEMD_SLACK_S = 2

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

/** The unit runs a main process other than `before`'s, restarted since then, and is active. */
function restartedSince(before: Record<string, string>, now = show('MainPID', 'NRestarts', 'ActiveState')): boolean {
  return now.ActiveState === 'active' && now.MainPID !== before.MainPID && Number(now.NRestarts) > Number(before.NRestarts)
}

/** What systemd itself (PID 1) logged about the unit, oldest first, as "<monotonic µs> <message>". */
function pid1Journal(): string[] {
  const out = container.ok('journalctl --no-pager -o json _PID=1 UNIT=printgate.service --output-fields=MESSAGE,__MONOTONIC_TIMESTAMP')
  return out
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { MESSAGE: string; __MONOTONIC_TIMESTAMP: string })
    .map((entry) => `${entry.__MONOTONIC_TIMESTAMP} ${entry.MESSAGE}`)
}

/** systemd's messages from freezing process `pid` to its restart, in the order logged: each with the journal's time (µs); undefined until all are in. */
function restartRecord(pid: string) {
  const entries = pid1Journal()
  const from = entries.findLastIndex((entry) => entry.includes(`Sent signal SIGSTOP to main process ${pid} `))
  if (from < 0) return undefined
  const steps = {
    frozen: /Sent signal SIGSTOP/,
    timedOut: /Watchdog timeout \(limit /,
    aborted: new RegExp(`Killing process ${pid} \\(node\\) with signal SIGABRT`),
    exited: /Main process exited, code=\w+, status=6\/ABRT/,
    failed: /Failed with result 'watchdog'/,
    restartScheduled: /Scheduled restart job/,
  }
  const record: Partial<Record<keyof typeof steps, { index: number; at: number }>> = {}
  for (const [name, pattern] of Object.entries(steps) as [keyof typeof steps, RegExp][]) {
    const index = entries.findIndex((entry, i) => i >= from && pattern.test(entry))
    if (index < 0) return undefined
    record[name] = { index, at: Number(entries[index]!.slice(0, entries[index]!.indexOf(' '))) }
  }
  return record as Record<keyof typeof steps, { index: number; at: number }>
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
  await until(answers, timeoutMs, 'the gateway to answer /health', 500).catch((error: Error) => {
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
  return until(check, timeoutMs, () => `job ${id} (last status ${last})`, 500)
}

beforeAll(async () => {
  const built = spawnSync('sh', [ROOT_SCRIPT], { encoding: 'utf8', timeout: 15 * 60_000 })
  if (built.status !== 0) throw new Error(`could not build the Debian root for the systemd suite (this suite never skips):\n${built.stderr}`)
  const binds: Record<string, string> = { '/usr/bin/node': '/usr/bin/node', [CHECKOUT]: '/src' }
  // A worktree's node_modules may be a link to another checkout's: bind its target at the same path so the link resolves inside.
  const modules = realpathSync(`${CHECKOUT}/node_modules`)
  if (modules !== `${CHECKOUT}/node_modules`) binds[modules] = modules
  container = await bootContainer({ image: built.stdout.trim(), bindsReadOnly: binds })
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
    await until(() => container.sh(`test -e ${PTY} && test -f ${STATUS_FILE}`).status === 0, 60_000, 'the simulator pty', 250)
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
    // READY=1 means the gateway serves; the printer's handshake on the pty follows (409 PRINTER_NOT_CONNECTED until then).
    const printer = await until(() => getJson('/api/printer').catch(() => undefined), 60_000, 'the printer to connect through the sandbox', 250)
    expect(JSON.stringify(printer)).toMatch(/connected|operational|ready|idle/i)
  }, 240_000)

  it('prints a file on the simulator to completion', async () => {
    const job = await uploadAndPrint('appliance.gcode', gcode(60, 6000))
    expect(await waitForJob(job, (s) => ['completed', 'failed', 'cancelled', 'interrupted'].includes(s), 120_000)).toBe('completed')
    // The simulator rewrites its status file every 200 ms, so the job can read completed before the file has its last line.
    await until(() => simStatus().lastCommands.includes('M140 S0'), 30_000, 'the last line in the simulator status', 200)
    const cleared = await fetch(`${base()}/api/printer/bed-cleared`, { method: 'POST' })
    expect(cleared.status).toBeLessThan(300)
  }, 180_000)

  it('comes back after SIGKILL (Restart=always)', async () => {
    const before = show('MainPID', 'NRestarts')
    container.ok('systemctl kill --kill-whom=main --signal=SIGKILL printgate.service')
    await until(() => restartedSince(before), (RESTART_SEC + 60) * 1000, 'a new main process after SIGKILL', 500)
    await gatewayUp()
  }, 120_000)

  it("is restarted by the watchdog when the process freezes (SIGSTOP): WatchdogSec after its last keep-alive, RestartSec after it died, by systemd's record", async () => {
    const before = show('MainPID', 'NRestarts')
    container.ok('systemctl kill --kill-whom=main --signal=SIGSTOP printgate.service')
    // The last keep-alive systemd recorded from the frozen process: the last reading while that process is still the unit's.
    let lastKeepAlive = 0
    await until(
      () => {
        const now = show('MainPID', 'NRestarts', 'ActiveState', 'WatchdogTimestampMonotonic')
        if (now.MainPID === before.MainPID && now.ActiveState === 'active') lastKeepAlive = Number(now.WatchdogTimestampMonotonic)
        return restartedSince(before, now)
      },
      (WATCHDOG_SEC + RESTART_SEC + 180) * 1000,
      'the watchdog restart (a new main process, active)',
      500,
    )
    // PID 1's own monotonic clock (µs): when the unit left active (the watchdog fired), the new process started, it was ready.
    const unit = show('ActiveExitTimestampMonotonic', 'ExecMainStartTimestampMonotonic', 'ActiveEnterTimestampMonotonic', 'WatchdogTimestampMonotonic')
    const timedOut = Number(unit.ActiveExitTimestampMonotonic)
    const started = Number(unit.ExecMainStartTimestampMonotonic)
    const ready = Number(unit.ActiveEnterTimestampMonotonic)
    const record = await until(
      () => restartRecord(String(before.MainPID)),
      30_000,
      () => `systemd's journal of the restart:\n${pid1Journal().join('\n')}`,
      500,
    )
    const seen = `${JSON.stringify({ lastKeepAlive, ...unit })}\n${pid1Journal().slice(record.frozen.index).join('\n')}`
    const seconds = (usec: number) => usec / 1e6
    expect(lastKeepAlive, seen).toBeGreaterThan(0)
    // The watchdog fired once WatchdogSec had passed since the last keep-alive (PID 1's clock for both).
    expect(seconds(timedOut - lastKeepAlive), seen).toBeGreaterThanOrEqual(WATCHDOG_SEC)
    expect(seconds(timedOut - lastKeepAlive), seen).toBeLessThan(WATCHDOG_SEC + SYSTEMD_SLACK_S)
    // In this order: the freeze, the timeout, SIGABRT to the frozen process, its death by it (not a later SIGKILL), the
    // result, the restart. The journal stamps a message when journald stores it, so its times are used only between its own.
    const order = [record.frozen, record.timedOut, record.aborted, record.exited, record.failed, record.restartScheduled].map((step) => step.index)
    expect(order, seen).toEqual([...order].sort((a, b) => a - b))
    // No keep-alive after the freeze; the timeout after it.
    expect(seconds(lastKeepAlive - record.frozen.at), seen).toBeLessThan(SYSTEMD_SLACK_S)
    expect(timedOut, seen).toBeGreaterThan(record.frozen.at)
    // The new process started RestartSec after the frozen one died (death: from the timeout to the recorded result).
    const dying = record.failed.at - record.timedOut.at
    expect(seconds(started - timedOut), seen).toBeGreaterThanOrEqual(RESTART_SEC)
    expect(seconds(started - timedOut - dying), seen).toBeLessThan(RESTART_SEC + SYSTEMD_SLACK_S)
    // It reported ready, and the watchdog's clock restarted from the new process.
    expect(ready, seen).toBeGreaterThan(started)
    expect(Number(unit.WatchdogTimestampMonotonic), seen).toBeGreaterThan(started)
    console.log(
      `watchdog restart by systemd's record: timeout ${seconds(timedOut - lastKeepAlive).toFixed(3)} s after the last keep-alive, ` +
        `death ${seconds(dying).toFixed(3)} s, new process ${seconds(started - timedOut - dying).toFixed(3)} s after it, ready ${seconds(ready - started).toFixed(3)} s later`,
    )
    await gatewayUp()
  }, 300_000)

  it('stops on SIGTERM mid-print with the heaters off and the job recorded', async () => {
    const job = await uploadAndPrint('long.gcode', gcode(3000, 300))
    await waitForJob(job, (s) => s === 'printing_phase', 60_000)
    await until(() => simStatus().toolTarget > 0, 60_000, 'the print to set its heater targets', 250)
    const stopped = container.sh('systemctl stop printgate.service', { timeoutMs: 90_000 })
    expect(stopped.status).toBe(0)
    // The simulator rewrites its status file every 200 ms: the stop has returned, the file may lag a little.
    const sim = await until(
      () => {
        const status = simStatus()
        return status.toolTarget === 0 && status.bedTarget === 0 ? status : undefined
      },
      30_000,
      'the heaters off after the stop',
      200,
    ).catch(() => simStatus())
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
    await until(() => show('ActiveState').ActiveState === 'active', 150_000, 'the service to run again after the reinstall', 500)
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
