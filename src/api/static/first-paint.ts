// index.html with the dashboard's first state filled in (state pill, tab title, temperatures, progress, the store's seed).
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'

/** What the UI's own js/first-screen.js makes of a printer view (every string already escaped). */
export interface FirstScreen {
  state: string
  stateWords: string
  title: string
  main: string
  seed: string
}
export type FirstScreenRenderer = (printer: unknown, now?: number) => FirstScreen

/** Element Timing's name for the filled pill: only a live state is marked, never the placeholder (bench:ui reads its paint). */
const FIRST_STATE_TIMING = ' elementtiming="first-state"'
/** The places in index.html the first screen fills; a page without them is served as it is. */
const PILL = /(<span class="state-pill" id="printer-state" data-state=")unknown">…(<\/span>)/
const TITLE = /<title>printgate<\/title>/
const MAIN = /<p class="loading">Loading…<\/p>/
const BODY_END = /<\/body>/

/** The renderer is the UI's own module, so the words and formats are those app.js uses; loaded once per process. */
export function loadFirstScreen(root: string): () => Promise<FirstScreenRenderer | null> {
  let loading: Promise<FirstScreenRenderer | null> | null = null
  return () => {
    loading ??= import(pathToFileURL(join(root, 'js', 'first-screen.js')).href)
      .then((mod: { firstScreen?: FirstScreenRenderer }) => (typeof mod.firstScreen === 'function' ? mod.firstScreen : null))
      .catch(() => null)
    return loading
  }
}

/** The page with the printer's first state, or null when the page lacks one of the places to fill. */
export function fillPage(page: string, screen: FirstScreen): string | null {
  if (![PILL, TITLE, MAIN, BODY_END].every((place) => place.test(page))) return null
  return page
    .replace(PILL, (_m, open: string, close: string) => `${open}${screen.state}"${FIRST_STATE_TIMING}>${screen.stateWords}${close}`)
    .replace(TITLE, () => `<title>${screen.title}</title>`)
    .replace(MAIN, () => screen.main)
    .replace(BODY_END, () => `<script type="application/json" id="first-state">${screen.seed}</script>\n</body>`)
}
