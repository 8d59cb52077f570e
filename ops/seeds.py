"""Figures taken from the seed plans (../shared/seeds/) that more than one demo module uses."""

# Seed 001: the criteria each Krông Nô commune registered for 2022 (so unmet at the end of 2021).
KRONG_NO_TARGETS_2022 = {
    "Nâm Nung": [5, 9, 16, 18, 19],
    "Nâm N'Đir": [5, 15, 18, 19],
    "Nam Xuân": [9, 18],
    "Đức Xuyên": [15, 16, 18],
    "Đắk Nang": [13, 17, 18],
    "Quảng Phú": [5, 17],
    "Tân Thành": [18],
    "Buôn Choah": [18],
    "Nam Đà": [],
    "Đắk Sôr": [],
    "Đắk Drô": [],
}
