-- Jobs (the whole workflow record), their steps and events, uploaded files, the print queue, key/values.
CREATE TABLE jobs (
  id TEXT PRIMARY KEY,
  source TEXT NOT NULL CHECK (source IN ('text', 'stl', 'gcode')),
  user_request TEXT,
  user_id TEXT NOT NULL,
  printer_profile TEXT,
  quality_level TEXT,
  metadata TEXT NOT NULL DEFAULT '{}',
  file_id TEXT,
  status TEXT NOT NULL,
  current_step TEXT NOT NULL,
  message TEXT NOT NULL,
  progress REAL NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  started_at TEXT,
  finished_at TEXT,
  error_code TEXT,
  error_message TEXT,
  outputs TEXT NOT NULL DEFAULT '{}',
  gcode_hash TEXT,
  estimated_seconds REAL,
  actual_seconds REAL,
  filament_mm REAL,
  layer INTEGER,
  layer_count INTEGER,
  z REAL,
  last_line INTEGER,
  byte_offset INTEGER,
  print_elapsed_ms INTEGER
);
CREATE INDEX jobs_created ON jobs (created_at);
CREATE INDEX jobs_status ON jobs (status);

CREATE TABLE job_steps (
  job_id TEXT NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  position INTEGER NOT NULL,
  status TEXT NOT NULL,
  started_at TEXT,
  finished_at TEXT,
  duration_ms INTEGER,
  error_code TEXT,
  error_message TEXT,
  output TEXT,
  PRIMARY KEY (job_id, name)
);

CREATE TABLE job_events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  job_id TEXT NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
  at TEXT NOT NULL,
  type TEXT NOT NULL,
  status TEXT,
  message TEXT,
  data TEXT
);
CREATE INDEX job_events_job ON job_events (job_id, id);

CREATE TABLE files (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('gcode', 'stl')),
  size INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  stored_name TEXT NOT NULL,
  created_at TEXT NOT NULL,
  analysis TEXT
);

CREATE TABLE print_queue (
  position INTEGER PRIMARY KEY AUTOINCREMENT,
  job_id TEXT NOT NULL UNIQUE REFERENCES jobs (id) ON DELETE CASCADE,
  enqueued_at TEXT NOT NULL
);

CREATE TABLE kv (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
