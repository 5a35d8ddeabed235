"""Governance actions: admin calls sent directly, scheduled through the Timelock, or as calldata.

A deployment made with ``governance="timelock"`` has its admin role held by the Timelock (2-day
minimum delay): a batch of calls is scheduled by a proposer, waits, then is executed. A local
deployment's admin sends the calls itself. A multisig gets the calldata to sign elsewhere.

``Batch`` is what must be remembered between scheduling and execution (targets, payloads, salt):
it round-trips through JSON so a CLI can save it and execute it days later.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from safetynet.chain import now
from safetynet.errors import SafetyNetError
from safetynet.sdk.transactions import acting_as, transact

if TYPE_CHECKING:
    from safetynet.deploy import Protocol

DEFAULT_ADMIN_ROLE = b"\x00" * 32  # AccessControl's admin role (the same as deploy's)

ZERO32 = b"\x00" * 32
_TIMELOCK_REASON = re.compile(r"((?:timelock_controller|access_control): [a-z][a-z ]*)")


@dataclass(frozen=True)
class Call:
    """One admin call: target contract (by role in the deployment), function, arguments."""

    target: str  # "cover", "pool", ...
    address: str
    function: str
    args: tuple[Any, ...]
    data: bytes

    def to_json(self) -> dict[str, Any]:
        return {
            "target": self.target,
            "to": self.address,
            "function": self.function,
            "args": list(self.args),
            "value": 0,
            "data": "0x" + self.data.hex(),
        }


@dataclass(frozen=True)
class Batch:
    """A batch scheduled on the Timelock: everything ``execute_batch`` needs again."""

    timelock: str
    targets: tuple[str, ...]
    payloads: tuple[str, ...]  # 0x-hex
    salt: str
    delay: int
    operation_id: str
    ready_at: int

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["targets"], out["payloads"] = list(self.targets), list(self.payloads)
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Batch:
        try:
            return cls(
                timelock=str(data["timelock"]),
                targets=tuple(data["targets"]),
                payloads=tuple(data["payloads"]),
                salt=str(data["salt"]),
                delay=int(data["delay"]),
                operation_id=str(data["operation_id"]),
                ready_at=int(data["ready_at"]),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise SafetyNetError(f"not a scheduled batch ({exc}); schedule it again") from exc

    def _payload_bytes(self) -> list[bytes]:
        return [bytes.fromhex(x.removeprefix("0x")) for x in self.payloads]


def _timelock_transact(fn, *args: Any) -> Any:
    """The Timelock's own refusals (its roles, its operations) say "by the timelock"; any
    other revert reason goes through `transact` ("by the contract")."""
    try:
        return fn(*args)
    except SafetyNetError:
        raise
    except Exception as exc:
        match = _TIMELOCK_REASON.search(str(exc))
        if match is None:
            return transact(_reraise, exc)
        raise SafetyNetError(f"refused by the timelock: {match.group(1).strip()}") from exc


def _reraise(exc: BaseException) -> None:
    raise exc


def governance_mode(p: Protocol) -> str:
    """``timelock`` when a Timelock holds Cover's admin role, else ``admin``."""
    if p.timelock is not None and p.cover.hasRole(DEFAULT_ADMIN_ROLE, p.timelock.address):
        return "timelock"
    return "admin"


def admin_call(p: Protocol, target: str, function: str, *args: Any) -> Call:
    """Any admin function of a deployment's contract (``target`` = "cover", "pool", ...)."""
    contract = getattr(p, target, None)
    if contract is None:
        raise SafetyNetError(f"this deployment has no {target} contract")
    data = getattr(contract, function).prepare_calldata(*args)
    return Call(target, str(contract.address), function, tuple(args), bytes(data))


def set_product_call(
    p: Protocol, product_id: int, annual_rate_bps: int, capacity: int, paused: bool
) -> Call:
    """``Cover.set_product`` as a call (rate, capacity, paused flag of one product)."""
    args = (int(product_id), int(annual_rate_bps), int(capacity), bool(paused))
    return admin_call(p, "cover", "set_product", *args)


def _contract(p: Protocol, call: Call) -> Any:
    contract = getattr(p, call.target)
    if str(contract.address).lower() != call.address.lower():
        raise SafetyNetError(f"call targets {call.address}, not this deployment's {call.target}")
    return contract


