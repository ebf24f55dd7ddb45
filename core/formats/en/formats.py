# The English interface keeps the Vietnamese date order (dd/mm/yyyy): the records are Vietnamese.
# What differs from the Vietnamese formats: the time before the date's end, the month-year
# heading and English number separators (1,234,567.5).
from core.formats.vi.formats import *  # noqa: F403

DATETIME_FORMAT = "d/m/Y H:i"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
YEAR_MONTH_FORMAT = "m/Y"
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
