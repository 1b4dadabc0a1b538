// The dry run of a typed request: what would be built, or why not and what to write instead; no job is created.
import { isGatewayError } from '../core/errors.js'
import { intentParameters, type IntentParameter, type ParameterSource } from './parameters.js'

export interface CheckPlan extends ParameterSource {
  parseIntent(text: string): unknown
  /** The object library's entry point when it has one: an intent or a refusal. */
  understand?(text: string): unknown
  resolvePrintProfile(name: string | null | undefined, quality?: string | null): unknown
}

export interface CheckAnswer {
  buildable: boolean
  request: string
  intent: unknown
  parameters: IntentParameter[]
  assumptions: string[]
  refusal: { code: string; message: string; suggestions: string[]; detail: unknown } | null
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : [])

/** Parses like the research step does. A refusal is an answer (buildable: false), not an error; anything else throws. */
export function checkRequest(plan: CheckPlan, text: string, o: { printerProfile?: string | null; qualityLevel?: string | null } = {}): CheckAnswer {
  const request = text.trim()
  // An unknown printer profile or quality is the caller's mistake: it throws the same 4xx as the print request would.
  plan.resolvePrintProfile(o.printerProfile ?? null, o.qualityLevel ?? null)
  try {
    const intent = plan.understand ? plan.understand(request) : plan.parseIntent(request)
    const assumptions = strings((intent as { assumptions?: unknown } | null)?.assumptions)
    return { buildable: true, request, intent, parameters: intentParameters(intent, plan), assumptions, refusal: null }
  } catch (error) {
    if (!isGatewayError(error) || (!error.code.startsWith('INTENT_') && error.code !== 'MODEL_TOO_LARGE')) throw error
    const detail = (error.detail ?? {}) as Record<string, unknown>
    return {
      buildable: false, request, intent: null, parameters: [], assumptions: [],
      refusal: { code: error.code, message: error.message, suggestions: strings(detail.suggestions), detail },
    }
  }
}
