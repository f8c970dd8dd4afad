"""``python -m desktop``: start the GUI (same flags as ``clinical-assistant``)."""

from desktop.app import main

if __name__ == "__main__":
    raise SystemExit(main())
