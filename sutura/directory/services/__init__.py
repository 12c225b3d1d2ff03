"""Every write to the directory, one function per action a user takes (actor first); one module
per idea (entries, proposals, pathways)."""
