"""How common.importing reads an uploaded sheet: the first sheet of the workbook, whichever sheet
was open when the file was saved."""

import io

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
