// Finds the credential a request presents: X-Api-Key, Authorization: Bearer, or the session cookie.
import type { Context } from 'hono'
import { getCookie } from 'hono/cookie'

export const SESSION_COOKIE = 'printgate_session'

export type CredentialSource = 'key' | 'bearer' | 'cookie'

export interface PresentedCredential {
  source: CredentialSource
  token: string
}

/**
 * The credentials in the order they are tried. An empty X-Api-Key counts as none (PrusaSlicer
 * sends it empty); `Authorization: Basic` (a proxy's) is never a credential here.
 */
export function presentedCredentials(c: Context): PresentedCredential[] {
  const found: PresentedCredential[] = []
  const key = c.req.header('x-api-key')?.trim()
  if (key) found.push({ source: 'key', token: key })
  const bearer = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(c.req.header('authorization') ?? '')
  if (bearer) found.push({ source: 'bearer', token: bearer[1]! })
  let cookie: string | undefined
  try {
    cookie = getCookie(c, SESSION_COOKIE)
  } catch {
    cookie = undefined
  }
  if (cookie) found.push({ source: 'cookie', token: cookie })
  return found
}
