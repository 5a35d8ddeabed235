"""The indexer: every SafetyNet event into SQL, reorg-safe and restart-safe (docs/indexer.md).

`models` holds the tables, `db` the engine and migrations, `projection` turns events into
derived rows, `service` runs the loop (one transaction per batch), `lease` keeps one
replica active.
"""
