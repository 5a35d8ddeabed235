"""The API over an index database (SQLite and PostgreSQL): what each route answers, and how
it refuses bad input (4xx with a message, never 500)."""

from __future__ import annotations

import pytest
from api_data import BLOCK, DAY, HOLDER, NOW, OTHER, USDC


def _ok(client, url: str) -> dict:
    r = client.get(url)
    assert r.status_code == 200, r.text
    assert r.headers["X-Indexed-Through-Block"] == str(BLOCK)
    body = r.json()
    assert body["indexed_through"] == {"block": BLOCK, "timestamp": NOW}
    return body


def test_covers__by_owner__newest_first_with_state_and_deadline(client):
    body = _ok(client, f"/api/covers?owner={HOLDER.upper().replace('0X', '0x')}")
    assert [c["cover_id"] for c in body["items"]] == [4, 2, 1]
    by_id = {c["cover_id"]: c for c in body["items"]}
    assert by_id[4]["state"] == "paid out" and by_id[2]["state"] == "active"
    assert by_id[1]["remaining"] == str(600 * USDC)  # amounts are strings
    assert by_id[2]["claim_deadline"] == by_id[2]["end"] + 30 * DAY


def test_covers__pages__cursor_walks_every_cover_once(client):
    seen, cursor = [], ""
    while True:
        body = _ok(client, f"/api/covers?limit=2&cursor={cursor}")
        seen += [c["cover_id"] for c in body["items"]]
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert seen == [5, 4, 3, 2, 1]


@pytest.mark.parametrize(
    ("query", "ids"),
    [("product_id=1", [5, 4]), ("state=waiting", [3]), ("state=expired", [5]),
     ("state=active", [2, 1]), (f"owner={OTHER}&product_id=0", [3])],
)  # fmt: skip
def test_covers__filters__only_matching(client, query, ids):
    assert [c["cover_id"] for c in _ok(client, f"/api/covers?{query}")["items"]] == ids


def test_cover__one__timeline_in_order(client):
    data = _ok(client, "/api/covers/2")["data"]
    kinds = [t["kind"] for t in data["timeline"]]
    assert kinds[0] == "bought" and "transferred" in kinds and "claim filed" in kinds
    assert kinds[-1] == "claim deadline"
    times = [t["time"] for t in data["timeline"]]
    assert times == sorted(times)


def test_claim__open__votes_quorum_progress_stage(client):
    data = _ok(client, "/api/claims/2")["data"]
    assert data["stage"] == "voting" and data["status"] == "open"
    assert data["quorum_progress_bps"] == 6_000  # 6,000 of 10,000 SNET voted
    assert [v["accept"] for v in data["votes"]] == [False, True]  # in the order cast
    assert data["voting_end"] == NOW + 2 * DAY and data["payout_at"] == NOW + 3 * DAY


def test_claims__filters__status_and_claimant(client):
    assert [c["claim_id"] for c in _ok(client, "/api/claims?status=paid")["items"]] == [1]
    assert _ok(client, f"/api/claims?claimant={OTHER}")["items"] == []


def test_stats__figures__loss_ratio_and_payout_times(client):
    body = _ok(client, "/api/stats")
    assert body["claims_paid"] == str(1_400 * USDC)
    assert body["premiums_written"] == str(75 * USDC)
    earned = int(body["premiums_earned"])
    assert 0 < earned < 75 * USDC  # covers 1-3 are still earning
    assert body["loss_ratio"] == pytest.approx(1_400 * USDC / earned, rel=1e-5)
    timing = {t["kind"]: t for t in body["time_to_payout"]}
    assert timing["assessed"]["median_seconds"] == 6 * DAY
    assert timing["parametric"]["worst_seconds"] == 3_800
    assert body["claims_by_product"][0]["claims_accepted"] == 1
    assert len(body["capital"]) == 3


def test_products__market__capacity_attestation_surge_risk(client):
    items = _ok(client, "/api/products")["items"]
    aave = items[0]
    assert aave["active"] == str(3_500 * USDC)  # covers 1-3; 4, 5 expired
    assert aave["capacity_left"] == str(1_000_000 * USDC - 3_500 * USDC)
    assert aave["attestation"]["live"] is True and aave["on_sale"] is True
    assert [p["rate_bps"] for p in aave["surge_curve"]][-1] == 500  # 2x at 100%
    assert aave["risk"] is not None and aave["risk"]["tier"] in "ABCDX"
    assert items[1]["risk"] is None  # parametric: no protocol to scan
    assert [p["kind"] for p in _ok(client, "/api/products?kind=parametric")["items"]] == [
        "parametric"
    ]


