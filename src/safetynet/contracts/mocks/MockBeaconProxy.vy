# pragma version ~=0.4.3
"""
@title Stand-in beacon proxy (local use and tests only)
@license AGPL-3.0-only
@notice Forwards every call with DELEGATECALL to the implementation its beacon
        names, and answers `beacon()`. Return data comes back ABI-wrapped as bytes.
@custom:security local and test use only.
@custom:kill Nothing to stop: its beacon decides what it runs.
"""


interface IBeacon:
    def implementation() -> address: view


# @dev The beacon naming the logic.
beacon: public(immutable(address))


@deploy
def __init__(beacon_: address):
    beacon = beacon_


@external
@payable
def __default__() -> Bytes[256]:
    return raw_call(
        staticcall IBeacon(beacon).implementation(),
        msg.data,
        max_outsize=256,
        is_delegate_call=True,
    )
