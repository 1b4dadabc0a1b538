// One running print: feeds file lines to the sender, tracks progress and modal state, pauses, resumes, cancels.

import type { Clock } from '../core/clock.js'
import type { ErrorCode } from '../core/errors.js'
import { renderScript } from '../protocol/commands.js'
import { parseReply } from '../protocol/reply.js'
import type { FirmwareProfile } from '../profiles/schema.js'
import type { LinkSender } from './link-sender.js'
import type { JobLine, LineSource } from './line-source.js'
import type { JobOutcome, Position, PrintProgress, PrintResult, Temperatures } from './types.js'

/** What a print needs to know of the printer: its firmware profile and M115 capabilities (`Cap:EMERGENCY_PARSER:1` → M108 acts as bytes arrive). */
export interface JobPrinter {
  profile(): FirmwareProfile
  capabilities(): Record<string, boolean>
}

export interface PrintJobDeps {
  clock: Clock
  sender: LinkSender
  source: LineSource
  printer: JobPrinter
  readings: { temperatures(): Temperatures | null }
  onProgress(progress: PrintProgress): void
  /** Called once when the job ends, with its result. */
  onEnded(result: PrintResult): void
  /** Called for every line the firmware acknowledged, in file order (the power-loss journal). */
  onConfirmed?(line: JobLine, n: number | null): void
  progressIntervalMs?: number
}

export type PrintJob = ReturnType<typeof createPrintJob>

const HEATER_WAITS: ReadonlySet<string> = new Set(['M109', 'M190', 'M191'])

