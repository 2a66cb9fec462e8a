"""Builders of odd and bad submissions, each a real file written by a library (or a real file
damaged on purpose). Each returns the path it wrote."""

from __future__ import annotations

import datetime as dt
import io
import json
import unicodedata
import zipfile
from pathlib import Path

import pandas as pd
from msoffcrypto.format.ooxml import OOXMLFile
from openpyxl import Workbook, load_workbook

from ingestion.writing.writers import write_json, write_xlsx
from tests.conftest import info, registration

REG = "registrations"


def xlsx(tmp: Path, name="f.xlsx", meta=None, rows=None, **tables) -> Path:
    tables = {REG: [registration()] if rows is None else rows, **tables}
    return write_xlsx(tmp / name, info() if meta is None else meta, tables)


def as_json(tmp: Path, name="f.json", meta=None, **tables) -> Path:
    tables = tables or {REG: [registration()]}
    return write_json(tmp / name, info() if meta is None else meta, tables)


def edited(path: Path, edit) -> Path:
    """Open a written workbook with openpyxl, change it, save it in place."""
    workbook = load_workbook(path)
    edit(workbook)
    workbook.save(path)
    return path


def encrypted(tmp: Path) -> Path:
    plain = xlsx(tmp, "plain.xlsx")
    target = tmp / "mat_khau.xlsx"
    with plain.open("rb") as source, target.open("wb") as out:
        OOXMLFile(source).encrypt("matkhau", out)
    return target


def macro_enabled(tmp: Path) -> Path:
    """An .xlsm as Excel writes one: the macro-enabled content type and a VBA project part."""
    plain = xlsx(tmp, "plain.xlsx")
    target = tmp / "co_macro.xlsm"
    with (
        zipfile.ZipFile(plain) as source,
        zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out,
    ):
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "[Content_Types].xml":
                data = data.replace(
                    b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                    b"application/vnd.ms-excel.sheet.macroEnabled.main+xml",
                )
            out.writestr(item, data)
        out.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0" + b"\x00" * 512)
    return target


def formula_without_value(tmp: Path) -> Path:
    def edit(workbook):
        workbook["Đăng ký"]["D2"] = '=CONCATENATE("Nông thôn ", "mới")'

    return edited(xlsx(tmp), edit)


def merged_field(tmp: Path) -> Path:
    rows = [registration(model_code=f"M{i}", field="Kinh tế" if i == 0 else None) for i in range(3)]

    def edit(workbook):
        workbook["Đăng ký"].merge_cells("C2:C4")

    return edited(xlsx(tmp, rows=rows), edit)


def hidden_sheet(tmp: Path) -> Path:
    def edit(workbook):
        workbook["Đăng ký"].sheet_state = "hidden"

    return edited(xlsx(tmp), edit)


def date_cells(tmp: Path, serial: int, number_format="dd/mm/yyyy") -> Path:
    def edit(workbook):
        cell = workbook["Đăng ký"]["K2"]
        cell.value = serial
        cell.number_format = number_format

    return edited(xlsx(tmp), edit)


def mixed_dates(tmp: Path) -> Path:
    rows = [
        registration(model_code="M1", started_on=dt.date(2023, 3, 5)),
        registration(model_code="M2", started_on="05/03/2023"),
        registration(model_code="M3", started_on="5-3-2023"),
        registration(model_code="M4", started_on="2023-03-05"),
    ]
    return xlsx(tmp, rows=rows)


def claimed(tmp: Path, *values: str) -> Path:
    totals = [{"indicator": "registered", "value": v} for v in values]
    return xlsx(tmp, claimed_totals=totals)


def legacy_text(tmp: Path, name: str) -> Path:
    return xlsx(tmp, rows=[registration(model_name=name)])


def bom_json(tmp: Path, encoding: str) -> Path:
    text = as_json(tmp, "plain.json").read_text("utf-8")
    target = tmp / f"{encoding}.json"
    target.write_bytes(text.encode(encoding))
    return target


def text_named_xlsx(tmp: Path) -> Path:
    target = tmp / "gia.xlsx"
    target.write_text("Mã đơn vị;BTH-TUYPHONG\n", "utf-8")
    return target


def truncated(tmp: Path) -> Path:
    data = xlsx(tmp, "full.xlsx").read_bytes()
    target = tmp / "cut.xlsx"
    target.write_bytes(data[: len(data) // 2])
    return target


def zip_bomb(tmp: Path) -> Path:
    """A workbook whose sheet unpacks to 64 MiB of spaces from a few kilobytes."""
    plain = xlsx(tmp, "plain.xlsx")
    target = tmp / "bom.xlsx"
    with (
        zipfile.ZipFile(plain) as source,
        zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out,
    ):
        for item in source.infolist():
            out.writestr(item, source.read(item.filename))
        with out.open("xl/worksheets/padding.xml", "w", force_zip64=True) as padding:
            block = b" " * (1 << 20)
            for _ in range(64):
                padding.write(block)
    return target


def raw_bytes(tmp: Path, name: str, data: bytes) -> Path:
    target = tmp / name
    target.write_bytes(data)
    return target


def json_document(tmp: Path, document: object, name="doc.json") -> Path:
    target = tmp / name
    target.write_text(json.dumps(document, ensure_ascii=False, default=str), "utf-8")
    return target


def without_info(tmp: Path) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Đăng ký"
    sheet.append(["Tên mô hình", "Lĩnh vực"])
    sheet.append(["Lò đốt rác", "Kinh tế"])
    workbook.save(tmp / "khong_thong_tin.xlsx")
    return tmp / "khong_thong_tin.xlsx"


def ods(tmp: Path) -> Path:
    target = tmp / "bao_cao.ods"
    meta = info()
    with pd.ExcelWriter(target, engine="odf") as writer:
        pd.DataFrame(
            [["Mã đơn vị", meta["unit_code"]], ["Kỳ báo cáo", "2023"], ["Ngày gửi", "10/10/2023"]]
        ).to_excel(writer, sheet_name="Thông tin", header=False, index=False)
        pd.DataFrame([registration()]).rename(columns=_HEADERS).to_excel(
            writer, sheet_name="Đăng ký", index=False
        )
    return target


_HEADERS = {
    "model_code": "Mã mô hình",
    "model_name": "Tên mô hình",
    "field": "Lĩnh vực",
    "owner_type": "Loại chủ thể",
    "owner_name": "Chủ thể thực hiện",
    "level": "Cấp",
    "status": "Tình trạng",
    "started_on": "Ngày bắt đầu",
}


def shouting_headers(tmp: Path) -> Path:
    """Headers in capitals, decomposed, with doubled and non-breaking spaces."""
    frame = pd.DataFrame([registration()]).rename(
        columns={
            k: unicodedata.normalize("NFD", v.upper()).replace(" ", "\u00a0 ")
            for k, v in _HEADERS.items()
        }
    )
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        pd.DataFrame(
            [["MÃ ĐƠN VỊ", "BTH-TUYPHONG"], ["kỳ  báo cáo", "2023"], ["Ngày gửi", "10/10/2023"]]
        ).to_excel(writer, sheet_name="THÔNG TIN", header=False, index=False)
        frame.to_excel(writer, sheet_name="ĐĂNG KÝ", index=False)
    return raw_bytes(tmp, "hoa.xlsx", buffer.getvalue())
