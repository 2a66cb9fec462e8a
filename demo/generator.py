"""What the demo scenarios share: model names, the spellings offices use, writing a file."""

from __future__ import annotations

import datetime as dt
import random
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ingestion.writing.writers import write_json, write_xlsx

# How offices spell each field; the pipeline must read them all as one code.
FIELD_SPELLINGS = {
    "KT": ("Kinh tế", "Phát triển kinh tế", "KT"),
    "VHXH": ("Văn hóa - xã hội", "Văn hoá – xã hội", "VHXH"),
    "QPAN": ("Quốc phòng - an ninh", "An ninh quốc phòng", "QPAN"),
    "XDHTCT": ("Xây dựng hệ thống chính trị", "Xây dựng Đảng và hệ thống chính trị", "XDHTCT"),
}
LEVEL_LABELS = {"xa": "Cấp xã", "huyen": "Cấp huyện", "tinh": "Cấp tỉnh"}
STATUS_LABELS = {"moi": "Mới", "duy_tri": "Duy trì", "nhan_rong": "Nhân rộng"}
THEMES = ("Nông thôn mới", "Cải cách hành chính", "Bảo vệ môi trường", None, None)
MODEL_TOPICS = {
    "KT": ("Tổ hợp tác nuôi ong", "Chuỗi liên kết thanh long sạch", "Hợp tác xã nước mắm"),
    "VHXH": ("Lò đốt rác hộ gia đình", "Tuyến đường hoa tự quản", "Quỹ khuyến học dòng họ"),
    "QPAN": ("Tổ tự quản an ninh trật tự", "Camera an ninh khu dân cư", "Tổ tàu an toàn trên biển"),
    "XDHTCT": ("Dịch vụ công trực tuyến", "Tiếp công dân cuối tuần", "Chi bộ bốn tốt"),
}
FAMILY_NAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Võ", "Huỳnh")
GIVEN_NAMES = ("Văn An", "Thị Bình", "Minh Châu", "Quốc Dũng", "Thị Hoà", "Văn Thuỷ")
TITLE_ROWS = ("BÁO CÁO PHONG TRÀO THI ĐUA “DÂN VẬN KHÉO”", "")


@dataclass(frozen=True)
class DemoFile:
    name: str
    unit_code: str
    period: str
    version: int | None
    registrations: int
    accepted: bool


def split(total: int, weights: list[float]) -> list[int]:
    """Whole shares of `total` in proportion to `weights` (largest remainder): they sum to total."""
    exact = [total * w / sum(weights) for w in weights]
    shares = [int(x) for x in exact]
    by_remainder = sorted(range(len(exact)), key=lambda i: exact[i] - shares[i], reverse=True)
    for i in by_remainder[: total - sum(shares)]:
        shares[i] += 1
    return shares


def model_name(rng: random.Random, field: str, number: int) -> str:
    return f"{rng.choice(MODEL_TOPICS[field])} số {number}"


def person(rng: random.Random) -> str:
    return f"{rng.choice(FAMILY_NAMES)} {rng.choice(GIVEN_NAMES)}"


def field_label(rng: random.Random, field: str) -> str:
    return rng.choice(FIELD_SPELLINGS[field])


def decomposed(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def write(
    inbox: Path,
    stem: str,
    info: dict,
    tables: dict[str, list[dict]],
    *,
    as_json: bool,
    accepted: bool = True,
) -> DemoFile:
    if as_json:
        path = write_json(inbox / f"{stem}.json", info, tables)
    else:
        path = write_xlsx(inbox / f"{stem}.xlsx", info, tables, title_rows=TITLE_ROWS)
    registrations = len(tables.get("registrations", []))
    return DemoFile(
        path.name, info["unit_code"], info["period"], info.get("version"), registrations, accepted
    )


def sent(year: int, month: int = 12, day: int = 10) -> dt.date:
    """A sending date within the deadline of the year's report (15 January of the next year)."""
    return dt.date(year, month, day)
