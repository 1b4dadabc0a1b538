// The notification URLs: those from the config file (read-only) and those saved from the phone's Setup screen (SQLite kv).
import { GatewayError } from '../core/errors.js'
import { parseTarget, redactTarget } from './targets.js'

/** The kv table as this module needs it (src/storage provides it). */
export interface KeyValue {
  get(key: string): string | null
  set(key: string, value: string): void
}

const KEY = 'notify.urls'
const MAX_URLS = 10

export interface NotifySettings {
  /** Every URL told of a notice: the config's, then the saved ones. */
  targets(): string[]
  /** What the Setup screen shows: passwords hidden. */
  view(): { configured: string[]; urls: string[] }
  /** Checks and saves the phone's list; a URL whose password reads `***` keeps the saved password. */
  save(urls: string[]): string[]
  /** The phone's list resolved the same way, without saving (for "Send test"). */
  resolve(urls: string[]): string[]
}

export function createNotifySettings(kv: KeyValue, fromConfig: string[]): NotifySettings {
  const saved = (): string[] => {
    try {
      const value: unknown = JSON.parse(kv.get(KEY) ?? '[]')
      return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []
    } catch {
      return []
    }
  }

  function resolve(urls: string[]): string[] {
    if (urls.length > MAX_URLS) throw new GatewayError('VALIDATION_FAILED', `At most ${MAX_URLS} notification URLs`)
    const known = new Map([...fromConfig, ...saved()].map((url) => [redactTarget(url), url]))
    const out: string[] = []
    for (const raw of urls.map((u) => u.trim()).filter(Boolean)) {
      const url = known.get(raw) ?? raw
      parseTarget(url)
      if (!out.includes(url)) out.push(url)
    }
    return out
  }

  return {
    targets: () => [...new Set([...fromConfig, ...saved()])],
    view: () => ({ configured: fromConfig.map(redactTarget), urls: saved().map(redactTarget) }),
    save(urls) {
      const list = resolve(urls)
      kv.set(KEY, JSON.stringify(list))
      return list.map(redactTarget)
    },
    resolve,
  }
}
