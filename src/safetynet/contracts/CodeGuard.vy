# pragma version ~=0.4.3
"""
@title SafetyNet code guard
@license AGPL-3.0-only
@notice Binds a product's attestation to the code that was audited. An auditor
        (or governance) records the covered contracts' code hashes and, for
        proxies, their implementations; `check_code` (anyone) compares them with
        the chain now and, on any difference, stops the product's sales on Cover
        until an auditor attests again. Covers already sold keep their protection.
@custom:security Trusts Cover: its roles (AUDITOR_ROLE, DEFAULT_ADMIN_ROLE) decide
        who records a code set, and Cover's `mark_code_changed` accepts only this
        contract. A proxy's implementation is read through `implementation()`
        where it answers (on a beacon proxy, through `beacon()` and the beacon's
        `implementation()`); a proxy that hides it is covered by its own code hash
        only, and the keeper watches its EIP-1967 slot off-chain. Behaviour that
        changes through storage (parameters, owners, oracles) is not code and is
        not seen here.
@custom:kill Nothing to pause: it can only stop sales, never move funds or touch
        covers; Cover's admin detaches it with `Cover.set_code_guard(empty(address))`.
"""

from snekmate.auth.interfaces import IAccessControl
from .interfaces import ICover

# @dev Contracts one product's attestation covers.
MAX_COVERED: constant(uint256) = 8
# @dev Gas a covered contract may spend answering `implementation()` or `beacon()`.
PROBE_GAS: constant(uint256) = 30_000
AUDITOR_ROLE: public(constant(bytes32)) = keccak256("AUDITOR_ROLE")
DEFAULT_ADMIN_ROLE: constant(bytes32) = empty(bytes32)


# @dev The Cover whose products this guards.
cover: public(immutable(address))


# @dev One covered contract as recorded: its code hash and, for a proxy, the
# implementation it delegates to and that implementation's code hash (zero when
# the contract answers neither `implementation()` nor `beacon()`).
struct CodeRecord:
    target: address
    code_hash: bytes32
    implementation: address
    implementation_hash: bytes32


# @dev product id => the covered code recorded at attestation.
_covered: HashMap[uint256, DynArray[CodeRecord, MAX_COVERED]]


# @dev A product's covered code was recorded (replacing any earlier set).
event CoveredCodeSet:
    product_id: indexed(uint256)
    by: indexed(address)
    records: DynArray[CodeRecord, MAX_COVERED]


# @dev The first covered contract found to differ, as it is now; Cover stopped
# the product's sales (its AttestationRevoked names this contract).
event CodeChanged:
    product_id: indexed(uint256)
    target: indexed(address)
    by: indexed(address)
    code_hash: bytes32
    implementation: address
    implementation_hash: bytes32


@deploy
def __init__(cover_: address):
    """
    @notice Guard the products of `cover_` (Cover's admin then enables it with
            `Cover.set_code_guard`).
    @param cover_ The Cover contract.
    """
    assert cover_ != empty(address), "code guard: zero cover"
    cover = cover_


@external
def set_covered_code(product_id: uint256, contracts: DynArray[address, MAX_COVERED]):
    """
    @notice Record the code a product's attestation covers: each contract's code
            hash and, for a proxy, its implementation and that code hash, as they
            are now. Auditors or governance. An empty list drops the binding.
    @dev Record the set, then attest on Cover: a fresh attestation is what lets
         sales resume after `check_code` stopped them.
    @param contracts Up to 8 contracts (for a beacon proxy, the proxy; list the
           beacon too when the proxy does not answer `beacon()`).
    """
    assert staticcall IAccessControl(cover).hasRole(
        AUDITOR_ROLE, msg.sender
    ) or staticcall IAccessControl(cover).hasRole(
        DEFAULT_ADMIN_ROLE, msg.sender
    ), "code guard: caller is not an auditor or admin"
    assert product_id < staticcall ICover(cover).product_count(), "code guard: unknown product"
    records: DynArray[CodeRecord, MAX_COVERED] = []
    for target: address in contracts:
        assert target.is_contract, "code guard: covered address has no code"
        records.append(self._record(target))
    self._covered[product_id] = records
    log CoveredCodeSet(product_id=product_id, by=msg.sender, records=records)


