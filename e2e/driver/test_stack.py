"""Tests of how the stack's processes end: with the driver, however it dies, and findable by
the run's mark in their environment (what e2e/run and its watchdog look for)."""

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest

from main import redis_keep_environment
from stack import DEATH_SIGNAL, Stack, free_port

DRIVER_DIR = os.path.dirname(os.path.abspath(__file__))

# A stand-in for the driver: starts `sleep` through Stack, prints its pid, then waits to be killed.
FAKE_DRIVER = """
import sys, time
sys.path.insert(0, sys.argv[1])
from stack import Stack
stack = Stack(sys.argv[2], sys.argv[2] + "/pgids")
proc = stack.start("sleeper", ["sleep", "300"])
print(proc.popen.pid, flush=True)
time.sleep(300)
"""


def gone(pid):
    """True once `pid` has exited (a zombie counts as exited)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] in ("Z", "X")
    except OSError:
        return True


def runs(pid, name):
    """True while `pid` runs the program `name` (its comm)."""
    try:
        with open(f"/proc/{pid}/comm") as f:
            return f.read().strip() == name
    except OSError:
        return False


def wait_until(check, bound=30.0):
    """Wait until `check()` holds, at most `bound` seconds (a bound on a hang, not a measurement)."""
    deadline = time.monotonic() + bound
    while not check() and time.monotonic() < deadline:
        time.sleep(0.05)
    return check()


def wait_gone(pid):
    """Wait for `pid` to exit."""
    return wait_until(lambda: gone(pid))


class DeathSignalTests(unittest.TestCase):
    def test_setpriv_is_used_where_it_works(self):
        if shutil.which("setpriv") is None:
            self.assertEqual(DEATH_SIGNAL, [])
        else:
            self.assertEqual(DEATH_SIGNAL[1:], ["--pdeathsig", "KILL", "--"])

    @unittest.skipIf(not DEATH_SIGNAL, "setpriv (util-linux) is not installed: the watchdog alone covers this")
    def test_a_started_process_dies_with_a_sigkilled_driver(self):
        with tempfile.TemporaryDirectory() as tmp:
            driver = subprocess.Popen(
                [sys.executable, "-c", FAKE_DRIVER, DRIVER_DIR, tmp],
                stdout=subprocess.PIPE,
                text=True,
            )
            try:
                child = int(driver.stdout.readline())
                self.assertFalse(gone(child), "the started process should run while the driver runs")
                # setpriv sets the death signal, then becomes `sleep`: kill the driver
                # only once that happened (on a loaded machine it can take a while).
                became = wait_until(lambda: runs(child, "sleep"))
                self.assertTrue(became, f"pid {child} never became `sleep`")
                # In a session of its own: a signal to the driver's group would not reach it.
                self.assertEqual(os.getsid(child), child)
            finally:
                driver.send_signal(signal.SIGKILL)
                driver.wait()
                driver.stdout.close()
            if not wait_gone(child):
                os.kill(child, signal.SIGKILL)
                self.fail(f"pid {child} outlived the driver that started it")


class RedisEnvironmentTests(unittest.TestCase):
    """Redis writes its process title over its environment unless told not to."""

    def test_the_run_mark_stays_readable_in_redis(self):
        redis = shutil.which("redis-server")
        self.assertIsNotNone(redis, "redis-server not found: e2e/run installs it before these tests")
        mark = f"DASHC_E2E_TEST_MARK={os.getpid()}"
        with tempfile.TemporaryDirectory() as tmp:
            stack = Stack(tmp, os.path.join(tmp, "pgids"))
            port = free_port(set())
            argv = [redis, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--dir", tmp]
            proc = stack.start("redis", argv + redis_keep_environment(redis), env=dict([mark.split("=", 1)]))
            try:
                stack.wait_tcp(proc, port, 20)
                with open(f"/proc/{proc.popen.pid}/environ", "rb") as f:
                    environ = f.read().split(b"\0")
                self.assertTrue(
                    mark.encode() in environ,
                    f"{mark} is not in /proc/{proc.popen.pid}/environ: Redis wrote its process title over it",
                )
            finally:
                stack.stop_all()


if __name__ == "__main__":
    unittest.main()
