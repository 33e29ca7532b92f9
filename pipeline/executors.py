"""The Dask executor: documents as tasks on a dask.distributed cluster (local or remote).

``--executor dask`` starts a LocalCluster sized like the process pool (one single-threaded worker
process per core) unless ``--scheduler tcp://host:port`` names an existing cluster. Each task runs
``process_item`` exactly as the other executors do, so outputs are byte-identical.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from .config import Config
from .errors import UsageError

if TYPE_CHECKING:
    from .api import ItemResult
    from .inputs import InputItem


def dask_map(items: list[InputItem], cfg: Config, out_dir: Path) -> Iterator[ItemResult]:
    try:
        from dask.distributed import Client, LocalCluster, as_completed
    except ImportError as exc:  # pragma: no cover - dask is a declared dependency
        raise UsageError("the dask executor needs dask[distributed]") from exc
    from .api import process_item
    from .runner import mark_pool_worker, worker_count

    cluster = None
    if cfg.run.scheduler:
        client = Client(cfg.run.scheduler, timeout="20s")
    else:
        cluster = LocalCluster(n_workers=min(worker_count(cfg), max(1, len(items))),
                               threads_per_worker=1, processes=True, dashboard_address=None,
                               silence_logs=40)
        client = Client(cluster)
    try:
        client.run(mark_pool_worker)
        futures = client.map(process_item, items, cfg=cfg, out_dir=out_dir, pure=False)
        for future in as_completed(futures):
            yield future.result()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
