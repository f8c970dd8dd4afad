"""PySide6 user interface: shows and forwards; the logic lives in Qt-free packages."""
