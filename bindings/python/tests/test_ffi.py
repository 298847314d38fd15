"""The declarations of telsvc/_ffi.py and telsvc/enums.py against the public
headers and the version scripts: every exported function is in the table
with the types its prototype has, every struct has the header's fields in
order, every enumeration and integer macro has the header's values, and
(when a C compiler is at hand) every struct has the C layout."""

import ctypes
import glob
import os
import re
import shutil
import subprocess
import tempfile
import unittest

from support import INCLUDE, ROOT

from telsvc import _ffi, enums
from telsvc._lib import api

ENUMS = {
    "telsvc_status": enums.Status,
    "telsvc_log_level": enums.LogLevel,
    "telsvc_kind": enums.Kind,
    "telsvc_clock": enums.Clock,
    "telsvc_param_type": enums.ParamType,
    "telsvc_param": enums.Param,
    "telsvc_day_end": enums.DayEnd,
    "telsvc_sla_state": enums.SlaState,
    "telsvc_channel": enums.Channel,
    "telsvc_content": enums.Content,
    "telsvc_priority": enums.Priority,
    "telsvc_request_state": enums.RequestState,
    "telsvc_request_action": enums.RequestAction,
    "telsvc_problem_grade": enums.ProblemGrade,
    "telsvc_problem_stage": enums.ProblemStage,
    "telsvc_delivery": enums.Delivery,
    "telsvc_complaint_category": enums.ComplaintCategory,
    "telsvc_complaint_severity": enums.ComplaintSeverity,
    "telsvc_complaint_state": enums.ComplaintState,
    "telsvc_complaint_action": enums.ComplaintAction,
    "telsvc_incident_source": enums.IncidentSource,
    "telsvc_incident_type": enums.IncidentType,
    "telsvc_incident_grade": enums.IncidentGrade,
    "telsvc_incident_state": enums.IncidentState,
    "telsvc_incident_action": enums.IncidentAction,
    "telsvc_audit_verdict": enums.AuditVerdict,
    "telsvc_event_type": enums.EventType,
    "telsvc_problem_class": enums.ProblemClass,
    "telsvc_improvement_state": enums.ImprovementState,
    "telsvc_verdict": enums.Verdict,
    "telsvc_evaluated": enums.Evaluated,
    "telsvc_sqlite_sync": enums.SqliteSync,
}

#: The export macro of each library's prototypes.
LIBRARIES = {"TELSVC_API": "telsvc", "TELSVC_SQLITE_API": "telsvc-sqlite", "TELSVC_PG_API": "telsvc-pg"}

FLAGS = {"TELSVC_INTAKE_": enums.IntakeFlag, "TELSVC_COMPLAINT_": enums.ComplaintFlag}

SCALARS = {
    "void": None,
    "int": ctypes.c_int,
    "unsigned int": ctypes.c_uint,
    "size_t": ctypes.c_size_t,
    "int64_t": ctypes.c_int64,
    "uint64_t": ctypes.c_uint64,
    "int32_t": ctypes.c_int32,
    "unsigned char": ctypes.c_ubyte,
    "char": ctypes.c_char,
}


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


