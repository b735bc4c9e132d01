"""The kernels a run starts: their log lines kept off the run's stderr; started ahead.

ipykernel logs to its process's stderr (for example "KeyboardInterrupt caught in kernel"
when the interrupt that precedes shutdown lands inside a message handler); a refused run
must still print exactly one line. A kernel started ahead of its notebook has its imports
loaded and nothing else of that visible.
"""

import subprocess
import sys
import textwrap

from analysis import config
from analysis.run.kernel import HISTORY_ARGUMENT, LaunchedKernel, ipc_kernel

_SCRIPT = textwrap.dedent("""
    import tempfile
    from pathlib import Path
    from analysis.run.kernel import ipc_kernel

    with tempfile.TemporaryDirectory() as sockets:
        kernel = ipc_kernel(Path(sockets))
        kernel.start_kernel()
        client = kernel.client()
        client.start_channels()
        client.wait_for_ready(timeout=60)
        # What the kernel process itself writes to file descriptor 2, as its logger does.
        client.execute_interactive("import os; os.write(2, b'kernel-process-stderr\\\\n')",
                                   timeout=60)
        client.stop_channels()
        kernel.shutdown_kernel(now=True)
""")


def test_kernel__its_process_stderr_does_not_reach_the_run_stderr():
    done = subprocess.run([sys.executable, "-c", _SCRIPT], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "kernel-process-stderr" not in done.stderr + done.stdout


PROBE = ("import os, sys; ip = get_ipython(); print('analysis.run.steps' in sys.modules, "
         "ip.execution_count, len(ip.history_manager.input_hist_raw), os.getcwd(), "
         "','.join(sorted(set(ip.user_ns) - {'exit', 'quit', 'open'})))")


def _probe(manager) -> list[str]:
    printed = []
    client = manager.client()
    client.start_channels()
    try:
        client.wait_for_ready(timeout=60)
        client.execute_interactive(PROBE, timeout=60, output_hook=lambda message: printed.append(
            message["content"].get("text", "")))
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
    return "".join(printed).split()


def test_launched_kernel__imports_loaded_else_as_a_fresh_kernel(tmp_path):
    """Counts, history, folder and namespace are a fresh kernel's; the imports are loaded."""
    fresh = ipc_kernel(tmp_path)
    fresh.start_kernel(cwd=str(config.NOTEBOOKS_DIR), extra_arguments=[HISTORY_ARGUMENT])
    launched = LaunchedKernel.launch(config.NOTEBOOKS_DIR)
    try:
        loaded, *seen = _probe(launched.manager)
    finally:
        launched.stop()
    assert loaded == "True"
    assert _probe(fresh) == ["False", *seen]
    assert seen[2] == str(config.NOTEBOOKS_DIR)
    assert not launched.sockets.exists()
