"""Processes of the test stack: started in their own process groups, logged to
files, waited for on their ports, and always stopped (group-wide) at the end.
"""

import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request

# Ports the real services use by default: never taken here, so a developer's
# own Redis/Prometheus/Django/worker is not disturbed.
DEFAULT_PORTS = {3000, 5432, 5555, 6379, 8000, 8080, 9090, 9808}


def _death_signal_prefix():
    """`setpriv --pdeathsig KILL --` when util-linux's setpriv works here, else nothing.

    The kernel then kills each started process as soon as this driver dies,
    even by SIGKILL: the processes run in sessions of their own, so a signal
    to the harness's process group does not reach them.
    """
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        return []
    try:
        ok = subprocess.run([setpriv, "--pdeathsig", "KILL", "--", "true"], timeout=10).returncode == 0
    except (OSError, subprocess.SubprocessError):
        ok = False
    return [setpriv, "--pdeathsig", "KILL", "--"] if ok else []


DEATH_SIGNAL = _death_signal_prefix()


class StackError(Exception):
    """A process that did not start or died, with what to look at."""


def free_port(taken):
    """A free TCP port on 127.0.0.1, not a default service port and not in `taken`."""
    for _ in range(50):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        if port not in DEFAULT_PORTS and port not in taken:
            taken.add(port)
            return port
    raise StackError("could not find a free port on 127.0.0.1")


def tail(path, lines=40):
    """The last lines of a log file (or a note that it is missing)."""
    try:
        with open(path, "rb") as f:
            f.seek(0, os.SEEK_END)
            size = f.tell()
            f.seek(max(0, size - 64 * 1024))
            text = f.read().decode("utf-8", "replace")
    except OSError as exc:
        return f"(no log: {exc})"
    return "\n".join(text.splitlines()[-lines:])


class Proc:
    """One started process (the leader of its own process group)."""

    def __init__(self, name, popen, log_path):
        self.name = name
        self.popen = popen
        self.log_path = log_path

    def alive(self):
        """True while the process runs."""
        return self.popen.poll() is None

    def describe_failure(self):
        """Exit status and the log tail, for an error message."""
        code = self.popen.poll()
        state = "still running" if code is None else f"exited with status {code}"
        return f"--- {self.name} ({state}), log {self.log_path}:\n{tail(self.log_path)}\n--- end of {self.name} log"


class Stack:
    """All processes of one run; `stop_all` ends every one of them."""

    def __init__(self, run_dir, pid_file):
        self.run_dir = run_dir
        self.pid_file = pid_file
        self.procs = []
        self.ports = set()

    def start(self, name, argv, env=None, cwd=None):
        """Start `argv` in a new session (own process group), output to <run_dir>/<name>.log.

        It is killed when this driver dies (see `DEATH_SIGNAL`); the harness's
        watchdog covers the moment before the death signal is set.
        """
        if shutil.which(argv[0]) is None:
            raise StackError(f"cannot start {name}: {argv[0]} is not an executable file")
        log_path = os.path.join(self.run_dir, f"{name}.log")
        log = open(log_path, "ab")
        full_env = dict(os.environ)
        full_env.update(env or {})
        try:
            popen = subprocess.Popen(
                DEATH_SIGNAL + list(argv),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                cwd=cwd,
                env=full_env,
                start_new_session=True,
            )
        except OSError as exc:
            raise StackError(f"cannot start {name} ({argv[0]}): {exc}") from None
        finally:
            log.close()
        proc = Proc(name, popen, log_path)
        self.procs.append(proc)
        with open(self.pid_file, "a") as f:
            f.write(f"{popen.pid}\n")
        return proc

    def wait_http(self, proc, url, timeout, accept=(200,)):
        """Wait until `url` answers with an accepted status; fail early if `proc` dies."""
        deadline = time.monotonic() + timeout
        last = "no answer yet"
        while time.monotonic() < deadline:
            if not proc.alive():
                raise StackError(f"{proc.name} died while starting (waiting for {url}).\n{proc.describe_failure()}")
            try:
                with urllib.request.urlopen(url, timeout=2) as resp:
                    if resp.status in accept:
                        return
                    last = f"HTTP {resp.status}"
            except urllib.error.HTTPError as exc:
                if exc.code in accept:
                    return
                last = f"HTTP {exc.code}"
            except (urllib.error.URLError, OSError) as exc:
                last = str(exc)
            time.sleep(0.2)
        raise StackError(
            f"{proc.name} did not answer {url} within {timeout}s (last: {last}).\n{proc.describe_failure()}"
        )

    def wait_tcp(self, proc, port, timeout):
        """Wait until 127.0.0.1:`port` accepts connections; fail early if `proc` dies."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not proc.alive():
                raise StackError(f"{proc.name} died while starting (port {port}).\n{proc.describe_failure()}")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    return
            except OSError:
                time.sleep(0.2)
        raise StackError(
            f"{proc.name} did not listen on 127.0.0.1:{port} within {timeout}s.\n{proc.describe_failure()}"
        )

    def by_name(self, name):
        """The started process called `name`."""
        for proc in self.procs:
            if proc.name == name:
                return proc
        raise StackError(f"no process named {name}")

    def check_alive(self):
        """Raise with the log of the first process that died."""
        for proc in self.procs:
            if not proc.alive():
                raise StackError(f"{proc.name} died during the run.\n{proc.describe_failure()}")

    def stop_all(self, grace=8.0):
        """SIGTERM every process group (newest first), then SIGKILL what is left."""
        for proc in reversed(self.procs):
            _signal_group(proc.popen.pid, signal.SIGTERM)
        deadline = time.monotonic() + grace
        for proc in reversed(self.procs):
            remaining = max(0.1, deadline - time.monotonic())
            try:
                proc.popen.wait(timeout=remaining)
            except subprocess.TimeoutExpired:
                pass
        for proc in self.procs:
            # Kill the group even when the leader exited: children may linger.
            _signal_group(proc.popen.pid, signal.SIGKILL)
            try:
                proc.popen.wait(timeout=2)
            except subprocess.TimeoutExpired:
                pass


def _signal_group(pgid, sig):
    try:
        os.killpg(pgid, sig)
    except (ProcessLookupError, PermissionError):
        pass
