"""Infrastructure: config, extensions, database, logs, headers, limits, clock."""
