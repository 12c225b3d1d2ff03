"""What the survey adds to the menu: the programme's distribution of scores, for those who
read indicators (managers, M&E officers)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from sutura.accounts.roles import Perm
from sutura.core.registry import NavItem

MENU = [NavItem(_("Sustainability scores"), "rss:distribution", Perm.VIEW_INDICATORS, order=45)]
