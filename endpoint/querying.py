"""Running a query with every guard: static checks here, then the app's executor.

Static guards (`endpoint.guards`) refuse updates and SERVICE calls outside the allow-list before
anything is evaluated or forwarded; the executor (`endpoint.executors` for the embedded store,
`endpoint.upstream` for `--upstream`) enforces the timeout and the row cap and serialises the
negotiated format (`endpoint.formats`).
"""
from __future__ import annotations

from endpoint.executors import Answer, QueryJob
from endpoint.formats import GRAPH_FORMATS, RESULT_FORMATS, negotiate
from endpoint.guards import check_static, service_targets

__all__ = ["Answer", "QueryJob", "GRAPH_FORMATS", "RESULT_FORMATS", "negotiate", "check_static",
           "service_targets", "run_query"]


def run_query(executor, job: QueryJob, service_allowlist: tuple[str, ...] | list[str] = ()) -> Answer:
    """The guarded answer to `job` from `executor`; raises the endpoint's error classes."""
    check_static(job.text, service_allowlist)
    return executor.run(job)
