"""PyInstaller runtime hook: make the frozen app find its embedded model and llama.cpp libs."""

import os
import sys

_root = getattr(sys, "_MEIPASS", None)
if _root:
    os.environ.setdefault("CLINASSIST_EMBEDDED_DIR", os.path.join(_root, "models", "embedded"))
    os.environ.setdefault("LLAMA_CPP_LIB_PATH", os.path.join(_root, "llama_cpp", "lib"))
