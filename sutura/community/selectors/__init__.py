"""Every read of the community app, through the access layer, one module per part (as in
services/)."""
