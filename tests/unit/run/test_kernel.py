"""The kernels a run starts keep their own log lines off the run's stderr.

ipykernel logs to its process's stderr (for example "KeyboardInterrupt caught in kernel"
when the interrupt that precedes shutdown lands inside a message handler); a refused run
must still print exactly one line.
"""

import subprocess
import sys
import textwrap

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
