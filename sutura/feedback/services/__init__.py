"""Every write of the feedback app, one module per idea: `intake.py` (items from staff and
from the public form), `workflow.py` (the state machine and each step), `designations.py`
(PSEA focal points)."""
