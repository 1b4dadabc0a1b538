// Notification URLs in the ntfy/Apprise style, turned into one HTTP request each: ntfy(s)://, json(s)://, http(s)://.
import { GatewayError } from '../core/errors.js'

export interface Notice {
  title: string
  message: string
  /** ntfy priority 1–5; 4 for failures and things waiting on a person. */
  priority: 3 | 4
  /** ntfy tags (emoji short names), e.g. `white_check_mark`. */
  tags: string[]
  /** Why it was sent: completed, failed, paused, bed_clear, test. */
  event: string
}

export interface NoticeRequest {
  url: string
  init: { method: 'POST'; headers: Record<string, string>; body: string }
}

const SCHEMES = ['ntfy:', 'ntfys:', 'json:', 'jsons:', 'http:', 'https:'] as const

/** Checks a notification URL; throws VALIDATION_FAILED with the reason. */
export function parseTarget(raw: string): URL {
  let url: URL
  try {
    url = new URL(raw.trim())
  } catch {
    throw new GatewayError('VALIDATION_FAILED', `Not a URL: ${raw}`)
  }
  if (!(SCHEMES as readonly string[]).includes(url.protocol)) {
    throw new GatewayError(
      'VALIDATION_FAILED',
      `Unsupported notification scheme ${url.protocol} (use ntfy://, ntfys://, json://, jsons://, http:// or https://)`,
    )
  }
  if (!url.hostname) throw new GatewayError('VALIDATION_FAILED', 'The notification URL has no host')
  if ((url.protocol === 'ntfy:' || url.protocol === 'ntfys:') && url.pathname.replace(/\//g, '') === '') {
    throw new GatewayError('VALIDATION_FAILED', 'An ntfy URL needs a topic, e.g. ntfy://ntfy.example.org/printer')
  }
  return url
}

/** The URL with any password hidden, for logs and the settings screen. */
export function redactTarget(raw: string): string {
  try {
    const url = new URL(raw)
    if (url.password) url.password = '***'
    return url.toString()
  } catch {
    return '(invalid URL)'
  }
}

function basicAuth(url: URL): Record<string, string> {
  if (!url.username) return {}
  const credentials = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`
  return { Authorization: `Basic ${Buffer.from(credentials).toString('base64')}` }
}

/** The HTTP request that delivers one notice to one target. */
export function buildRequest(raw: string, notice: Notice): NoticeRequest {
  const url = parseTarget(raw)
  const secure = url.protocol === 'ntfys:' || url.protocol === 'jsons:' || url.protocol === 'https:'
  const target = `${secure ? 'https' : 'http'}://${url.host}${url.pathname}${url.search}`
  const auth = basicAuth(url)
  if (url.protocol === 'json:' || url.protocol === 'jsons:') {
    // Apprise's JSON notification body.
    const type = notice.priority >= 4 ? 'warning' : 'success'
    return {
      url: target,
      init: {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...auth },
        body: JSON.stringify({ version: '1.0', title: notice.title, message: notice.message, type }),
      },
    }
  }
  // ntfy: the message is the body, the rest are headers (ASCII only, so the title is sent as RFC 2047 when it is not).
  const title = /^[\x20-\x7e]*$/.test(notice.title) ? notice.title : `=?UTF-8?B?${Buffer.from(notice.title).toString('base64')}?=`
  return {
    url: target,
    init: {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain; charset=utf-8', Title: title, Priority: String(notice.priority), Tags: notice.tags.join(','), ...auth },
      body: notice.message,
    },
  }
}
