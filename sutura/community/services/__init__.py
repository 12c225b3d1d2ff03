"""Every write of the community app, one module per idea: communities.py (profile, selection),
risks.py (risk analyses and their comparison); diagnosis, assets, plans, committees, safe
spaces, initiatives and workplans come with their features."""
