"""What every long-running service (the keeper, the indexer) shares.

`loop` runs the passes (interval, one active replica under a lease, outages retried with
backoff, a graceful stop), `entry` the process around them (where the chain is, fatal errors
and SIGINT/SIGTERM, the command's shared options), `log` the JSON log lines, `process` the
child process `safetynet up` starts. Each service keeps its own work and its own names.
"""
