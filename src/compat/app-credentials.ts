// Adapts src/auth's token store to what apps need: approved app keys are ordinary API keys (kind `key`).
import type { TokenStore } from '../auth/token-store.js'
import type { AppCredentials } from './deps.js'

export function appCredentialsFrom(store: Pick<TokenStore, 'issue' | 'list'>): AppCredentials {
  return {
    issue(name, scopes) {
      const issued = store.issue({ kind: 'key', name, scopes })
      return { token: issued.token, id: issued.record.id }
    },
    isLive: (id) => store.list().some((r) => r.id === id),
  }
}
