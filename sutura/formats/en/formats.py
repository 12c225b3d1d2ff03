"""English dates as the English-speaking countries of the region write them (The Gambia,
Ghana, Liberia, Nigeria, Sierra Leone): day before month, 24-hour time — never the US month
first, which reads 03/12 as the 3rd of December to everyone here. Django's British formats,
with a 24-hour clock like the French pages."""

from django.conf.locale.en_GB.formats import *  # noqa: F403

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
TIME_FORMAT = "H:i"
# Also read ISO dates (the date pickers send them) before the day-first forms.
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y"]
