"""The example row of each sheet of the template: valid values, as an office would write them."""

from __future__ import annotations

import datetime as dt

_MODEL = {"model_code": "MH-001", "model_name": "Lò đốt rác hộ gia đình"}
_DECIDED = dt.date(2025, 9, 15)

EXAMPLES: dict[str, dict[str, object]] = {
    "registrations": {
        **_MODEL,
        "field": "Văn hóa - xã hội",
        "theme": "Bảo vệ môi trường",
        "owner_type": "Tập thể",
        "owner_name": "Hội Nông dân xã Phước Thể",
        "level": "Cấp xã",
        "status": "Mới",
        "started_on": dt.date(2025, 3, 5),
    },
    "recognitions": {
        **_MODEL,
        "recognition_level": "Cấp tỉnh",
        "outcome": "Công nhận",
        "owner_type": "Tập thể",
        "recognizing_body": "Ban Dân vận Tỉnh ủy",
        "decision_no": "123-QĐ/BDVTU",
        "decision_date": _DECIDED,
    },
    "awards": {
        "recipient_type": "Tập thể",
        "recipient_name": "Hội Nông dân xã Phước Thể",
        "award_form": "Bằng khen",
        "awarding_authority": "UBND tỉnh",
        "decision_no": "456/QĐ-UBND",
        "decision_date": _DECIDED,
        "model_code": "MH-001",
        "reason": "Có thành tích xuất sắc trong phong trào thi đua “Dân vận khéo”",
    },
    "claimed_totals": {"indicator": "Số mô hình đăng ký", "value": 1635},
    # Contract v3: a model's outcomes (seed 003: 7,811 dossiers, 2,728 online) and the
    # inspections of the period (seed 004).
    "outcomes": {
        "model_code": "MH-001",
        "indicator": "Hồ sơ nộp trực tuyến",
        "value": 2728,
        "unit_of_measure": "hồ sơ",
        "out_of": 7811,
    },
    "inspections": {
        "kind": "Kiểm tra",
        "sessions": 3,
        "organisations": 12,
        "topic": "Thực hiện Quy chế dân chủ ở cơ sở",
    },
}
