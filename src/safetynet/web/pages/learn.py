"""Learn: the red flags the risk engine checks (one sentence each), real incidents told as
stories (which cover would have paid), and how assessment and parametric payouts work."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from safetynet.risk.rules import RULES
from safetynet.web.render import page
from safetynet.web.stories import stories
from safetynet.web.wording import EXCLUSIONS

router = APIRouter()

GROUP_TITLES = {
    "control": "Who controls the code",
    "code": "Dangerous code",
    "security": "Security practice",
    "maturity": "Maturity",
    "history": "History",
    "custody": "Custodians",
    "rug_pull": "Signs of a rug pull (not insurable)",
    "status": "Status (not insurable)",
}


@router.get("/learn", response_class=HTMLResponse, include_in_schema=False)
def learn(request: Request) -> HTMLResponse:
    groups: dict[str, list] = {g: [] for g in GROUP_TITLES}
    for rule in RULES.values():
        groups.setdefault(rule.group, []).append(rule)
    context = {
        "groups": [(GROUP_TITLES.get(g, g), rules) for g, rules in groups.items() if rules],
        "stories": stories(),
        "exclusions": EXCLUSIONS,
    }
    return page(request, "learn.html", context)
