"""Runs the Python tests and prints one JSON line per test: {"name", "ok", "message", "seconds"}
(test/train/python.test.ts turns each into a vitest test, so `npm test` counts both languages)."""
import json
import sys
import time
import unittest
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


class JsonResult(unittest.TestResult):
    def startTest(self, test):
        self._t0 = time.time()
        super().startTest(test)

    def _emit(self, test, ok, message=""):
        print(json.dumps({"name": test.id().split(".", 1)[-1], "ok": ok, "message": message,
                          "seconds": round(time.time() - self._t0, 2)}), flush=True)

    def addSuccess(self, test):
        super().addSuccess(test)
        self._emit(test, True)

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self._emit(test, False, self._exc_info_to_string(err, test))

    def addError(self, test, err):
        super().addError(test, err)
        self._emit(test, False, self._exc_info_to_string(err, test))


if __name__ == "__main__":
    pattern = sys.argv[1] if len(sys.argv) > 1 else "test_*.py"
    suite = unittest.defaultTestLoader.discover(str(HERE), pattern=pattern)
    suite.run(JsonResult())
