"""Services of the governance app, one module per idea (protocols.py, committees.py…)."""
