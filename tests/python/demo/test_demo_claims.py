"""The demo's claims act runs on a fresh deployment and tells the story it promises."""

from rich.console import Console

from safetynet.demo.claims import claims_act


def test_claims_act__fresh_deployment__pays_rejects_refuses_and_rewards(
    protocol, product, funded_pool
):
    console = Console(record=True, width=200)
    assets = protocol.pool.totalAssets()
    claims_act(protocol, console)
    text = console.export_text()
    assert "exactly the payout" in text
    assert "claims: excluded cause: rug pull" in text
    assert "voted down" in text
    assert protocol.claims.claims(1).status == 3 and protocol.claims.claims(2).status == 2
    assert protocol.claims.claim_count() == 2  # the rug pull never became a claim
    assert protocol.pool.totalAssets() < assets
