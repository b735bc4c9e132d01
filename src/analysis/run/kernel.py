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

# nbclient starts a notebook's kernel with this argument (its ``ipython_hist_file``); a kernel
# started ahead of its notebook (``started_kernel``) gets the same.
HISTORY_ARGUMENT = "--HistoryManager.hist_file=:memory:"
# The packages the notebooks' first cells import: the slow part of a kernel's start.
WARM_IMPORTS = "import analysis.charts.export, analysis.publish.views, analysis.run.steps"
START_TIMEOUT_S = 60


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


def started_kernel(folder: Path, cwd: Path) -> LoggedKernelManager:
    """``ipc_kernel`` started in ``cwd`` with the notebooks' imports loaded, ready for papermill.

    nbclient runs a notebook in the kernel of the manager it is given when that kernel is
    already up: so the next notebook's kernel can start, and load its imports, on the
    other core while a notebook runs. The imports run silently and out of the history:
    the notebook's execution counts and outputs are those of a kernel started for it.
    """
    kernel = ipc_kernel(folder)
    kernel.start_kernel(cwd=str(cwd), extra_arguments=[HISTORY_ARGUMENT])
    try:
        _load_imports(kernel)
    except BaseException:
        kernel.shutdown_kernel(now=True)
        raise
    return kernel


def _load_imports(kernel: KernelManager) -> None:
    """Run ``WARM_IMPORTS`` in the kernel once it answers."""
    client = kernel.client()
    client.start_channels()
    try:
        client.wait_for_ready(timeout=START_TIMEOUT_S)
        # A failed import is the notebook's to report: its own cell raises the same.
        client.execute_interactive(WARM_IMPORTS, silent=True, store_history=False,
                                   timeout=START_TIMEOUT_S, output_hook=_ignore)
    finally:
        client.stop_channels()


def _ignore(_message: dict) -> None:
    """Drop what the warm-up imports print (the notebook prints its own)."""
