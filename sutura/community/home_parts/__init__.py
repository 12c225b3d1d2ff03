"""Home-page parts of the community app, one module per part."""
