// Tells whether a gateway is running on a data folder: its pid file, or any process holding the database open.
import { readdir, readFile, readlink, realpath, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

export const DATABASE_FILE = 'printgate.db'
export const PID_FILE = 'printgate.pid'

export interface RunningGateway {
  running: boolean
  pids: number[]
  /** How each pid was found, for the refusal message. */
  evidence: string[]
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** Writes `<dataDir>/printgate.pid`; the returned function removes it (only if it is still ours). */
export async function writePidFile(dataDir: string, pid = process.pid): Promise<() => Promise<void>> {
  const path = join(dataDir, PID_FILE)
  await writeFile(path, `${pid}\n`)
  return async () => {
    const current = await readFile(path, 'utf8').catch(() => '')
    if (current.trim() === String(pid)) await rm(path, { force: true })
  }
}

/** PIDs (other than `selfPid`) with `target` open, from /proc/<pid>/fd links. Unreadable entries are skipped. */
export async function findProcessesHolding(target: string, { procRoot = '/proc', selfPid = process.pid } = {}): Promise<number[]> {
  const wanted = await realpath(target).catch(() => target)
  const pids: number[] = []
  const entries = await readdir(procRoot).catch(() => [] as string[])
  for (const entry of entries) {
    if (!/^\d+$/.test(entry) || Number(entry) === selfPid) continue
    const fdDir = join(procRoot, entry, 'fd')
    const fds = await readdir(fdDir).catch(() => [] as string[])
    for (const fd of fds) {
      const link = await readlink(join(fdDir, fd)).catch(() => null)
      if (link === wanted) {
        pids.push(Number(entry))
        break
      }
    }
  }
  return pids
}

export interface DetectOptions {
  procRoot?: string
  selfPid?: number
  isAlive?: (pid: number) => boolean
}

/** Whether a gateway uses `dataDir` now: a live pid in the pid file, or the database open in some process. */
export async function detectRunningGateway(dataDir: string, options: DetectOptions = {}): Promise<RunningGateway> {
  const { procRoot = '/proc', selfPid = process.pid, isAlive = isProcessAlive } = options
  const pids = new Set<number>()
  const evidence: string[] = []
  const recorded = Number((await readFile(join(dataDir, PID_FILE), 'utf8').catch(() => '')).trim())
  if (Number.isInteger(recorded) && recorded > 0 && recorded !== selfPid && isAlive(recorded)) {
    pids.add(recorded)
    evidence.push(`pid ${recorded} from ${PID_FILE} is alive`)
  }
  for (const pid of await findProcessesHolding(join(dataDir, DATABASE_FILE), { procRoot, selfPid })) {
    pids.add(pid)
    evidence.push(`pid ${pid} has ${DATABASE_FILE} open`)
  }
  return { running: pids.size > 0, pids: [...pids], evidence }
}