@external
def check_code(product_id: uint256) -> bool:
    """
    @notice Compare a product's covered code with the chain now. Anyone (the
            keeper, every interval). On a difference, stops the product's sales
            on Cover ("cover: covered code changed since attestation") until an
            auditor attests again, and logs CodeChanged.
    @return True when the code is as recorded (or no code set is recorded).
    """
    changed: bool = False
    now: CodeRecord = empty(CodeRecord)
    changed, now = self._first_change(product_id)
    if not changed:
        return True
    if not staticcall ICover(cover).code_changed(product_id):
        extcall ICover(cover).mark_code_changed(product_id)
        log CodeChanged(
            product_id=product_id,
            target=now.target,
            by=msg.sender,
            code_hash=now.code_hash,
            implementation=now.implementation,
            implementation_hash=now.implementation_hash,
        )
    return False


@external
@view
def code_matches(product_id: uint256) -> bool:
    """
    @notice True when a product's covered code is as recorded (or none is
            recorded): what `check_code` would find, without sending anything.
    """
    return not self._first_change(product_id)[0]


@external
@view
def covered_code(product_id: uint256) -> DynArray[CodeRecord, MAX_COVERED]:
    """
    @notice The code recorded for a product (empty when none).
    """
    return self._covered[product_id]


@external
@view
def covered_count(product_id: uint256) -> uint256:
    """
    @notice How many contracts a product's recorded code set holds (0: not bound).
    """
    return len(self._covered[product_id])


@internal
@view
def _first_change(product_id: uint256) -> (bool, CodeRecord):
    """
    @dev The first covered contract whose code hash, implementation or
         implementation code hash differs from the record, as it is now.
    """
    for recorded: CodeRecord in self._covered[product_id]:
        now: CodeRecord = self._record(recorded.target)
        if (
            now.code_hash != recorded.code_hash
            or now.implementation != recorded.implementation
            or now.implementation_hash != recorded.implementation_hash
        ):
            return True, now
    return False, empty(CodeRecord)


@internal
@view
def _record(target: address) -> CodeRecord:
    """
    @dev A contract's code as it is now. The implementation comes from the
         contract's `implementation()` (EIP-1967 proxies that expose it, or a
         beacon), else from `beacon()` and the beacon's `implementation()`.
    """
    implementation: address = self._probe(target, method_id("implementation()"))
    if implementation == empty(address):
        beacon: address = self._probe(target, method_id("beacon()"))
        if beacon != empty(address):
            implementation = self._probe(beacon, method_id("implementation()"))
    implementation_hash: bytes32 = empty(bytes32)
    if implementation != empty(address):
        implementation_hash = implementation.codehash
    return CodeRecord(
        target=target,
        code_hash=target.codehash,
        implementation=implementation,
        implementation_hash=implementation_hash,
    )


@internal
@view
def _probe(target: address, selector: Bytes[4]) -> address:
    """
    @dev The address `target` answers to a no-argument getter, or empty when it
         reverts, answers anything but one ABI-encoded address, or names an
         account without code. Bounded gas, so a hostile contract cannot stall a check.
    """
    ok: bool = False
    response: Bytes[32] = b""
    ok, response = raw_call(
        target,
        selector,
        max_outsize=32,
        gas=PROBE_GAS,
        is_static_call=True,
        revert_on_failure=False,
    )
    if not ok or len(response) != 32:
        return empty(address)
    word: uint256 = convert(response, uint256)
    if word >> 160 != 0:
        return empty(address)
    answer: address = convert(convert(word, uint160), address)
    if not answer.is_contract:
        return empty(address)
    return answer
