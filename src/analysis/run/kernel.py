"""The Jupyter kernels a run executes its notebooks in.

Each kernel talks over local IPC sockets (not unencrypted TCP) and writes its own process
log to a file, not to the run's stderr: ipykernel logs lines such as "KeyboardInterrupt
caught in kernel" when the interrupt that precedes a shutdown lands inside a message handler,
and a refused run must still print exactly one line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jupyter_client.manager import KernelManager


class LoggedKernelManager(KernelManager):
    """A kernel manager whose kernel process writes its stderr to ``log_path``."""

    def __init__(self, log_path: Path, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._log_path = log_path

    async def _async_launch_kernel(self, kernel_cmd: list[str], **kw: Any) -> None:
        # The child keeps its own copy of the descriptor; ours can close after the launch.
        with self._log_path.open("ab") as log:
            await super()._async_launch_kernel(kernel_cmd, **{**kw, "stderr": log})


def ipc_kernel(folder: Path) -> LoggedKernelManager:
    """A python3 kernel with its sockets and its log (``kernel.log``) in ``folder``."""
    return LoggedKernelManager(folder / "kernel.log", kernel_name="python3", transport="ipc",
                               ip=str(folder / "kernel"))
