# pragma version ~=0.4.3
"""
@title SafetyNet governance timelock
@license AGPL-3.0-only
@notice A TimelockController (snekmate) that holds DEFAULT_ADMIN_ROLE of every
        SafetyNet contract in production deployments: every parameter change is
        proposed, waits the minimum delay (2 days), then executes.
@custom:security Self-administered; proposers may schedule and cancel, executors execute.
@custom:kill Cannot be paused; a proposer cancels a pending operation.
"""

from snekmate.auth import access_control
from snekmate.governance import timelock_controller

initializes: access_control
initializes: timelock_controller[access_control := access_control]

exports: (
    timelock_controller.DEFAULT_ADMIN_ROLE,
    timelock_controller.hasRole,
    timelock_controller.getRoleAdmin,
    timelock_controller.grantRole,
    timelock_controller.revokeRole,
    timelock_controller.renounceRole,
    timelock_controller.set_role_admin,
    timelock_controller.PROPOSER_ROLE,
    timelock_controller.EXECUTOR_ROLE,
    timelock_controller.CANCELLER_ROLE,
    timelock_controller.get_minimum_delay,
    timelock_controller.get_timestamp,
    timelock_controller.supportsInterface,
    timelock_controller.is_operation,
    timelock_controller.is_operation_pending,
    timelock_controller.is_operation_ready,
    timelock_controller.is_operation_done,
    timelock_controller.get_operation_state,
    timelock_controller.hash_operation,
    timelock_controller.hash_operation_batch,
    timelock_controller.schedule,
    timelock_controller.schedule_batch,
    timelock_controller.cancel,
    timelock_controller.execute,
    timelock_controller.execute_batch,
    timelock_controller.update_delay,
    timelock_controller.onERC721Received,
    timelock_controller.onERC1155Received,
    timelock_controller.onERC1155BatchReceived,
    timelock_controller.__default__,
)


@deploy
def __init__(
    minimum_delay: uint256, proposers: DynArray[address, 255], executors: DynArray[address, 255]
):
    """
    @param minimum_delay Seconds every operation waits (2 days in production).
    @param proposers Accounts that may schedule and cancel operations.
    @param executors Accounts that may execute ready operations.
    """
    access_control.__init__()
    timelock_controller.__init__(minimum_delay, proposers, executors, empty(address))
