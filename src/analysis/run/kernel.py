"""The Jupyter kernels a run executes its notebooks in.

Each kernel talks over local IPC sockets (not unencrypted TCP) and writes its own process
log to a file, not to the run's stderr: ipykernel logs lines such as "KeyboardInterrupt
caught in kernel" when the interrupt that precedes a shutdown lands inside a message handler,
and a refused run must still print exactly one line.

A run launches each notebook's kernel ahead of the notebook (``LaunchedKernel``): it starts,
and loads the packages the notebooks import, on the other core while the run sets up or the
notebook before it runs. nbclient runs a notebook in the kernel of the manager it is given
as it is when that kernel is already up.
"""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jupyter_client.manager import KernelManager

# nbclient starts a notebook's kernel with this argument (its ``ipython_hist_file``); a kernel
# launched ahead of its notebook gets the same.
HISTORY_ARGUMENT = "--HistoryManager.hist_file=:memory:"
# What a kernel runs as it starts, before it answers (IPython's ``exec_lines``, out of the
# history and the execution count): the packages the notebooks import first, the slow part
# of a start. The name is deleted again, so the namespace is that of a fresh kernel.
WARM_UP = "import analysis.charts.export, analysis.publish.views, analysis.run.steps; del analysis"


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


@dataclass(frozen=True)
class LaunchedKernel:
    """A notebook's kernel, launched ahead of the notebook, and its sockets folder."""

    sockets: Path
    manager: LoggedKernelManager

    @classmethod
    def launch(cls, cwd: Path) -> LaunchedKernel:
        """Start a kernel in ``cwd`` that loads ``WARM_UP`` as it starts; return at once."""
        sockets = Path(tempfile.mkdtemp(prefix="analysis-kernel-"))
        manager = ipc_kernel(sockets)
        try:
            manager.start_kernel(cwd=str(cwd), extra_arguments=[
                HISTORY_ARGUMENT, f"--IPKernelApp.exec_lines={WARM_UP}"])
        except BaseException:
            shutil.rmtree(sockets, ignore_errors=True)
            raise
        return cls(sockets, manager)

    def shut_down(self) -> None:
        """Shut the kernel down through jupyter_client, once its notebook ran or failed."""
        if self.manager.has_kernel:
            self.manager.shutdown_kernel(now=True)
        shutil.rmtree(self.sockets, ignore_errors=True)

    def stop(self) -> None:
        """Kill the kernel's process if it still runs, and remove its sockets folder.

        For a kernel whose notebook never ran (the run failed or was interrupted first):
        this does not go through jupyter_client's event loop, which an interrupted
        notebook leaves with its tasks pending, and never raises.
        """
        if self.manager.has_kernel:
            _kill(getattr(self.manager.provisioner, "process", None))
        shutil.rmtree(self.sockets, ignore_errors=True)


def _kill(process: subprocess.Popen | None) -> None:
    """Kill a kernel process and reap it (nothing when there is none)."""
    if process is None:
        return
    with contextlib.suppress(OSError):
        process.kill()
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=5)
