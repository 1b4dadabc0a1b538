// Loads and validates the firmware profiles at startup and picks one by M115's FIRMWARE_NAME.

import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { GatewayError } from '../core/errors.js'
import { firmwareProfileSchema, type FirmwareProfile } from './schema.js'

/** `<repo>/firmware-profiles`, found relative to this file. */
export const DEFAULT_PROFILE_DIR = fileURLToPath(new URL('../../firmware-profiles/', import.meta.url))

/** The fallback profile id used when nothing matches the firmware's name. */
export const GENERIC_PROFILE_ID = 'generic'

/**
 * Reads every `*.json` in `dir`, validates it with the strict schema and keys it by id.
 * Throws GatewayError FIRMWARE_PROFILE_INVALID naming the file and the offending field, also when
 * a file's `id` differs from its file name.
 */
export function loadFirmwareProfiles(dir: string = DEFAULT_PROFILE_DIR): Map<string, FirmwareProfile> {
  const profiles = new Map<string, FirmwareProfile>()
  const files = profileFiles(dir)
  const prebuilt = dir === DEFAULT_PROFILE_DIR ? readValidated(files.map((f) => join(dir, f))) : null
  if (prebuilt) {
    for (const profile of prebuilt) profiles.set(profile.id, profile)
    return profiles
  }
  for (const file of files) {
    const profile = parseProfileFile(join(dir, file))
    profiles.set(profile.id, profile)
  }
  return profiles
}

const profileFiles = (dir: string) =>
  readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()

/** The shipped profiles as the build step validated them (dist/profiles/validated-profiles.json). */
const VALIDATED = fileURLToPath(new URL('./validated-profiles.json', import.meta.url))

/** Identifies the profile files by name and content, so an edited profile is validated again instead of read from the build. */
function signature(paths: string[]): string {
  const hash = createHash('sha256')
  for (const path of paths) hash.update(basename(path)).update('\0').update(readFileSync(path)).update('\0')
  return hash.digest('hex')
}

function readValidated(paths: string[]): FirmwareProfile[] | null {
  if (!existsSync(VALIDATED)) return null
  try {
    const built = JSON.parse(readFileSync(VALIDATED, 'utf8')) as { signature: string; profiles: FirmwareProfile[] }
    return built.signature === signature(paths) ? built.profiles : null
  } catch {
    return null
  }
}

/** Build step: validates the shipped profiles and writes them where `loadFirmwareProfiles` finds them, beside this module. */
export function writeValidatedProfiles(target: string = VALIDATED): number {
  const files = profileFiles(DEFAULT_PROFILE_DIR).map((f) => join(DEFAULT_PROFILE_DIR, f))
  const profiles = files.map(parseProfileFile)
  writeFileSync(target, JSON.stringify({ signature: signature(files), profiles }))
  return profiles.length
}

/** Validates one profile file; exported for tools that check a single user-supplied profile. */
export function parseProfileFile(path: string): FirmwareProfile {
  const file = basename(path)
  let document: unknown
  try {
    document = JSON.parse(readFileSync(path, 'utf8'))
  } catch (cause) {
    throw invalid(file, `${file}: not valid JSON (${(cause as Error).message})`, [], cause)
  }
  const result = firmwareProfileSchema().safeParse(document)
  if (!result.success) {
    const issues = result.error.issues.map((issue) => ({ field: issue.path.join('.') || '(root)', message: issue.message }))
    const first = issues[0] as { field: string; message: string }
    throw invalid(file, `${file}: field "${first.field}": ${first.message}`, issues)
  }
  const expectedId = file.replace(/\.json$/, '')
  if (result.data.id !== expectedId) {
    throw invalid(file, `${file}: field "id" is "${result.data.id}" but must equal the file name "${expectedId}"`, [
      { field: 'id', message: `must be "${expectedId}"` },
    ])
  }
  return result.data
}

function invalid(file: string, message: string, issues: { field: string; message: string }[], cause?: unknown): GatewayError {
  return new GatewayError('FIRMWARE_PROFILE_INVALID', message, { detail: { file, issues }, cause })
}

/**
 * The profile whose `detect` substrings match `firmwareName` (case-insensitive) with the highest
 * `detectPriority` (ties: the id that sorts first); else the generic profile.
 * Throws FIRMWARE_PROFILE_UNKNOWN when nothing matches and there is no generic profile.
 * @example selectProfile(profiles, 'Prusa-Firmware 3.13.2 based on Marlin').id // 'prusa-mk3'
 */
export function selectProfile(profiles: Map<string, FirmwareProfile>, firmwareName: string | null): FirmwareProfile {
  const name = (firmwareName ?? '').toLowerCase()
  let best: FirmwareProfile | undefined
  if (name !== '') {
    for (const profile of profiles.values()) {
      if (!profile.detect.some((needle) => name.includes(needle.toLowerCase()))) continue
      if (!best || profile.detectPriority > best.detectPriority || (profile.detectPriority === best.detectPriority && profile.id < best.id)) {
        best = profile
      }
    }
  }
  const chosen = best ?? profiles.get(GENERIC_PROFILE_ID)
  if (!chosen) {
    throw new GatewayError('FIRMWARE_PROFILE_UNKNOWN', `No firmware profile matches "${firmwareName ?? ''}" and there is no generic profile`)
  }
  return chosen
}
