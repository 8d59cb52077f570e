from common.text import fold


def test_fold_removes_diacritics_and_d_stroke():
    assert fold("Xã Cẩm Tân") == "xa cam tan"
    assert fold("Đắk Drô") == "dak dro"
    assert fold("  Nâm   N'Đir ") == "nam n'dir"
