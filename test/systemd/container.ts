// Boots a Debian root under systemd-nspawn (systemd as PID 1, a volatile overlay over the cached root) and runs commands in it.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { until } from '../support/wait-for.js'

export interface ExecResult {
  status: number | null
  stdout: string
  stderr: string
}

export interface BootedContainer {
  /** PID of the container's systemd, as the host sees it. */
  readonly initPid: number
  /** Runs a shell command inside every namespace of the container. */
  sh(script: string, options?: { timeoutMs?: number }): ExecResult
  /** Like sh, but throws with the output when the command fails. */
  ok(script: string, options?: { timeoutMs?: number }): string
  /** Powers the container off (SIGTERM to nspawn shuts systemd down), then kills what is left. */
  stop(): Promise<void>
  /** Everything nspawn and the container's console printed. */
  console(): string
}

export interface BootOptions {
  image: string
  /** host path -> container path, read-only */
  bindsReadOnly: Record<string, string>
  bootTimeoutMs?: number
}

function childPids(pid: number): number[] {
  const result = spawnSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' })
  return result.stdout.split('\n').filter(Boolean).map(Number)
}

function commOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim()
  } catch {
    return ''
  }
}

/** Boots the image and waits until its systemd reports running (or degraded); throws loudly when it cannot. */
export async function bootContainer(options: BootOptions): Promise<BootedContainer> {
  const binds = Object.entries(options.bindsReadOnly).map(([from, to]) => `--bind-ro=${from}:${to}`)
  const args = ['--register=no', '--keep-unit', '--console=passive', '--volatile=overlay', '-D', options.image, ...binds, '-b']
  const nspawn: ChildProcess = spawn('systemd-nspawn', args, { stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  nspawn.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  nspawn.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const exited = new Promise<void>((resolve) => nspawn.once('exit', () => resolve()))
  const fail = (why: string): never => {
    nspawn.kill('SIGKILL')
    throw new Error(`systemd-nspawn could not boot ${options.image}: ${why}\n--- nspawn output ---\n${output}`)
  }
  const initPid = await until(
    () => {
      if (nspawn.exitCode !== null) fail(`nspawn exited with ${nspawn.exitCode}`)
      return childPids(nspawn.pid ?? -1).find((pid) => commOf(pid) === 'systemd')
    },
    options.bootTimeoutMs ?? 60_000,
    'the container to start systemd',
    250,
  ).catch((error: Error) => fail(error.message))

  const sh = (script: string, opts: { timeoutMs?: number } = {}): ExecResult => {
    const result = spawnSync('nsenter', ['-t', String(initPid), '-a', '/bin/sh', '-c', script], {
      encoding: 'utf8',
      timeout: opts.timeoutMs ?? 120_000,
      env: { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', LANG: 'C.UTF-8', SYSTEMD_PAGER: '', SYSTEMD_COLORS: '0' },
    })
    return { status: result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? '' }
  }
  const ok = (script: string, opts?: { timeoutMs?: number }): string => {
    const result = sh(script, opts)
    if (result.status !== 0) throw new Error(`in the container, \`${script}\` exited ${result.status}:\n${result.stdout}\n${result.stderr}`)
    return result.stdout
  }
  const state = await until(
    () => {
      const s = sh('systemctl is-system-running').stdout.trim()
      return s === 'running' || s === 'degraded' ? s : undefined
    },
    options.bootTimeoutMs ?? 60_000,
    "the container's systemd to finish booting",
    250,
  ).catch((error: Error) => fail(error.message))
  if (state === 'degraded') output += `\n(container booted degraded: ${sh('systemctl --failed --no-legend').stdout})`

  return {
    initPid,
    sh,
    ok,
    console: () => output,
    async stop() {
      if (nspawn.exitCode !== null) return
      nspawn.kill('SIGTERM')
      const timer = setTimeout(() => nspawn.kill('SIGKILL'), 20_000)
      await exited
      clearTimeout(timer)
    },
  }
}
