// The library as data for clients (the phone's parameter editor, docs): families, parameters with units and limits, examples.

import { families } from './registry.js'
import type { ParamSpec } from './types.js'

export interface FamilySummary {
  id: string
  title: string
  category: string
  params: Record<string, ParamSpec>
  examples: string[]
}

export function describeFamilies(): FamilySummary[] {
  return families.map((f) => ({ id: f.id, title: f.title, category: f.category, params: f.params, examples: f.examples }))
}
