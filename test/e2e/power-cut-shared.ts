// Shared by the power-cut suites: the gateway's API, polling, and cutting everything's power at once.
import { execFileSync } from 'node:child_process'
import type { PtyServer } from '../../src/sim/pty-server.js'
import type { GatewayProcess } from '../api/process.js'
import { until } from '../support/wait-for.js'

export function gatewayClient(gateway: () => GatewayProcess | null) {
  async function api<T>(path: string, init?: RequestInit): Promise<{ status: number; body: T }> {
    const response = await fetch(`${gateway()!.baseUrl}${path}`, init)
    return { status: response.status, body: (await response.json().catch(() => null)) as T }
  }

  /** The shared `until`: a request that fails counts as not yet; the timeout names `what` and the gateway's last log lines. */
  const poll = <T>(what: string, timeoutMs: number, check: () => Promise<T | undefined>): Promise<T> =>
    until(
      () => check().catch(() => undefined),
      timeoutMs,
      () => `${what}\n${gateway()?.logs.slice(-30).join('\n')}`,
      100,
    )
  return { api, poll }
}

/** Gateway, engine and printer lose power at once: the engine runs no cancel script, the printer forgets what it was not made to keep. */
export async function cutEverything(gateway: GatewayProcess, sim: PtyServer, offMs = 300): Promise<void> {
  const engines = execFileSync('pgrep', ['-P', String(gateway.child.pid)], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean)
    .map(Number)
  for (const pid of engines) process.kill(pid, 'SIGKILL')
  await gateway.stop('SIGKILL')
  await sim.powerCut(offMs)
}
