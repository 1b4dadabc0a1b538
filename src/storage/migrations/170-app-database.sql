-- Moonraker-style database namespaces (src/compat) where Mainsail, Fluidd and Mobileraker keep their settings: one JSON document per namespace.
CREATE TABLE app_database (
  namespace TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
