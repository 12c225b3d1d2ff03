"""The referral mechanism's governance, one module per idea: data-sharing protocols and the
membership they give (protocols.py), committees and working groups (committees.py), the library
of SOPs and tools (library.py), the roadmap (roadmap.py), status and capacity assessments and
technical assistance (assessments.py)."""

# The library, the roadmap and the assessments: imported here so Django finds their models
# (code imports them from their own module: sutura.governance.models.library…).
from sutura.governance.models import assessments, library, roadmap  # noqa: F401
