"""Every read of the mentoring app, through the access layer, one module per idea (as in
services/)."""