def test_products__pages__cursor_walks_every_product_once(client):
    first = _ok(client, "/api/products?limit=1")
    assert [p["product_id"] for p in first["items"]] == [0] and first["next_cursor"] == "0"
    rest = _ok(client, f"/api/products?limit=1&cursor={first['next_cursor']}")
    assert [p["product_id"] for p in rest["items"]] == [1] and rest["next_cursor"] is None


def test_feed_history__parametric_product__rounds_below_threshold(client):
    body = _ok(client, "/api/products/1/feed-history")
    assert [r["below_threshold"] for r in body["items"]] == [True, True, False, False]
    assert body["threshold"] == "97000000"


def test_incidents_payouts_positions(client):
    assert _ok(client, "/api/incidents")["items"][0]["covers_paid"] == 1
    assert _ok(client, "/api/incidents/1")["data"]["total_paid"] == str(1_000 * USDC)
    payouts = _ok(client, "/api/payouts?kind=parametric")["items"]
    assert [p["cover_id"] for p in payouts] == [4]
    page = _ok(client, "/api/payouts?limit=1")
    assert page["next_cursor"] and _ok(client, f"/api/payouts?cursor={page['next_cursor']}")
    pos = _ok(client, f"/api/accounts/{HOLDER}")
    assert pos["stake"] == str(50_000 * 10**18) and pos["covers"] == 3 and pos["claims"] == 2
    empty = _ok(client, "/api/accounts/0x" + "99" * 20)
    assert empty["shares"] == "0" and empty["covers"] == 0


def test_health__database_answers__ok_with_block(client):
    assert _ok(client, "/api/health")["status"] == "ok"


def test_pool__now_and_history(client):
    assert _ok(client, "/api/pool")["latest"]["total_assets"] == str(5_000_000 * USDC)
    hist = _ok(client, "/api/pool/history?limit=2")
    assert len(hist["items"]) == 2 and hist["next_cursor"]


def test_calendar_and_atom__served_with_types(client):
    r = client.get(f"/api/accounts/{HOLDER}/covers.ics")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/calendar")
    assert r.text.count("BEGIN:VEVENT") == 6
    r = client.get("/api/products/0/feed.atom")
    assert r.status_code == 200 and r.headers["content-type"] == "application/atom+xml"
    assert b"Claim #2 on Aave v3: voting" in r.content


@pytest.mark.parametrize(
    ("url", "status", "words"),
    [
        ("/api/covers?owner=0x123", 422, "owner"),
        ("/api/covers?limit=0", 422, "limit"),
        ("/api/covers?limit=501", 422, "limit"),
        ("/api/covers?cursor=abc", 422, "cursor"),
        ("/api/pool/history?cursor=10000000000000000000", 422, "cursor"),
        ("/api/covers/99", 404, "no cover 99"),
        ("/api/covers/-1", 422, "cover_id"),
        ("/api/covers/99999999999999999999999", 422, "cover_id"),
        ("/api/claims/7", 404, "no claim 7"),
        ("/api/claims?status=won", 422, "status"),
        ("/api/products/9", 404, "no product 9"),
        ("/api/products/0/feed-history", 404, "no parametric trigger"),
        ("/api/accounts/nothex/covers.ics", 422, "address"),
        ("/api/payouts?cursor=1-2", 422, "cursor"),
        ("/api/quote?product_id=0&amount=1000&days=30", 503, "chain"),
        ("/api/quote?product_id=0&amount=0&days=30", 422, "amount"),
    ],
)
def test_bad_input__refused_with_message(client, url, status, words):
    r = client.get(url)
    assert r.status_code == status, r.text
    assert words in r.json()["error"]


def test_docs__offline__swagger_ui_from_the_package(client):
    page = client.get("/docs")
    assert page.status_code == 200 and "/docs/assets/swagger-ui-bundle.js" in page.text
    assert "cdn" not in page.text.lower()
    bundle = client.get("/docs/assets/swagger-ui-bundle.js")
    assert bundle.status_code == 200 and len(bundle.content) > 100_000
    assert client.get("/openapi.json").json()["info"]["title"] == "SafetyNet API"
