// Service worker: keeps the UI shell for offline start; never caches API, WebSocket or download responses.

const CACHE = 'printgate-shell-v2'
const SHELL = [
  '/',
  '/index.html',
  '/styles.css',
  '/preview.css',
  '/camera.css',
  '/app.js',
  '/manifest.webmanifest',
  '/icons/icon.svg',
  '/icons/icon-192.png',
]

/** Only the static shell is cacheable; everything else goes straight to the network. */
function isShell(url) {
  if (url.origin !== self.location.origin) return false
  if (/^\/(api|ws|health|docs|redoc|openapi)/.test(url.pathname)) return false
  return url.pathname === '/' || /\.(html|css|js|webmanifest|svg|png)$/.test(url.pathname)
}

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()))
})

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((key) => key !== CACHE).map((key) => caches.delete(key))))
      .then(() => self.clients.claim())
  )
})

// Network first so a gateway update shows at once; the cached shell is only the offline fallback.
self.addEventListener('fetch', (event) => {
  const request = event.request
  if (request.method !== 'GET') return
  const url = new URL(request.url)
  if (!isShell(url)) return
  event.respondWith(
    fetch(request)
      .then((response) => {
        if (response.ok) {
          const copy = response.clone()
          caches.open(CACHE).then((cache) => cache.put(request, copy))
        }
        return response
      })
      .catch(() => caches.match(request, { ignoreSearch: true }).then((cached) => cached ?? caches.match('/')))
  )
})