class Headers:
    """What the public headers declare, read with regular expressions (the
    headers keep to one declaration style, which this relies on)."""

    def __init__(self):
        paths = sorted(glob.glob(os.path.join(INCLUDE, "*.h")) + glob.glob(os.path.join(INCLUDE, "sys", "*.h")))
        text = "\n".join(read(p) for p in paths)
        self.macros = {
            name: value
            for name, value in re.findall(r"#define\s+(TELSVC_\w+)[ \t]+(\S+)", text)
            if re.fullmatch(r"(0x[0-9a-fA-F]+|\d+)[uU]?|INT64_MAX", value)
        }
        text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
        text = re.sub(r"//[^\n]*", " ", text)
        text = re.sub(r"^\s*#.*$", " ", text, flags=re.M)
        self.enums = {
            name: [(c, int(v)) for c, v in re.findall(r"(TELSVC_\w+)\s*=\s*(-?\d+)", body)]
            for name, body in re.findall(r"typedef\s+enum\s+(\w+)\s*\{(.*?)\}\s*\w+\s*;", text, re.S)
        }
        self.opaque = set(re.findall(r"typedef\s+struct\s+(\w+)\s+\1\s*;", text))
        self.structs = dict(re.findall(r"typedef\s+struct\s+(\w+)\s*\{(.*?)\}\s*\1\s*;", text, re.S))
        self.callbacks = {
            name: (ret, args)
            for ret, name, args in re.findall(r"typedef\s+([\w\s\*]+?)\s*\(\s*\*\s*(\w+)\s*\)\s*\(([^)]*)\)\s*;", text)
        }
        self.functions = {
            name: (api_macro, ret, args)
            for api_macro, ret, name, args in re.findall(
                r"\b(%s)\s+([\w\s\*]+?)\s*\b(\w+)\s*\(([^)]*)\)\s*;" % "|".join(LIBRARIES), text
            )
        }
        self.forward = set(re.findall(r"^\s*struct\s+(\w+)\s*;", text, re.M))

    def ctype(self, decl, argument=False):
        """The ctypes type of a C type such as "const telsvc_calendar **";
        an opaque handle passed as an argument is a checked _ffi.Handle."""
        const = re.search(r"\bconst\b", decl) is not None
        stars = decl.count("*")
        base = " ".join(re.sub(r"\b(const|struct)\b", " ", decl).replace("*", " ").split())
        if stars == 0:
            return self._value(base)
        if base == "char" and stars == 1:
            return ctypes.c_char_p if const else ctypes.POINTER(ctypes.c_char)
        if base == "char" and stars == 2:
            return ctypes.POINTER(ctypes.c_char_p)
        if base in self.opaque and stars == 1 and argument:
            return _ffi.Handle
        if base == "void" or base in self.opaque or base in self.forward:
            pointer = ctypes.c_void_p
        else:
            pointer = ctypes.POINTER(self._value(base))
        for _ in range(stars - 1):
            pointer = ctypes.POINTER(pointer)
        return pointer

    def _value(self, base):
        if base in SCALARS:
            return SCALARS[base]
        if base in self.enums:
            return ctypes.c_int
        if base in self.structs:
            return _ffi.STRUCTS[base]
        if base in self.callbacks:
            return _ffi.CALLBACKS[base]
        raise AssertionError("no ctypes mapping for C type %r" % base)

    def params(self, args, functions=True):
        """The ctypes types of a parameter list (of an exported function,
        or else of a callback)."""
        args = args.strip()
        if args in ("", "void"):
            return ()
        out = []
        for param in args.split(","):
            decl = re.sub(r"\w+\s*$", "", param.strip())  # the name
            out.append(self.ctype(decl, argument=functions))
        return tuple(out)

    def number(self, token):
        token = self.macros.get(token, token)
        if token == "INT64_MAX":
            return 2**63 - 1
        return int(token.rstrip("uU"), 0)


def version_script(path):
    text = read(path)
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    return set(re.findall(r"\b(telsvc_\w+)\s*;", text))


class FunctionTable(unittest.TestCase):
    """Every exported function, declared once with the header's types."""

    @classmethod
    def setUpClass(cls):
        cls.h = Headers()
        cls.table = {f.name: f for f in _ffi.FUNCTIONS}

    def test_the_table_has_no_duplicates(self):
        self.assertEqual(len(self.table), len(_ffi.FUNCTIONS))

    def test_every_prototype_is_in_the_table_with_its_types(self):
        self.assertGreater(len(self.h.functions), 150)
        for name, (api_macro, ret, args) in sorted(self.h.functions.items()):
            with self.subTest(function=name):
                self.assertIn(name, self.table, "exported but not declared in _ffi.FUNCTIONS")
                f = self.table[name]
                self.assertIs(f.restype, self.h.ctype(ret), "return type")
                expected = self.h.params(args)
                self.assertEqual(len(f.argtypes), len(expected), "argument count")
                for i, (got, want) in enumerate(zip(f.argtypes, expected)):
                    self.assertIs(got, want, "argument %d" % (i + 1))
                self.assertEqual(f.library, LIBRARIES[api_macro])
                if f.status:
                    self.assertIs(f.restype, ctypes.c_int, "only an int can be a status")

    def test_the_table_declares_nothing_the_headers_do_not(self):
        self.assertEqual(set(self.table) - set(self.h.functions), set())

    def test_the_version_scripts_export_what_the_table_declares(self):
        for library, path in (
            ("telsvc", os.path.join(ROOT, "src", "telsvc.map")),
            ("telsvc-sqlite", os.path.join(ROOT, "src", "backends", "telsvc-sqlite.map")),
            ("telsvc-pg", os.path.join(ROOT, "src", "backends", "telsvc-pg.map")),
        ):
            with self.subTest(library=library):
                declared = {f.name for f in _ffi.FUNCTIONS if f.library == library}
                self.assertEqual(version_script(path), declared)

    def test_the_loaded_library_got_the_declarations(self):
        for f in _ffi.FUNCTIONS:
            if f.library != "telsvc":
                continue
            with self.subTest(function=f.name):
                fn = getattr(api, f.name)
                self.assertIs(fn.restype, f.restype)
                self.assertEqual(tuple(fn.argtypes), f.argtypes)

    def test_pointer_results_are_never_truncated_to_int(self):
        # The ctypes default restype is int: a pointer above 4 GiB would be cut.
        for name, (_, ret, _) in self.h.functions.items():
            if "*" in ret:
                with self.subTest(function=name):
                    self.assertIsNot(self.table[name].restype, ctypes.c_int)


