# pragma version ~=0.4.3
# pragma nonreentrancy off
"""
@title snekmate TimelockController (test fixture)
@license AGPL-3.0-only
@notice The snekmate 0.1.2 timelock module, deployed whole, to stand as a proxy admin.
@custom:security test-only wrapper; all logic is snekmate's.
"""

from snekmate.auth import access_control as ac
from snekmate.governance import timelock_controller as tc

initializes: ac
initializes: tc[access_control := ac]

exports: tc.__interface__


@deploy
@payable
def __init__(
    minimum_delay_: uint256,
    proposers_: DynArray[address, tc._DYNARRAY_BOUND],
    executors_: DynArray[address, tc._DYNARRAY_BOUND],
    admin_: address,
):
    ac.__init__()
    tc.__init__(minimum_delay_, proposers_, executors_, admin_)
