"""One module per keeper task, each a `run(ctx) -> int` over the shared `KeeperContext`:
check covered code, index covers, watch feeds (and the local mock heartbeat), report
incidents, push payouts, settle claims. `TASKS` is the order of a pass."""

from safetynet.keeper.runner import Task
from safetynet.keeper.tasks import claims, code, covers, feeds, payouts, reports

TASKS: tuple[Task, ...] = (
    Task("check_code", code.run),
    Task("index_covers", covers.run, "covers_indexed"),
    Task("heartbeat", feeds.heartbeat),
    Task("watch_feeds", feeds.run),
    Task("report_incidents", reports.run, "reported"),
    Task("push_payouts", payouts.run, "paid_covers"),
    Task("settle_claims", claims.run, "claims_settled"),
)

__all__ = ["TASKS", "claims", "code", "covers", "feeds", "payouts", "reports"]
