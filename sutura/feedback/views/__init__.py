"""The feedback desk's pages, one module per part: `desk.py` (intake, lists, export,
designations), `items.py` (one item and its workflow)."""
