// The dry run of a typed request: what would be built, or why not and what to write instead; no job is created.
import { isGatewayError } from '../core/errors.js'
import { intentParameters, type IntentParameter, type ParameterSource } from './parameters.js'

export interface CheckPlan extends ParameterSource {
  parseIntent(text: string): unknown
  /** The object library's entry point when it has one: `{ ok, intent }` or `{ ok: false, code, reason, suggestions, closest }`. */
  understand?(text: string, options?: { printer?: never }): unknown
  resolvePrintProfile(name: string | null | undefined, quality?: string | null): unknown
}

export interface Refusal {
  code: string
  message: string
  suggestions: string[]
  closest: string[]
  detail: unknown
}

export interface CheckAnswer {
  buildable: boolean
  request: string
  intent: unknown
  parameters: IntentParameter[]
  assumptions: string[]
  refusal: Refusal | null
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : [])
type Answer = { ok: true; intent: unknown } | { ok: false; refusal: Refusal }

/** The library's answer, whichever way it gives it (a result object, or an intent / a thrown INTENT_* error). */
function ask(plan: CheckPlan, request: string, printer: unknown): Answer {
  if (plan.understand) {
    const u = (plan.understand as (t: string, o: { printer: unknown }) => Record<string, unknown>)(request, { printer })
    if (u.ok === true) return { ok: true, intent: u.intent }
    const detail = u.detail ?? {}
    return {
      ok: false,
      refusal: {
        code: String(u.code),
        message: String(u.reason ?? 'The request cannot be built'),
        suggestions: strings(u.suggestions),
        closest: strings(u.closest),
        detail,
      },
    }
  }
  try {
    return { ok: true, intent: plan.parseIntent(request) }
  } catch (error) {
    if (!isGatewayError(error) || (!error.code.startsWith('INTENT_') && error.code !== 'MODEL_TOO_LARGE')) throw error
    const detail = (error.detail ?? {}) as Record<string, unknown>
    return {
      ok: false,
      refusal: { code: error.code, message: error.message, suggestions: strings(detail.suggestions), closest: strings(detail.closest), detail },
    }
  }
}

/** Reads the words as the research step will, and checks the size against the chosen printer. A refusal is an answer, not an error. */
export function checkRequest(plan: CheckPlan, text: string, o: { printerProfile?: string | null; qualityLevel?: string | null } = {}): CheckAnswer {
  const request = text.trim()
  // An unknown printer profile or quality is the caller's mistake: it throws the same 4xx as the print request would.
  const profile = plan.resolvePrintProfile(o.printerProfile ?? null, o.qualityLevel ?? null) as { printer?: unknown }
  const answer = ask(plan, request, profile.printer)
  if (!answer.ok) return { buildable: false, request, intent: null, parameters: [], assumptions: [], refusal: answer.refusal }
  const intent = answer.intent as { notes?: unknown; assumptions?: unknown } | null
  const assumptions = strings(intent?.notes).length ? strings(intent?.notes) : strings(intent?.assumptions)
  return { buildable: true, request, intent: answer.intent, parameters: intentParameters(answer.intent, plan), assumptions, refusal: null }
}
