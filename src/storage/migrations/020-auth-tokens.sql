-- Credentials of the access control (src/auth): API keys, device tokens and browser sessions, hashes only.
CREATE TABLE auth_tokens (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('admin', 'device', 'session', 'key')),
  name TEXT NOT NULL,
  scopes TEXT NOT NULL,
  token_hash TEXT NOT NULL,
  parent_id TEXT REFERENCES auth_tokens (id) ON DELETE CASCADE,
  created_at TEXT NOT NULL,
  last_used_at TEXT,
  expires_at TEXT,
  revoked_at TEXT
);
CREATE INDEX auth_tokens_parent ON auth_tokens (parent_id);
