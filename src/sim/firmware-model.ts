// The simulated Marlin main loop: RX buffer → line checks → command slots → execution → ok, on a Clock.
import type { Clock, TimerHandle } from '../core/clock.js'
import { checkLine, createLineAssembler } from './line-checker.js'
import { checkVirtualLine } from './virtual-line-checker.js'
import { createEmergencyParser, type EmergencyCommand } from './emergency-parser.js'
import { createPlanner } from './planner.js'
import { createThermal } from './thermal.js'
import { createMotion, parseWords } from './motion.js'
import { banner, isMove, KILLED, runCommand, splitCommand, SYNCHRONISING, type CommandContext, type Wait } from './commands.js'
import { createByteQueue } from './byte-queue.js'
import type { SimOptions } from './options.js'
import { freshCounters, type FirmwareHooks, type FirmwareState, type TranscriptEntry } from './firmware-types.js'
import { createNvram, createPrusaPanic, type SimNvram } from './prusa-power-panic.js'

export type { FirmwareCounters, FirmwareHooks, FirmwareState, TranscriptEntry } from './firmware-types.js'

interface Queued {
  lineNumber: number | null
  command: string
  /** The tail of a line cut by a receive-buffer drain. */
  fragment: boolean
  /** Queued by the firmware itself (power-panic recovery): no ok. */
  internal?: true
}

interface Running {
  entry: Queued
  wait: Wait | undefined
  ok: boolean
  /** The command itself has not run yet (a busy storm holds it). */
  deferred: boolean
}

const BUSY_LINE = 'echo:busy: processing'

