"""The sample market binds Aave's and Uniswap's attestations to stand-in code; upgrading
Aave's stand-in proxy stops its sales at the next check_code."""

import boa
import pytest

from safetynet import sdk
from safetynet.deploy import deploy_protocol
from safetynet.errors import SafetyNetError
from safetynet.samples import list_samples
from safetynet.samples.code import upgrade_sample
from safetynet.sdk import code


def test_samples__protocol_products__bound_to_stand_in_code_upgrade_stops_sales(admin, auditor):
    with boa.swap_env(boa.Env()):
        boa.env.eoa = admin
        p = deploy_protocol(admin=admin)
        listed = list_samples(p, auditor)
        aave, uniswap = listed["aave-v3"], listed["uniswap-v3"]
        (aave_record,) = code.covered_code(p, aave)
        assert aave_record.target == p.extra["proxy_aave-v3"].address
        assert aave_record.implementation == p.extra["logic_aave-v3"].address
        (uni_record,) = code.covered_code(p, uniswap)
        assert uni_record.implementation == code.ZERO  # immutable core: its own hash only
        assert sdk.product(p, aave).code == "as audited"
        assert sdk.product(p, listed["binance"]).code == "not bound"

        proxy, implementation = upgrade_sample(p, "aave-v3")
        assert sdk.product(p, aave).code == "differs: check_code will stop sales"
        assert code.check_code(p, aave) is False
        info = sdk.product(p, aave)
        assert info.code_changed and not info.attested and info.code == "changed: sales stopped"
        assert code.code_state(p, uniswap).label == "as audited"
        with pytest.raises(SafetyNetError, match="no stand-in proxy"):
            upgrade_sample(p, "uniswap-v3")
