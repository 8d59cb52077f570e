# The pages are in Vietnamese whatever the browser's language, and so are their dates and
# numbers: an official whose browser asks for English still types and reads 30/10/2023 and
# 95,5 (Django's stock "en" would read 10/30/2023 and refuse the decimal comma).
from ntm.formats.vi.formats import *  # noqa: F403
