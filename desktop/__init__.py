"""Offline clinical assistant desktop app (PySide6 UI over Qt-free logic)."""
