"""Every write of the children app: the profile and care (`care.py`), assessments
(`assessments.py`), determinations (`determinations.py`), and the case's guard (`guard.py`)."""
