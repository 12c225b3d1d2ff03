"""The feedback app's forms, one module per part: `desk.py` (intake by staff, the desk's
filters, PSEA designations), and the other parts' own modules. Forms explain input errors to
people; the rules live in the services, whose refusals `core.forms.run_service` puts next to
the fields."""
