// What the orchestrator needs from the words-to-G-code library (src/plan), as a structural interface.

/** The subset of the plan library's G-code analysis the gateway reads. */
export interface GcodeAnalysisLike {
  lineCount?: number
  layerCount?: number
  filamentMm?: number | null
  estimatedSeconds?: number | null
  checks?: { problems?: string[]; tooLongLines?: number[]; fitsBuildVolume?: boolean }
}

export interface PrintProfileLike {
  printer: unknown
  material: unknown
  quality: unknown
}

/** Method syntax on purpose: the library's own stricter parameter types stay assignable. */
export interface PlanLibrary {
  parseIntent(text: string): unknown
  buildModel(intent: unknown, o: { outDir: string; printer: unknown; signal?: AbortSignal }): Promise<{ stlPath: string }>
  sliceModel(o: {
    stlPath: string
    outDir: string
    printer: unknown
    material: unknown
    quality: unknown
    infillPercent?: number
    signal?: AbortSignal
    timeoutMs?: number
    slicerPath?: string
  }): Promise<{ gcodePath: string; analysis: GcodeAnalysisLike }>
  analyseGcode(path: string, o?: { printer?: unknown; maxLineLength?: number; signal?: AbortSignal }): Promise<GcodeAnalysisLike>
  resolvePrintProfile(name: string | null | undefined, quality?: string | null): PrintProfileLike
  /** The profile with the intent's material and quality applied (the request's words win over defaults). */
  profileForIntent?(intent: unknown, name: string | null | undefined, quality?: string | null): PrintProfileLike
  findSlicer(configured?: string): Promise<string>
  /** Optional parts of the object library used by the preview: its schema, its parameter list and its own revision. */
  intentSchema?: { parse(value: unknown): unknown }
  intentParameters?(intent: unknown): import('../preview/parameters.js').IntentParameter[]
  reviseIntent?(intent: unknown, changes: Record<string, number | string>): unknown
  /** The materials and qualities an STL may be sliced with (printer profile names are `<printer>_<material>`). */
  MATERIAL_IDS?: readonly string[]
  QUALITY_IDS?: readonly string[]
}
