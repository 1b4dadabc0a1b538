// The one list of G-code commands that change firmware settings, hardware setup or the firmware itself.

import type { ParsedGcode } from './gcode-params.js'

/** Why each command needs admin: shown in the refusal so the owner knows what the line would have done. */
const FIRMWARE_CHANGING: ReadonlyMap<string, string> = new Map([
  ['M500', 'saves settings to EEPROM'],
  ['M501', 'reloads settings from EEPROM'],
  ['M502', 'resets settings to factory defaults'],
  ['M504', 'validates or erases the EEPROM'],
  ['M997', 'starts a firmware update'],
  ['M998', 'restarts the firmware'],
  ['M999', 'restarts the firmware after a stop'],
  ['M112', 'is an emergency stop (use the stop button)'],
  ['M303', 'runs PID autotuning (heats unattended)'],
  ['M301', 'changes the hotend PID values'],
  ['M304', 'changes the bed PID values'],
  ['M309', 'changes the chamber PID values'],
  ['M306', 'changes or tunes the hotend model (MPC)'],
  ['M92', 'changes steps per unit'],
  ['M206', 'changes home offsets'],
  ['M428', 'sets home offsets from the current position'],
  ['M851', 'changes the probe offset'],
  ['M42', 'drives a pin directly'],
  ['M43', 'runs pin debugging'],
  ['M226', 'waits on a raw pin'],
  ['M260', 'writes to the I2C bus'],
  ['M261', 'reads from the I2C bus'],
  ['M575', 'changes the serial baud rate'],
  ['M906', 'changes stepper motor currents'],
  ['M907', 'changes stepper motor currents'],
  ['M909', 'changes the stepper DAC'],
  ['M910', 'commits the stepper DAC'],
  ['M911', 'reads or changes stepper driver settings'],
  ['M912', 'clears stepper driver flags'],
  ['M913', 'changes stepper hybrid thresholds'],
  ['M914', 'changes stallguard sensitivity'],
  ['M915', 'calibrates the stepper drivers'],
  ['M916', 'tunes the stepper drivers'],
  ['M917', 'tunes the stepper drivers'],
  ['M918', 'tunes the stepper drivers'],
  ['M569', 'changes stepper driver modes'],
  ['M350', 'changes microstepping'],
  ['M351', 'toggles microstepping pins'],
  ['M28', 'writes a file to the SD card'],
  ['M29', 'writes a file to the SD card'],
  ['M30', 'deletes a file from the SD card'],
  ['M928', 'writes a log file to the SD card'],
  ['M540', 'changes the network address'],
  ['M550', 'changes the printer name'],
  ['M551', 'changes the password'],
  ['M552', 'changes network settings'],
  ['M553', 'changes network settings'],
  ['M554', 'changes network settings'],
  ['M587', 'changes Wi-Fi settings'],
  ['M588', 'changes Wi-Fi settings'],
  ['M589', 'changes Wi-Fi settings'],
  ...['M810', 'M811', 'M812', 'M813', 'M814', 'M815', 'M816', 'M817', 'M818', 'M819'].map((m): [string, string] => [m, 'defines a macro']),
])

/** What the command would change (for the refusal), or null when it is not on the list. */
export function firmwareChange(parsed: ParsedGcode | null): string | null {
  return parsed ? (FIRMWARE_CHANGING.get(parsed.word) ?? null) : null
}

export const FIRMWARE_CHANGING_COMMANDS: readonly string[] = [...FIRMWARE_CHANGING.keys()]
