"""Every write of the mentoring app, one module per idea: volunteers.py (profiles, engagement,
supervision notes), assignments.py (returnees given to a mentor), activities.py (the activity
log and the distress referral), groups.py (peer groups and their sessions), reports.py
(monthly reports), checkins.py (monthly check-ins)."""
