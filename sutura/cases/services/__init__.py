"""Every write on cases, one function per action a user takes (actor first)."""
