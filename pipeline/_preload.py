"""Imported by the pool's fork server before it forks any worker (``warmup.PRELOAD``): the
stages' start-up work, done once there (``pipeline.warmup``)."""

from .warmup import warm_up

warm_up()
