// A banner while the data disk is full: the gateway runs read-mostly until the owner frees space.

import { byId, setText } from './dom.js'
import { formatBytes } from './format.js'

/** A disk fills over hours; /health is 1.4 KB, so every 30 s was a tenth of the page's bytes while printing. */
const CHECK_EVERY_MS = 5 * 60_000

/** Reads /health now, every 5 min and when the page is shown again; shows or hides #disk-banner from its `disk` check. */
export function watchDisk({ api }) {
  const check = async () => {
    const el = byId('disk-banner')
    try {
      const disk = (await api.get('/health'))?.checks?.disk
      el.hidden = disk?.full !== true
      if (disk?.full)
        setText(
          el,
          `The gateway's disk is full (${formatBytes(disk.free_bytes ?? 0)} free): prints go on, but new files and job records cannot be saved. Delete old files or timelapses to free space.`,
        )
    } catch {
      // not paired or offline: other parts of the page say so
    }
  }
  void check()
  setInterval(check, CHECK_EVERY_MS)
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') void check()
  })
}
