"""How common.importing reads an uploaded sheet: the first sheet of the workbook, whichever sheet
was open when the file was saved."""

import io
from datetime import date

import openpyxl

from common.importing import read_dataset


def _saved_on_the_second_sheet() -> bytes:
    book = openpyxl.Workbook()
    data = book.active
    data.title = "Nhiệm vụ"
    data.append(["Mã đơn vị", "Tên nhiệm vụ"])
    data.append(["ha-tinh.cam-xuyen.cam-tan", "Nạo vét kênh mương"])
    guide = book.create_sheet("Hướng dẫn")
    guide.append(["Cột", "Cách ghi"])
    guide.append(["Mã đơn vị", "Bắt buộc."])
    book.active = 1  # the official last looked at «Hướng dẫn» before saving
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_the_first_sheet_is_read_even_when_the_file_was_saved_on_another():
    dataset = read_dataset(_saved_on_the_second_sheet())
    assert dataset.headers == ["Mã đơn vị", "Tên nhiệm vụ"]
    assert [list(r) for r in dataset] == [["ha-tinh.cam-xuyen.cam-tan", "Nạo vét kênh mương"]]


def test_the_number_formats_of_the_asked_columns_are_kept_with_their_rows():
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Thời  hạn", "Ghi chú"])
    sheet.append([date(2023, 12, 1), date(2023, 12, 1)])
    sheet.append(["tháng 12/2023", None])
    sheet.append([None, None])
    sheet.append([date(2024, 3, 1), None])
    for cell in ("A2", "B2", "A5"):
        sheet[cell].number_format = "mm/yyyy"
    out = io.BytesIO()
    book.save(out)
    dataset = read_dataset(out.getvalue(), formatted=["Thời hạn"])
    # sheet rows 2 and 5, only the asked column; text cells and the other column are not kept
    assert dataset.number_formats == {(2, "thoi han"): "mm/yyyy", (5, "thoi han"): "mm/yyyy"}
    assert len(dataset) == 4 and dataset[3][0].month == 3
    assert read_dataset(out.getvalue()).number_formats == {}
