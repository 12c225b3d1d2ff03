"""The referral mechanism's governance, one module per idea: data-sharing protocols and the
membership they give (protocols.py), committees and working groups (committees.py), the library
of SOPs and tools (library.py), the roadmap (roadmap.py), status and capacity assessments and
technical assistance (assessments.py)."""
