-- Several printers per gateway (issue 19): each job belongs to one printer; jobs from before belong to the default one.
ALTER TABLE jobs ADD COLUMN printer_id TEXT NOT NULL DEFAULT 'default';
CREATE INDEX jobs_printer_status ON jobs (printer_id, status);