export function createPrintJob(job: { jobId: string; linesTotal: number; bytesTotal: number }, deps: PrintJobDeps) {
  const { clock, sender, source, printer } = deps
  const startedAt = clock.now()
  const progressInterval = deps.progressIntervalMs ?? 500
  let feeding = true
  let ended = false
  let finalResult: PrintResult | null = null
  let pushedBack: JobLine | null = null
  let linesConfirmed = 0
  let lastLine = 0
  let bytesConfirmed = 0
  let layer: number | null = null
  let z: number | null = null
  let relativeE = false
  let feedrate: number | null = null
  let pausedAt: number | null = null
  let pausedMs = 0
  let lastProgressAt = -Infinity
  let waitingForDisk = false
  let resolveDone: (result: PrintResult) => void = () => {}
  const done = new Promise<PrintResult>((resolve) => (resolveDone = resolve))
  let pauseState: { position: Position | null; tool0: number | null; bed: number | null } | null = null

  const elapsed = () => clock.now() - startedAt - pausedMs - (pausedAt !== null ? clock.now() - pausedAt : 0)

  function progress(): PrintProgress {
    return {
      jobId: job.jobId,
      linesTotal: job.linesTotal,
      linesConfirmed,
      bytesConfirmed,
      bytesTotal: job.bytesTotal,
      percent: job.bytesTotal > 0 ? Math.min(100, (bytesConfirmed / job.bytesTotal) * 100) : 100,
      layer,
      z,
      elapsedMs: elapsed(),
      pausedMs: pausedMs + (pausedAt !== null ? clock.now() - pausedAt : 0),
    }
  }

  function maybeFinished(): void {
    if (ended || !source.isExhausted() || pushedBack) return
    if (sender.jobLinesInFlight().length > 0) return
    const error = source.error()
    if (error) end('failed', 'FILE_NOT_FOUND', `The file could not be read to the end: ${error.message}`)
    else end('completed')
  }

  function trackModal(command: string): void {
    const c0 = command.charCodeAt(0)
    if (c0 === 77 /* M */) {
      if (command === 'M83') relativeE = true
      else if (command === 'M82') relativeE = false
    } else if (c0 === 71 /* G */ && command.indexOf('F') !== -1) {
      const match = /F(\d+(?:\.\d+)?)/.exec(command)
      if (match) feedrate = Number(match[1])
    }
  }

  function end(outcome: JobOutcome, code?: ErrorCode, reason?: string): PrintResult {
    if (finalResult) return finalResult
    ended = true
    feeding = false
    source.close()
    const result: PrintResult = {
      jobId: job.jobId,
      outcome,
      ...(code ? { code } : {}),
      ...(reason ? { reason } : {}),
      lastConfirmedLine: lastLine,
      byteOffset: bytesConfirmed,
      layer,
      z,
      temperatures: deps.readings.temperatures(),
      elapsedMs: elapsed(),
    }
    finalResult = result
    resolveDone(result)
    deps.onEnded(result)
    return result
  }

  async function sendScript(lines: string[]): Promise<void> {
    await Promise.all(lines.map((line) => sender.enqueue(line)))
  }

  return {
    jobId: job.jobId,
    done,
    progress,
    isEnded: () => ended,
    isPaused: () => pausedAt !== null,
    /** The sender's job feed. */
    pullLine(): JobLine | null {
      if (!feeding || ended) return null
      if (pushedBack) {
        const line = pushedBack
        pushedBack = null
        return line
      }
      const line = source.next()
      if (line) return line
      if (source.isExhausted()) queueMicrotask(maybeFinished)
      else if (!waitingForDisk) {
        waitingForDisk = true
        source.onAvailable(() => {
          waitingForDisk = false
          sender.pump()
        })
      }
      return null
    },
    confirmed(line: JobLine, n: number | null = null): void {
      linesConfirmed += line.fileCommands ?? 1
      lastLine = line.fileLine
      bytesConfirmed = line.byteEnd
      if (line.layer !== null) layer = line.layer
      if (line.z !== null) z = line.z
      trackModal(line.command)
      deps.onConfirmed?.(line, n)
      const now = clock.now()
      if (now - lastProgressAt >= progressInterval || line.layer !== null) {
        lastProgressAt = now
        deps.onProgress(progress())
      }
      if (source.isExhausted()) maybeFinished()
    },
    end,
    /** Stops at a line boundary, captures the position, runs the pause script. */
    async pause(): Promise<void> {
      feeding = false
      pushedBack = sender.dropHeldJobLine() ?? pushedBack
      pausedAt = clock.now()
      await sender.enqueue('M400', { barrier: true })
      let position: Position | null = null
      for (const line of await sender.enqueue('M114', { barrier: true })) {
        const reply = parseReply(line)
        if (reply.kind === 'position') position = reply.position
        else if (reply.kind === 'ok' && reply.position) position = reply.position
      }
      const temps = deps.readings.temperatures()
      pauseState = { position, tool0: temps?.tools[0]?.target ?? null, bed: temps?.bed?.target ?? null }
      const p = printer.profile()
      await sendScript(
        renderScript(p.scripts.pause, {
          x: position?.x,
          y: position?.y,
          z: position?.z,
          e: position?.e,
          z_lift: p.park.zLift,
          park_x: p.park.x,
          park_y: p.park.y,
        }),
      )
    },
    /** Runs the resume script (reheat, return, restore E), then feeds again. */
    async resume(): Promise<void> {
      const p = printer.profile()
      const position = pauseState?.position ?? null
      const script = renderScript(p.scripts.resume, {
        x: position?.x,
        y: position?.y,
        z: position?.z,
        e: position?.e,
        f: feedrate,
        tool0_target: pauseState?.tool0 && pauseState.tool0 > 0 ? pauseState.tool0 : null,
        bed_target: pauseState?.bed && pauseState.bed > 0 ? pauseState.bed : null,
        extrusion_mode: relativeE ? 'M83' : 'M82',
      })
      // Profiles without the {extrusion_mode} placeholder still get the job's E mode back.
      if (!p.scripts.resume.some((line) => line.includes('{extrusion_mode}'))) script.push(relativeE ? 'M83' : 'M82')
      await sendScript(script)
      if (pausedAt !== null) pausedMs += clock.now() - pausedAt
      pausedAt = null
      feeding = true
      sender.pump()
    },
    /** Stops feeding, breaks a heater wait (M108), lets the lines in flight finish, runs the cancel script. */
    async cancel(): Promise<void> {
      feeding = false
      sender.dropHeldJobLine()
      pushedBack = null
      // Without this a cancel waits for M109/M190/M191 to reach their targets with the heaters on.
      if (printer.capabilities().EMERGENCY_PARSER === true && sender.waitingOn(HEATER_WAITS)) sender.writeUrgent('M108')
      const p = printer.profile()
      await sendScript(renderScript(p.scripts.cancel, { z_lift: p.park.zLift, park_x: p.park.x, park_y: p.park.y }))
      end('cancelled', 'JOB_CANCELLED', 'Cancelled')
    },
  }
}
