// Which printer a view drives: the main one through the single-printer API (id null), or one of several through /api/printers/<id>/….

/** The addressed printer's API paths, pages, state and temperature readings. */
export function printerTarget(store, id = null) {
  const main = id === null
  const api = main ? '/api/printer' : `/api/printers/${encodeURIComponent(id)}`
  const page = main ? '#/' : `#/printers/${encodeURIComponent(id)}`
  const printer = () => (main ? store.state.printer : store.state.printers.get(id)) ?? null
  return {
    id,
    main,
    /** `/api/printer/<name>` or `/api/printers/<id>/<name>`. */
    path: (name) => `${api}/${name}`,
    /** The printer's page, or one of its sheets (`control`, `console`). */
    href: (sheet) => (!sheet ? page : main ? `#/${sheet}` : `${page}/${sheet}`),
    printer,
    name: () => (main ? null : (printer()?.name ?? id)),
    /** What readingState reads: the printer, when it last reported a temperature, where the state came from. */
    reading: () =>
      main ? store.state : { printer: printer(), readingAt: store.state.printerReadings.get(id)?.readingAt ?? null, source: printer() ? 'gateway' : 'loading' },
    history: () => (main ? store.state.temperatureHistory : (store.state.printerReadings.get(id)?.samples ?? [])),
    /** Whether a store change is about this printer. */
    changedIn: (changes) => changes.has(main ? 'printer' : 'printers'),
  }
}

/**
 * For one of several printers: the gateway's printer list (names, states; the `printers` topic keeps it current after) and
 * this printer's kept temperature history, so its chart is full at once. The main printer's are loaded with everything else.
 */
export async function loadTarget(ctx, target) {
  if (target.main) return
  await ctx.refreshPrinters()
  if (!ctx.store.state.printers.has(target.id)) return
  const history = await ctx.api.get(target.path('temperature-history')).catch(() => null)
  if (history) ctx.store.setPrinterHistory(target.id, history)
}
