"""Imported by the pool's fork server before it forks any worker (``warmup.PRELOAD``): the stages'
start-up work, done once there (``pipeline.warmup``), then every object it made frozen out of
the collector's reach (``gc.freeze``): a worker's collections do not walk them, nor write to
their pages, which stay shared with the server instead of being copied into each worker (a
serial run of 300 synthetic notices: 0.026 s of collections against 0.011 s)."""

import gc

from .warmup import warm_up

warm_up()
gc.freeze()
