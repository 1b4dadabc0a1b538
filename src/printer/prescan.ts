// Checks a G-code file before printing: over-long framed lines and binary junk are refused, naming the line.

import { stat } from 'node:fs/promises'
import { GatewayError } from '../core/errors.js'
import { firmwareChange } from '../protocol/firmware-commands.js'
import { framedLength, hasBinaryJunk, prepareLine } from '../protocol/gcode-line.js'
import { parseGcode } from '../protocol/gcode-params.js'
import type { FirmwareProfile } from '../profiles/schema.js'
import { readFileLines } from './file-lines.js'
import { heaterLimitProblem } from './temperature-guard.js'

export interface PrescanResult {
  /** Lines that will be sent (comments and empty lines excluded). */
  commandLines: number
  bytes: number
}

export interface PrescanOptions {
  /** Let commands that change firmware settings or flash firmware through (an admin's print, or the owner's setting). */
  allowFirmwareCommands?: boolean
}

/** Only M lines can be on the firmware-changing list; moves are never parsed for it. */
const MAY_CHANGE_FIRMWARE = /^(?:[Nn]\d+\s*)?[Mm]/

/**
 * Streams the file once (plain `;` comment lines are not decoded: they are never sent). A line whose framed form (with the largest line number it can get in a job)
 * exceeds the profile's maximum throws GCODE_LINE_TOO_LONG; control bytes and heater targets above the
 * profile's temperature limits throw GCODE_INVALID; commands on the firmware-changing list
 * (protocol/firmware-commands.ts) throw GCODE_NEEDS_ADMIN unless `allowFirmwareCommands`.
 */
export async function prescanFile(
  path: string,
  profile: Pick<FirmwareProfile, 'maxLineLength' | 'lineNumbers' | 'temperatureLimits'>,
  { allowFirmwareCommands = false }: PrescanOptions = {},
): Promise<PrescanResult> {
  const worstNumber = profile.lineNumbers.resetEvery + 1
  let commandLines = 0
  let problem: GatewayError | null = null
  const reader = readFileLines(
    path,
    (line) => {
      if (problem) return
      if (hasBinaryJunk(line.raw)) {
        problem = new GatewayError('GCODE_INVALID', `Line ${line.lineNumber} holds binary data, not G-code`, {
          detail: { line: line.lineNumber },
        })
        return reader.close()
      }
      const command = prepareLine(line.raw)
      if (command === null) return
      commandLines++
      const tooHot = heaterLimitProblem(command, profile.temperatureLimits)
      if (tooHot) {
        problem = new GatewayError('GCODE_INVALID', `Line ${line.lineNumber}: ${tooHot}`, { detail: { line: line.lineNumber } })
        return reader.close()
      }
      const change = !allowFirmwareCommands && MAY_CHANGE_FIRMWARE.test(command) ? firmwareChange(parseGcode(command)) : null
      if (change) {
        problem = new GatewayError(
          'GCODE_NEEDS_ADMIN',
          `Line ${line.lineNumber}: ${command} ${change}; printing it needs admin (or printer.allowFirmwareCommandsInFiles)`,
          {
            detail: { line: line.lineNumber, command },
          },
        )
        return reader.close()
      }
      const length = framedLength(worstNumber, command)
      if (length > profile.maxLineLength) {
        problem = new GatewayError(
          'GCODE_LINE_TOO_LONG',
          `Line ${line.lineNumber} is ${length} characters when framed; the firmware accepts at most ${profile.maxLineLength}`,
          { detail: { line: line.lineNumber, length, max: profile.maxLineLength } },
        )
        reader.close()
      }
    },
    { skipComments: true },
  )
  let bytes = 0
  try {
    const [info] = await Promise.all([stat(path), reader.finished])
    bytes = info.size
  } catch (error) {
    throw new GatewayError('FILE_NOT_FOUND', `Could not read ${path}`, { cause: error })
  }
  if (problem) throw problem
  return { commandLines, bytes }
}
