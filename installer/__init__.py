"""Build and install the self-contained desktop bundle (PyInstaller one-folder)."""
