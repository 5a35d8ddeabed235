"""The sample market's parametric products: a USDC depeg and a custodian's proof of reserve.

Each gets its own mock Chainlink-style feed (local chains: `safetynet dev feed set` moves
it), a trigger, and an attestation. The USDC depeg triggers on two of three feeds of
different decimals (8, 18, 6: three independent sources), so one stuck or manipulated feed
can neither trigger nor block it (`set_trigger_feeds`; `dev feed set --feed N` moves one).
Rates are set from the incident history, not the protocol risk model, because these
products pay a fixed share of the cover, not a loss:
- USDC below 0.97 for an hour happened once since launch (SVB, March 2023: 0.87 for about two
  days) in 6.3 years: 16% a year, paid at 100%, plus a 25% loading: 20% a year.
- A custodian's reserves below its liabilities for a day: the custody model's base rate
  (about 4.75% a year for exchanges and custodians) at 100%, plus the loading: 6% a year.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from safetynet import sdk
from safetynet.artifacts import deployer
from safetynet.deploy import Protocol
from safetynet.errors import SafetyNetError
from safetynet.sdk import parametric as par
from safetynet.sdk import trigger_feeds as tfeeds
from safetynet.units import HOUR, YEAR


@dataclass(frozen=True)
class ParametricSample:
    slug: str
    name: str  # product name on chain
    feed_description: str
    decimals: int
    start_value: str  # the feed's first answer, human units
    threshold: str  # incident: the answer stays below this ...
    min_duration: int  # ... for this long (seconds)
    payout_bps: int
    annual_rate_bps: int
    capacity_units: int  # whole pool asset units
    wording: str
    # Further feeds (description, decimals) of a multi-feed trigger, and how many of all the
    # feeds (the first one included) must prove the incident; () and 0: one feed.
    more_feeds: tuple[tuple[str, int], ...] = ()
    required: int = 0


PARAMETRIC_SAMPLES = (
    ParametricSample(
        slug="usdc-depeg",
        name="USDC depeg",
        feed_description="USDC / USD",
        decimals=8,
        start_value="1.00",
        threshold="0.97",
        min_duration=HOUR,
        payout_bps=10_000,
        annual_rate_bps=2_000,
        capacity_units=2_000_000,
        wording="Pays the cover amount when two of three independent USDC/USD feeds each "
        "stay below 0.97 for one hour, at the same time.",
        more_feeds=(("USDC / USD (second source)", 18), ("USDC / USD (third source)", 6)),
        required=2,
    ),
    ParametricSample(
        slug="custodian-por",
        name="Custodian proof of reserve",
        feed_description="Custodian reserves / liabilities",
        decimals=8,
        start_value="1.02",
        threshold="1.00",
        min_duration=24 * HOUR,
        payout_bps=10_000,
        annual_rate_bps=600,
        capacity_units=1_000_000,
        wording="Pays the cover amount when the custodian's proof-of-reserve ratio feed "
        "stays below 1.0 for 24 hours.",
    ),
)


def sample(slug: str) -> ParametricSample:
    for s in PARAMETRIC_SAMPLES:
        if s.slug == slug:
            return s
    known = ", ".join(s.slug for s in PARAMETRIC_SAMPLES)
    raise SafetyNetError(f"no parametric sample {slug!r}: known are {known}")


def list_parametric_samples(p: Protocol, auditor: str) -> dict[str, int]:
    """Deploy each sample's mock feed, list the product, attest it and set its trigger.

    Returns slug -> product id; the feeds join `p.extra` as "feed_<slug>" (and
    "feed_<slug>_2", ... for a multi-feed trigger) (so a saved
    manifest keeps them). Needs the admin's role on Cover and Parametric (local deployments).
    """
    listed: dict[str, int] = {}
    decimals = p.asset.decimals()
    for s in PARAMETRIC_SAMPLES:
        with sdk.acting_as(p.admin):
            feed = deployer("MockAggregator").deploy(
                s.decimals, s.feed_description, par.price_to_answer(s.start_value, s.decimals)
            )
        pid = sdk.add_product(
            p, s.name, "parametric", s.annual_rate_bps, s.capacity_units * 10**decimals,
            wording=s.wording,
        )  # fmt: skip
        sdk.attest(p, pid, f"sample review of {s.slug} feed and wording", YEAR, sender=auditor)
        par.set_trigger(
            p, pid, feed.address, par.price_to_answer(s.threshold, s.decimals), s.min_duration,
            s.payout_bps,
        )  # fmt: skip
        p.extra[f"feed_{s.slug}"] = feed
        if s.more_feeds:
            feeds = [feed]
            for i, (description, feed_decimals) in enumerate(s.more_feeds, start=2):
                with sdk.acting_as(p.admin):
                    more = deployer("MockAggregator").deploy(
                        feed_decimals, description,
                        par.price_to_answer(s.start_value, feed_decimals),
                    )  # fmt: skip
                p.extra[f"feed_{s.slug}_{i}"] = more
                feeds.append(more)
            tfeeds.set_trigger_feeds(p, pid, [f.address for f in feeds], s.required)
        listed[s.slug] = pid
    return listed


def resolve_product(p: Protocol, product: str) -> int:
    """A product id from an id ("3") or a parametric sample slug ("usdc-depeg")."""
    if product.isdigit():
        return int(product)
    name = sample(product).name
    for pid in range(int(p.cover.product_count())):
        if p.cover.products(pid).name == name:
            return pid
    raise SafetyNetError(f"no product named {name!r} ({product}) on this deployment")


def threshold_of(s: ParametricSample) -> Decimal:
    return Decimal(s.threshold)
