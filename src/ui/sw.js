// Service worker: keeps the UI shell for offline start (never API, WebSocket or downloads) and shows web push notifications.

const CACHE = 'printgate-shell-v2'
const SHELL = [
  '/',
  '/index.html',
  '/first-screen.css',
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
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(SHELL))
      .then(() => self.skipWaiting()),
  )
})

// Navigation preload: the browser asks for the page while the worker starts, as a document (so the gateway fills it in).
self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((key) => key !== CACHE).map((key) => caches.delete(key))))
      .then(() => self.registration.navigationPreload?.enable())
      .then(() => self.clients.claim()),
  )
})

/**
 * The page a browser opens carries the printer's state of that moment (rendered by the gateway); offline it would look
 * live. The offline copy is the plain page instead: asked for by the worker itself (not a document, so not filled), at
 * most every 10 minutes.
 */
const SHELL_PAGE_EVERY_MS = 10 * 60_000
let shellPageAt = 0
function refreshShellPage() {
  if (Date.now() - shellPageAt < SHELL_PAGE_EVERY_MS) return
  shellPageAt = Date.now()
  caches
    .open(CACHE)
    .then((cache) => cache.add('/'))
    .catch(() => {})
}

/** Offline: the cached copy of the file (any version), else the plain page. */
const offline = (request) => caches.match(request, { ignoreSearch: true }).then((cached) => cached ?? caches.match('/'))

/** The page as the browser opened it (preloaded, else fetched now), so it shows the printer's state; offline, the plain copy. */
async function openPage(event) {
  try {
    const response = (await event.preloadResponse) ?? (await fetch(event.request))
    if (response.ok) refreshShellPage()
    return response
  } catch {
    return offline(event.request)
  }
}

/**
 * A `?v=<content hash>` URL never changes, so it comes from the cache without a network round trip; fetched once, it
 * replaces the file's older copies.
 */
async function pinned(request) {
  const cache = await caches.open(CACHE)
  const hit = await cache.match(request)
  if (hit) return hit
  try {
    const response = await fetch(request)
    if (response.ok) {
      const copy = response.clone()
      cache
        .delete(request, { ignoreSearch: true })
        .then(() => cache.put(request, copy))
        .catch(() => {})
    }
    return response
  } catch {
    return offline(request)
  }
}

/** Network first so a gateway update shows at once; the cached copy is only the offline fallback. */
async function networkFirst(request) {
  try {
    const response = await fetch(request)
    if (response.ok) {
      const copy = response.clone()
      caches
        .open(CACHE)
        .then((cache) => cache.put(request, copy))
        .catch(() => {})
    }
    return response
  } catch {
    return offline(request)
  }
}

self.addEventListener('fetch', (event) => {
  const request = event.request
  if (request.method !== 'GET') return
  const url = new URL(request.url)
  if (!isShell(url)) return
  if (request.mode === 'navigate') event.respondWith(openPage(event))
  else if (url.searchParams.has('v')) event.respondWith(pinned(request))
  else event.respondWith(networkFirst(request))
})

// Web push from the gateway (src/notify/web-push.ts): { title, body, tag, url }.
self.addEventListener('push', (event) => {
  let message = { title: 'printgate', body: '', tag: 'printgate', url: '/' }
  try {
    message = { ...message, ...event.data?.json() }
  } catch {
    message.body = event.data?.text() ?? ''
  }
  event.waitUntil(
    self.registration.showNotification(message.title, {
      body: message.body,
      tag: message.tag,
      icon: '/icons/icon-192.png',
      badge: '/icons/icon-192.png',
      data: { url: message.url },
    }),
  )
})

// A tap on the notification brings an open printgate tab forward, or opens one.
self.addEventListener('notificationclick', (event) => {
  event.notification.close()
  const url = new URL(event.notification.data?.url ?? '/', self.location.origin).href
  event.waitUntil(
    self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then((windows) => {
      const open = windows.find((w) => new URL(w.url).origin === self.location.origin)
      return open ? open.focus() : self.clients.openWindow(url)
    }),
  )
})
