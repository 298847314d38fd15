"""Finding and loading the shared library, each case in a fresh interpreter
with its own environment."""

import os
import shutil
import subprocess
import tempfile
import unittest

from support import BINDINGS, run_python

import telsvc

LIBRARY = telsvc.library_path
LIBRARY_DIR = os.path.dirname(LIBRARY) if os.sep in LIBRARY else None


def load(env, code="import telsvc; print(telsvc.library_path)", cwd=None):
    """Import the package in a fresh interpreter under ``env`` changes
    (a value of None removes the variable)."""
    saved = {k: os.environ.get(k) for k in env}
    try:
        for k, v in env.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
        return run_python(code)
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


class Loading(unittest.TestCase):
    def test_the_version_is_checked_and_exposed(self):
        self.assertEqual(telsvc.library_version.split(".")[0], "1")

    def test_a_named_library_that_does_not_exist_lists_the_place(self):
        r = load({"TELSVC_LIBRARY": "/nonexistent/libtelsvc.so.1"})
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("LibraryNotFoundError", r.stderr)
        self.assertIn("$TELSVC_LIBRARY: /nonexistent/libtelsvc.so.1", r.stderr)
        # A named library is the only place looked: never another one silently.
        self.assertNotIn("the SONAME", r.stderr)

    def test_a_library_that_is_not_libtelsvc_is_refused(self):
        r = load({"TELSVC_LIBRARY": "libc.so.6"})
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("not libtelsvc", r.stderr)

    @unittest.skipUnless(LIBRARY_DIR, "the library was not loaded by path")
    def test_the_soname_through_the_loader_search_path(self):
        r = load({"TELSVC_LIBRARY": None, "LD_LIBRARY_PATH": LIBRARY_DIR})
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout.strip(), "libtelsvc.so.1")

    def _package_copy(self, tmp, with_library):
        shutil.copytree(os.path.join(BINDINGS, "telsvc"), os.path.join(tmp, "telsvc"))
        if with_library:
            shutil.copy(LIBRARY, os.path.join(tmp, "telsvc", "libtelsvc.so.1"))
        code = "import sys; sys.path.insert(0, %r); import telsvc; print(telsvc.library_path)" % tmp
        return code

    def test_a_copy_beside_the_package(self):
        with tempfile.TemporaryDirectory() as tmp:
            code = self._package_copy(tmp, True)
            r = load({"TELSVC_LIBRARY": None, "LD_LIBRARY_PATH": None}, code)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(r.stdout.strip(), os.path.join(tmp, "telsvc", "libtelsvc.so.1"))

    def test_nothing_found_lists_every_place_tried(self):
        with tempfile.TemporaryDirectory() as tmp:
            code = self._package_copy(tmp, False)
            r = load({"TELSVC_LIBRARY": None, "LD_LIBRARY_PATH": None}, code)
            if r.returncode == 0:
                self.skipTest("libtelsvc is installed on this machine: %s" % r.stdout.strip())
            for place in ("beside the package", "the SONAME", 'ctypes.util.find_library("telsvc")'):
                self.assertIn(place, r.stderr)

    @unittest.skipUnless(shutil.which("cc"), "no C compiler to build a wrong version")
    def test_another_major_version_is_refused(self):
        with tempfile.TemporaryDirectory() as tmp:
            src, lib = os.path.join(tmp, "v2.c"), os.path.join(tmp, "libtelsvc.so.1")
            with open(src, "w") as f:
                f.write("int telsvc_version(void) { return 2001000; }\n")
            env = {k: v for k, v in os.environ.items() if k != "LD_PRELOAD"}
            subprocess.run(["cc", "-shared", "-fPIC", "-o", lib, src], check=True, env=env)
            r = load({"TELSVC_LIBRARY": lib})
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("version 2.1.0, these bindings need 1.x", r.stderr)

    def test_a_missing_companion_library_is_a_clear_error(self):
        for name, env, store in (
            ("telsvc-sqlite", "TELSVC_SQLITE_LIBRARY", 'SqliteStore(":memory:")'),
            ("telsvc-pg", "TELSVC_PG_LIBRARY", 'PgStore("dbname=crm")'),
        ):
            with self.subTest(library=name):
                r = load(
                    {env: "/nonexistent/lib%s.so.1" % name},
                    """
                    import telsvc
                    try:
                        telsvc.%s
                    except telsvc.LibraryNotFoundError as e:
                        print(e)
                    """ % store,
                )
                self.assertEqual(r.returncode, 0, r.stderr)
                self.assertIn("cannot load lib%s" % name, r.stdout)
                self.assertIn("$" + env, r.stdout)


if __name__ == "__main__":
    unittest.main()
