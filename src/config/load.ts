// Reads the YAML config file, applies PRINTGATE_* environment overrides and validates strictly.
import { readFileSync, existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { parse as parseYaml } from 'yaml'
import { GatewayError } from '../core/errors.js'
import { configSchema, type Config } from './schema.js'

type Env = Record<string, string | undefined>

/** `switch`: on/off/auto, where 1/true/yes mean on and 0/false/no mean off. */
type Kind = 'string' | 'int' | 'bool' | 'switch'

/** Environment variable → [section, key, kind]: the only place printgate reads its environment. */
const ENV_OVERRIDES: Record<string, [string | null, string, Kind]> = {
  PRINTGATE_HTTP_PORT: ['http', 'port', 'int'],
  PRINTGATE_HTTP_HOST: ['http', 'host', 'string'],
  PRINTGATE_HTTPS_PORT: ['https', 'port', 'int'],
  PRINTGATE_HTTPS_CERT: ['https', 'cert', 'string'],
  PRINTGATE_HTTPS_KEY: ['https', 'key', 'string'],
  PRINTGATE_SERIAL_PORT: ['printer', 'port', 'string'],
  PRINTGATE_BAUD: ['printer', 'baud', 'int'],
  PRINTGATE_FIRMWARE_PROFILE: ['printer', 'firmwareProfile', 'string'],
  PRINTGATE_AUTO_CONNECT: ['printer', 'autoConnect', 'bool'],
  PRINTGATE_ARC_FITTING: ['printer', 'arcFitting', 'bool'],
  PRINTGATE_FLOW_MODE: ['printer', 'flowMode', 'string'],
  PRINTGATE_PRINTER_ENGINE: ['printer', 'engine', 'string'],
  PRINTGATE_DATA_DIR: [null, 'dataDir', 'string'],
  PRINTGATE_QUEUE_AUTOSTART: ['queue', 'autoStart', 'bool'],
  PRINTGATE_CONFIRM_TYPED_REQUESTS: ['queue', 'confirmTypedRequests', 'bool'],
  PRINTGATE_SLICER_PATH: ['slicer', 'path', 'string'],
  PRINTGATE_LOG_LEVEL: ['logging', 'level', 'string'],
  PRINTGATE_LOG_CONSOLE: ['logging', 'consoleTraffic', 'bool'],
  PRINTGATE_MDNS: ['discovery', 'mdns', 'switch'],
  PRINTGATE_ANONYMOUS_READ: ['security', 'anonymousRead', 'bool'],
  PRINTGATE_ALLOW_PUBLIC: ['security', 'allowPublic', 'bool'],
  PRINTGATE_CAMERA_URL: ['camera', 'url', 'string'],
  PRINTGATE_NOTIFY_URL: ['notify', 'url', 'string'],
  PRINTGATE_MQTT_URL: ['mqtt', 'url', 'string'],
}

function convert(name: string, raw: string, kind: Kind): unknown {
  if (kind === 'string') return raw
  if (kind === 'switch') return /^auto$/i.test(raw.trim()) ? 'auto' : convert(name, raw.trim(), 'bool') ? 'on' : 'off'
  if (kind === 'bool') {
    if (/^(1|true|yes|on)$/i.test(raw.trim())) return true
    if (/^(0|false|no|off)$/i.test(raw.trim())) return false
  } else if (/^\d+$/.test(raw.trim())) return Number(raw.trim())
  throw new GatewayError('CONFIG_INVALID', `${name}=${raw} is not a valid ${kind}`)
}

function readFile(path: string): Record<string, unknown> {
  let doc: unknown
  try {
    doc = parseYaml(readFileSync(path, 'utf8'))
  } catch (cause) {
    throw new GatewayError('CONFIG_INVALID', `Cannot read config file ${path}`, { cause, detail: String(cause) })
  }
  if (doc === null || doc === undefined) return {}
  if (typeof doc !== 'object' || Array.isArray(doc)) {
    throw new GatewayError('CONFIG_INVALID', `Config file ${path} must hold a mapping`)
  }
  return doc as Record<string, unknown>
}

/**
 * Loads the configuration: `PRINTGATE_CONFIG` (or `./printgate.yaml` when it exists), then env
 * overrides. With nothing at all: simulated printer, data in ./data, port 8000 on 0.0.0.0.
 * @throws GatewayError CONFIG_INVALID naming the offending keys.
 */
export function loadConfig(env: Env = process.env, cwd = process.cwd()): Config {
  const explicit = env.PRINTGATE_CONFIG
  const path = explicit ? resolve(cwd, explicit) : resolve(cwd, 'printgate.yaml')
  if (explicit && !existsSync(path)) throw new GatewayError('CONFIG_INVALID', `Config file ${path} does not exist`)
  const doc: Record<string, unknown> = existsSync(path) ? readFile(path) : {}
  if (doc.printers !== undefined && doc.printer !== undefined) {
    throw new GatewayError('CONFIG_INVALID', 'Invalid configuration: give either `printer:` (one printer) or `printers:` (a list), not both', {
      detail: [{ path: 'printers', message: 'printer and printers both given' }],
    })
  }
  for (const [name, [section, key, kind]] of Object.entries(ENV_OVERRIDES)) {
    const raw = env[name]
    if (raw === undefined || raw === '') continue
    if (section === 'printer' && doc.printers !== undefined) {
      throw new GatewayError(
        'CONFIG_INVALID',
        `Invalid configuration: ${name} sets the single printer, but the config file lists \`printers:\`; set it per printer there`,
      )
    }
    const value = convert(name, raw, kind)
    if (section === null) doc[key] = value
    else {
      const current = doc[section]
      const target = current && typeof current === 'object' ? (current as Record<string, unknown>) : {}
      target[key] = value
      doc[section] = target
    }
  }
  const result = configSchema.safeParse(doc)
  if (!result.success) {
    const issues = result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }))
    throw new GatewayError('CONFIG_INVALID', `Invalid configuration: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, { detail: issues })
  }
  return { ...result.data, dataDir: resolve(cwd, result.data.dataDir) }
}