export function createFirmwareModel(clock: Clock, options: SimOptions, hooks: FirmwareHooks, nvram: SimNvram = createNvram()) {
  const rx = createByteQueue(options.rxBuffer - 1)
  const assembler = createLineAssembler(96)
  const eparser = createEmergencyParser()
  const planner = createPlanner(options.planner)
  const thermal = createThermal(options, clock.now())
  const motion = createMotion()
  const ring: Queued[] = []
  const transcript: TranscriptEntry[] = []
  let counters = freshCounters(options.planner)
  let lastN = 0
  /** lineReader=virtual: OctoPrint's virtual printer's two counters. */
  const virtual = options.lineReader === 'virtual' ? { lastN: 0, current: 0 } : null
  let halted = false
  let bootUntil = 0
  let running: Running | null = null
  let keepaliveMs = 2000
  let nextBusyAt: number | null = null
  let nextTempAt: number | null = null
  let wakeTimer: TimerHandle | undefined
  let wakeAt = Infinity
  let autoreportTimer: TimerHandle | undefined
  let lastMoveLineAt: number | null = null
  /** Bumped by every reset/stop so a chunk being received stops at once. */
  let generation = 0

  const say = (line: string): void => hooks.output(line)

  function sayOk(text: string): void {
    if (hooks.dropOk?.()) {
      counters.okDropped++
      return
    }
    counters.okSent++
    say(text)
  }

  const ctx: CommandContext = {
    options,
    planner,
    thermal,
    motion,
    now: () => clock.now(),
    say,
    sayOk,
    setLastN: (n) => (lastN = n),
    setKeepaliveSeconds: (s) => (keepaliveMs = Math.max(0, s) * 1000),
    setAutoreportSeconds: (s) => setAutoreport(s),
    kill: (lines) => kill(lines),
    quickStop: () => planner.quickStop(clock.now()),
    waitForHeatup: false,
    waitForUser: false,
    promptChoice: null,
  }
  const panic =
    options.powerPanic === 'prusa' ? createPrusaPanic({ nvram, motion, thermal, now: () => clock.now(), say, sayOk, setLastN: (n) => (lastN = n) }) : null
  const internal = (command: string): Queued => ({ lineNumber: null, command, fragment: false, internal: true })
  /** The last byte that reached the UART did not end a line: a drain now leaves that line's tail on the wire. */
  let uartMidLine = false
  /** The next line assembled began in the middle of a line that a drain cut. */
  let fragmentNext = false

  function setAutoreport(seconds: number): void {
    clock.clearTimeout(autoreportTimer)
    autoreportTimer = undefined
    if (seconds <= 0) return
    const tick = (): void => {
      if (halted) return
      say(thermal.report(clock.now()))
      autoreportTimer = clock.setTimeout(tick, seconds * 1000)
    }
    autoreportTimer = clock.setTimeout(tick, seconds * 1000)
  }

  function scheduleWake(at: number): void {
    if (wakeTimer && wakeAt <= at) return
    clock.clearTimeout(wakeTimer)
    wakeAt = at
    wakeTimer = clock.setTimeout(
      () => {
        wakeTimer = undefined
        wakeAt = Infinity
        pump()
      },
      Math.max(0, at - clock.now()),
    )
  }

  function lineError(message: string): void {
    counters.lineErrors++
    say(`Error:${message}`)
    rx.clear()
    assembler.clear()
    // What has arrived is discarded; bytes still on the wire arrive afterwards and form a line of their own.
    fragmentNext = uartMidLine
    requestResend(`Resend: ${lastN + 1}`)
  }

  function requestResend(text: string): void {
    counters.resendsRequested++
    say(text)
    if (options.okAfterResend) sayOk('ok')
  }

  /** lineReader=virtual: whole lines, nothing drained after an error, its own counters. */
  function acceptVirtualLine(line: string, counts: { lastN: number; current: number }): void {
    counters.linesReceived++
    const check = checkVirtualLine(line, counts)
    lastN = counts.lastN
    if (!check.ok) {
      counters.lineErrors++
      say(check.error)
      return requestResend(`Resend:${check.resend}`)
    }
    ring.push({ lineNumber: check.lineNumber, command: check.command, fragment: false })
  }

  function emergency({ code, value }: EmergencyCommand): void {
    if (code === 'M108') {
      ctx.waitForHeatup = false
      ctx.waitForUser = false
    } else if (code === 'M876') {
      ctx.promptChoice = value
      ctx.waitForUser = false
    } else if (code === 'M112') kill([KILLED])
    else planner.quickStop(clock.now())
    // A blocked wait polls about once a second; an answer must end it at once, as Marlin's busy loop does.
    if (!halted) scheduleWake(clock.now())
  }

  function acceptLine(line: string, now: number): void {
    if (virtual) return acceptVirtualLine(line, virtual)
    counters.linesReceived++
    const fragment = fragmentNext
    fragmentNext = false
    if (fragment) counters.cutLines++
    const check = checkLine(line, lastN)
    if (!check.ok) return lineError(check.error)
    lastN = check.lastN
    if (!options.emergencyParser) {
      const code = splitCommand(check.command)?.code
      if (code === 'M108' || code === 'M112' || code === 'M410') emergency({ code, value: null })
      if (halted) return
    }
    if (check.lineNumber !== null && hooks.onLineReceived?.(check.lineNumber)) return
    panic?.hostCommand(check.command)
    const split = splitCommand(check.command)
    if (split && isMove(split.code)) {
      if (lastMoveLineAt !== null) counters.maxMoveGapMs = Math.max(counters.maxMoveGapMs, now - lastMoveLineAt)
      lastMoveLineAt = now
    }
    ring.push({ lineNumber: check.lineNumber, command: check.command, fragment })
  }

  function readSerial(now: number): void {
    while (ring.length < options.bufsize && rx.length > 0 && !halted) {
      const line = assembler.push(rx.shift())
      if (line !== null) acceptLine(line, now)
    }
  }

  function start(entry: Queued, now: number): void {
    counters.commandsExecuted++
    const record: TranscriptEntry = { lineNumber: entry.lineNumber, command: entry.command, at: now, ...(entry.fragment ? { fragment: true } : {}) }
    if (options.transcript) transcript.push(record)
    hooks.onExecuted?.(record)
    const storm = hooks.onExecute?.(entry.lineNumber)
    running = storm ? { entry, wait: storm, ok: true, deferred: true } : execute(entry)
  }

  function execute(entry: Queued): Running {
    const special = panic?.execute(entry.command)
    if (special) {
      if (special.follow) ring.splice(1, 0, ...special.follow.map(internal))
      return { entry, wait: special.wait, ok: special.ok ?? true, deferred: false }
    }
    const split = splitCommand(entry.command)
    if (split && isMove(split.code)) {
      const depth = planner.length(clock.now())
      counters.plannerDepthAtMove[depth] = (counters.plannerDepthAtMove[depth] ?? 0) + 1
    }
    if (split && SYNCHRONISING.has(split.code)) {
      planner.markSync()
      lastMoveLineAt = null
    }
    const outcome = split ? runCommand(ctx, split.code, parseWords(split.args), split.args) : undefined
    if (entry.fragment) {
      if (outcome) counters.tailsExecuted++
      else counters.tailsRejected++
    }
    if (!outcome) {
      counters.unknownCommands++
      say(`echo:Unknown command: "${entry.command}"`)
    }
    return { entry, wait: outcome?.wait, ok: outcome?.ok ?? true, deferred: false }
  }

  function finish(ok: boolean, entry: Queued, now: number): void {
    if (panic) {
      if (entry.lineNumber !== null) panic.lineFinished(entry.lineNumber, entry.command, planner.drainedAt(now))
      else panic.commandFinished(entry.command)
    }
    if (ok && !entry.internal) {
      if (options.advancedOk) {
        const n = entry.lineNumber !== null ? ` N${entry.lineNumber}` : ''
        sayOk(`ok${n} P${planner.free(now)} B${options.bufsize - ring.length}`)
      } else sayOk('ok')
    }
    ring.shift()
    running = null
    nextBusyAt = null
    nextTempAt = null
  }

  function whileBlocked(wait: Wait, wake: number, now: number): void {
    const interval = wait.keepaliveMs ?? keepaliveMs
    if (interval > 0) {
      if (nextBusyAt === null) nextBusyAt = now + interval
      else if (now >= nextBusyAt) {
        counters.busySent++
        say(wait.busyText ?? BUSY_LINE)
        nextBusyAt = now + interval
      }
    }
    if (wait.reportsTemperature) {
      if (nextTempAt === null || now >= nextTempAt) {
        say(`${thermal.report(now)} W:?`)
        nextTempAt = now + 1000
      }
    }
    scheduleWake(Math.min(wake, nextBusyAt ?? Infinity, nextTempAt ?? Infinity))
  }

  function pump(): void {
    for (let guard = 0; guard < 100_000; guard++) {
      if (halted) return
      const now = clock.now()
      if (now < bootUntil) return scheduleWake(bootUntil)
      if (!running) {
        readSerial(now)
        const next = ring[0]
        if (!next || halted) return
        start(next, now)
        if (halted || !running) return
      }
      const current: Running = running
      const wake = current.wait ? current.wait.poll(now) : null
      if (halted) return
      if (wake === null) {
        if (current.deferred) {
          running = execute(current.entry)
          if (halted) return
        } else finish(current.ok, current.entry, now)
        continue
      }
      return whileBlocked(current.wait as Wait, wake, now)
    }
    scheduleWake(clock.now())
  }

  function kill(lines: string[]): void {
    for (const line of lines) say(line)
    halted = true
    thermal.allOff(clock.now())
    clearState()
  }

  function clearState(): void {
    generation++
    rx.clear()
    assembler.clear()
    eparser.clear()
    ring.length = 0
    running = null
    planner.clear()
    nextBusyAt = null
    nextTempAt = null
    lastMoveLineAt = null
    ctx.waitForHeatup = false
    ctx.waitForUser = false
    ctx.promptChoice = null
    uartMidLine = false
    fragmentNext = false
    clock.clearTimeout(wakeTimer)
    wakeTimer = undefined
    wakeAt = Infinity
    setAutoreport(0)
  }

  return {
    /** Bytes arriving at the UART from the wire. */
    receive(bytes: Uint8Array): void {
      const startedIn = generation
      for (const byte of bytes) {
        counters.bytesReceived++
        if (generation !== startedIn) break
        if (halted || clock.now() < bootUntil) continue
        const command = options.emergencyParser ? eparser.push(byte) : null
        if (command) emergency(command)
        if (halted) continue
        if (rx.full) pump()
        if (generation !== startedIn) break
        uartMidLine = byte !== 0x0a && byte !== 0x0d
        if (rx.full) counters.droppedBytes++
        else rx.push(byte)
      }
      pump()
    },
    /** Power-on or reset: everything cleared, `start` and the banner printed. */
    boot(): void {
      clearState()
      halted = false
      lastN = 0
      if (virtual) virtual.lastN = virtual.current = 0
      keepaliveMs = 2000
      motion.reset()
      thermal.allOff(clock.now())
      bootUntil = clock.now() + options.bootMs
      for (const line of banner(options.firmware)) say(line)
      const recovery = panic?.bootCommands() ?? []
      if (recovery.length > 0) {
        ring.push(...recovery.map(internal))
        scheduleWake(Math.max(bootUntil, clock.now()))
      }
    },
    /** The power goes (before `stop`): Prusa's power panic saves a host print to EEPROM. */
    powerLoss(): void {
      panic?.powerLoss()
    },
    /** Emergency stop / fault: print the lines, then deaf until `boot()`. */
    kill,
    /** Stops every timer (port closed for good). */
    stop(): void {
      clearState()
      halted = true
    },
    get halted() {
      return halted
    },
    get lastLineNumber() {
      return lastN
    },
    transcript: transcript as readonly TranscriptEntry[],
    counters: () => ({ ...counters, plannerDepthAtMove: [...counters.plannerDepthAtMove] }),
    plannerStats: () => planner.stats(),
    resetStats(): void {
      counters = freshCounters(options.planner)
      planner.resetStats()
      lastMoveLineAt = null
    },
    state(now = clock.now()): FirmwareState {
      return {
        lastLineNumber: lastN,
        position: motion.position(),
        toolActual: thermal.actual('tool', now),
        toolTarget: thermal.target('tool'),
        bedActual: thermal.actual('bed', now),
        bedTarget: thermal.target('bed'),
        plannerQueued: planner.length(now),
        commandSlotsUsed: ring.length,
        rxBytes: rx.length,
        executing: running?.entry.command ?? null,
        halted,
      }
    },
  }
}

export type FirmwareModel = ReturnType<typeof createFirmwareModel>