def send_calls(p: Protocol, calls: list[Call], sender: str | None = None) -> None:
    """Send the calls one by one as the admin (local deployments)."""
    if governance_mode(p) == "timelock":
        raise SafetyNetError("the Timelock holds the admin role here: schedule the calls instead")
    with acting_as(sender or p.admin):
        for call in calls:
            transact(getattr(_contract(p, call), call.function), *call.args)


def schedule_batch(
    p: Protocol,
    calls: list[Call],
    *,
    delay: int | None = None,
    salt: bytes | None = None,
    sender: str | None = None,
) -> Batch:
    """Schedule the calls as one Timelock batch (proposer); returns what execution needs."""
    if p.timelock is None:
        raise SafetyNetError("this deployment has no Timelock; send the calls as the admin")
    if not calls:
        raise SafetyNetError("nothing to schedule")
    tl = p.timelock
    minimum = int(tl.get_minimum_delay())
    delay = minimum if delay is None else int(delay)
    if delay < minimum:
        raise SafetyNetError(f"delay {delay} s is below the Timelock's minimum {minimum} s")
    targets = [c.address for c in calls]
    payloads = [c.data for c in calls]
    if salt is None:
        from eth_utils import keccak

        salt = keccak(b"".join(payloads) + now().to_bytes(32, "big"))
    op_id = bytes(tl.hash_operation_batch(targets, [0] * len(calls), payloads, ZERO32, salt))
    with acting_as(sender or p.admin):
        _timelock_transact(
            tl.schedule_batch, targets, [0] * len(calls), payloads, ZERO32, salt, delay
        )
    return Batch(
        timelock=str(tl.address),
        targets=tuple(targets),
        payloads=tuple("0x" + x.hex() for x in payloads),
        salt="0x" + salt.hex(),
        delay=delay,
        operation_id="0x" + op_id.hex(),
        ready_at=int(tl.get_timestamp(op_id)),
    )


def batch_state(p: Protocol, batch: Batch) -> str:
    """``unset``, ``waiting``, ``ready`` or ``done``."""
    _check_timelock(p, batch)
    op = bytes.fromhex(batch.operation_id.removeprefix("0x"))
    if p.timelock.is_operation_done(op):
        return "done"
    if p.timelock.is_operation_ready(op):
        return "ready"
    if p.timelock.is_operation_pending(op):
        return "waiting"
    return "unset"


def _check_timelock(p: Protocol, batch: Batch) -> None:
    if p.timelock is None or str(p.timelock.address).lower() != batch.timelock.lower():
        raise SafetyNetError(
            f"the batch was scheduled on Timelock {batch.timelock}, not on this deployment's"
        )


def execute_batch(p: Protocol, batch: Batch, sender: str | None = None) -> None:
    """Execute a scheduled batch once its delay has passed (executor)."""
    state = batch_state(p, batch)
    if state == "waiting":
        wait = batch.ready_at - now()
        raise SafetyNetError(
            f"the batch is not ready: {wait} s of the Timelock delay left (ready at unix time "
            f"{batch.ready_at}); run --execute again after that"
        )
    if state == "done":
        raise SafetyNetError("the batch was already executed")
    if state == "unset":
        raise SafetyNetError("no such batch on the Timelock (cancelled?); schedule it again")
    payloads = batch._payload_bytes()
    with acting_as(sender or p.admin):
        _timelock_transact(
            p.timelock.execute_batch,
            list(batch.targets),
            [0] * len(payloads),
            payloads,
            ZERO32,
            bytes.fromhex(batch.salt.removeprefix("0x")),
        )


def schedule_batch_calldata(
    p: Protocol, calls: list[Call], *, delay: int | None = None, salt: bytes = ZERO32
) -> dict[str, Any]:
    """The Timelock ``schedule_batch`` transaction for a multisig proposer to sign."""
    if p.timelock is None:
        raise SafetyNetError("this deployment has no Timelock")
    delay = int(p.timelock.get_minimum_delay()) if delay is None else int(delay)
    targets = [c.address for c in calls]
    payloads = [c.data for c in calls]
    data = p.timelock.schedule_batch.prepare_calldata(
        targets, [0] * len(calls), payloads, ZERO32, salt, delay
    )
    return {"to": str(p.timelock.address), "value": 0, "data": "0x" + bytes(data).hex()}
