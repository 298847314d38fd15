"""What the tests share: the package on sys.path, a fixed clock, actors,
contexts ready for cases, and running code in a fresh interpreter."""

import os
import subprocess
import sys
import textwrap

TESTS = os.path.dirname(os.path.abspath(__file__))
BINDINGS = os.path.dirname(TESTS)
ROOT = os.path.dirname(os.path.dirname(BINDINGS))
INCLUDE = os.path.join(ROOT, "include", "telsvc")

# Running the tests from the source tree needs no installed package.
if BINDINGS not in sys.path:
    sys.path.insert(0, BINDINGS)

import telsvc  # noqa: E402

#: Tue 2025-09-30 17:00 +08:00, the handbook's example instant.
T0 = 1759222800
HOUR = 3600

AGENT = ("zhang", "agent")
SUPERVISOR = ("wu", "supervisor")
PREPROCESSOR = ("li", "preprocessor")
OWNER = ("chen", "service_owner")
MONITOR = ("zhou", "quality_monitor")
OFFICER = ("sun", "security_officer")
MANAGER = ("qian", "management")
CUSTOMER = ("wang", "customer")


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, now=T0):
        self.now = now

    def __call__(self):
        return self.now

    def advance(self, seconds):
        self.now += seconds
        return self.now


def desk(store=None, clock=None):
    """A context with the default policy and a store (a memory store when
    None), on a fixed clock; returns (ctx, clock)."""
    clock = clock or Clock()
    ctx = telsvc.Context(clock=clock)
    ctx.set_policy(telsvc.Policy.default(ctx))
    ctx.set_storage(store if store is not None else telsvc.MemoryStore(ctx))
    return ctx, clock


def new_request(ctx, **fields):
    """A request with every required field; ``fields`` override them."""
    intake = dict(
        channel="phone",
        requester="Zhang Wei",
        contact="+86 138 0013 8000",
        content="slow internet in the evening",
        content_type="network",
        service_type="broadband",
    )
    intake.update(fields)
    return ctx.create_request(AGENT, **intake)


def new_complaint(ctx, **fields):
    """A complaint with every required field; ``fields`` override them."""
    intake = dict(
        channel="phone",
        customer="Wang Fang",
        contact="+86 139 0000 0000",
        content="I was charged twice on my bill",
    )
    intake.update(fields)
    return ctx.create_complaint(AGENT, **intake)


def run_python(code, timeout=300):
    """Run ``code`` in a fresh interpreter with the package importable:
    a crash there fails only the test that ran it."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (BINDINGS, env.get("PYTHONPATH")) if p)
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