class Structs(unittest.TestCase):
    """Every public struct, field by field."""

    @classmethod
    def setUpClass(cls):
        cls.h = Headers()

    def test_every_struct_is_declared(self):
        self.assertEqual(set(self.h.structs), set(_ffi.STRUCTS))

    def test_fields_match_the_header(self):
        for name, body in sorted(self.h.structs.items()):
            cls = _ffi.STRUCTS[name]
            fields = [f.strip() for f in body.split(";") if f.strip()]
            with self.subTest(struct=name):
                self.assertEqual(len(cls._fields_), len(fields), "field count")
            for (py_name, py_type), decl in zip(cls._fields_, fields):
                with self.subTest(struct=name, field=py_name):
                    self._check_field(name, py_name, py_type, decl)

    def _check_field(self, struct, py_name, py_type, decl):
        fp = re.match(r"^(.*?)\(\s*\*\s*(\w+)\s*\)\s*\((.*)\)$", decl, re.S)
        array = re.match(r"^(.*?)(\w+)\s*\[(\w+)\]$", decl)
        if fp:
            ret, name, args = fp.groups()
            self.assertEqual(py_name, name)
            self.assertIs(py_type._restype_, self.h.ctype(ret))
            self.assertEqual(tuple(py_type._argtypes_), self.h.params(args, functions=False))
        elif array:
            base, name, length = array.groups()
            self.assertEqual(py_name, name)
            self.assertTrue(issubclass(py_type, ctypes.Array))
            self.assertIs(py_type._type_, self.h.ctype(base))
            self.assertEqual(py_type._length_, self.h.number(length))
        else:
            base, name = re.match(r"^(.*?)(\w+)$", decl, re.S).groups()
            self.assertEqual(py_name, name)
            self.assertIs(py_type, self.h.ctype(base))

    def test_callback_typedefs_match_the_header(self):
        self.assertEqual(set(self.h.callbacks), set(_ffi.CALLBACKS))
        for name, (ret, args) in self.h.callbacks.items():
            with self.subTest(callback=name):
                fn = _ffi.CALLBACKS[name]
                self.assertIs(fn._restype_, self.h.ctype(ret))
                self.assertEqual(tuple(fn._argtypes_), self.h.params(args, functions=False))

    @unittest.skipUnless(shutil.which("cc"), "no C compiler to print the C layout")
    def test_layout_matches_the_c_compiler(self):
        lines = []
        for name, cls in sorted(_ffi.STRUCTS.items()):
            lines.append('printf("%s %%zu\\n", sizeof(%s));' % (name, name))
            for field, _ in cls._fields_:
                lines.append('printf("%s.%s %%zu\\n", offsetof(%s, %s));' % (name, field, name, field))
        source = "#include <stddef.h>\n#include <stdio.h>\n#include <telsvc/telsvc.h>\n"
        source += "#include <telsvc/sqlite.h>\n#include <telsvc/pg.h>\n"
        source += "int main(void)\n{\n%s\nreturn 0;\n}\n" % "\n".join(lines)
        # The compiler and the program need no sanitizer runtime.
        env = {k: v for k, v in os.environ.items() if k != "LD_PRELOAD"}
        with tempfile.TemporaryDirectory() as tmp:
            src, exe = os.path.join(tmp, "layout.c"), os.path.join(tmp, "layout")
            with open(src, "w") as f:
                f.write(source)
            subprocess.run(["cc", "-std=c11", "-I", os.path.join(ROOT, "include"), "-o", exe, src],
                           check=True, env=env)
            out = subprocess.run([exe], check=True, capture_output=True, text=True, env=env).stdout
        c_layout = dict(line.rsplit(" ", 1) for line in out.splitlines())
        for name, cls in sorted(_ffi.STRUCTS.items()):
            with self.subTest(struct=name):
                self.assertEqual(ctypes.sizeof(cls), int(c_layout[name]), "sizeof")
                for field, _ in cls._fields_:
                    self.assertEqual(getattr(cls, field).offset, int(c_layout["%s.%s" % (name, field)]), field)


class Enumerations(unittest.TestCase):
    """Every enumeration and integer macro, with the header's values."""

    @classmethod
    def setUpClass(cls):
        cls.h = Headers()

    def test_every_enum_is_an_intenum_with_its_values(self):
        self.assertEqual(set(self.h.enums), set(ENUMS))
        for name, constants in self.h.enums.items():
            cls = ENUMS[name]
            prefix = os.path.commonprefix([c for c, _ in constants])
            prefix = prefix[: prefix.rfind("_") + 1]
            with self.subTest(enum=name):
                self.assertEqual(
                    {m.name: m.value for m in cls},
                    {c[len(prefix):]: v for c, v in constants},
                )

    def test_integer_macros(self):
        flags = {prefix + m.name: m.value for prefix, cls in FLAGS.items() for m in cls}
        for macro, value in self.h.macros.items():
            with self.subTest(macro=macro):
                number = self.h.number(value)
                self.assertEqual(getattr(_ffi, macro[len("TELSVC_"):]), number)
                if macro in flags:
                    self.assertEqual(flags[macro], number)
        constants = {n for n in dir(_ffi) if n.isupper() and isinstance(getattr(_ffi, n), int)}
        self.assertEqual(constants, {m[len("TELSVC_"):] for m in self.h.macros})
        self.assertEqual(len(flags), 6)

if __name__ == "__main__":
    unittest.main()
