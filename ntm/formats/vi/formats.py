# Vietnamese formats as officials write them: 30/10/2023, 12,8 tỷ đồng, 1.250.000 đồng.
# Django's stock "vi" short date is d-m-Y, so the project ships its own module.
DATE_FORMAT = "j \\t\\h\\á\\n\\g n \\n\\ă\\m Y"
SHORT_DATE_FORMAT = "d/m/Y"
DATETIME_FORMAT = "H:i, d/m/Y"
SHORT_DATETIME_FORMAT = "H:i d/m/Y"
TIME_FORMAT = "H:i"
MONTH_DAY_FORMAT = "j \\t\\h\\á\\n\\g n"
YEAR_MONTH_FORMAT = "\\t\\h\\á\\n\\g n/Y"
FIRST_DAY_OF_WEEK = 1  # Thứ Hai
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d"]
DATETIME_INPUT_FORMATS = ["%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%Y-%m-%d %H:%M:%S"]
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
