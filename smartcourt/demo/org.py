"""The demo province: one high court, two intermediate courts, six basic courts, their divisions and rooms."""

from __future__ import annotations

from dataclasses import dataclass

from smartcourt.courts.roles import CourtLevel, DivisionKind, RoomKind


@dataclass(frozen=True)
class CourtSpec:
    code: str
    name: str
    short_name: str
    level: str
    parent: str | None
    region: str
    address: str


COURTS: tuple[CourtSpec, ...] = (
    CourtSpec("苏", "江苏省高级人民法院", "江苏高院", CourtLevel.HIGH, None, "江苏省", "南京市鼓楼区宁海路75号"),
    CourtSpec("苏05", "苏州市中级人民法院", "苏州中院", CourtLevel.INTERMEDIATE, "苏", "苏州市", "苏州市姑苏区竹辉路"),
    CourtSpec(
        "苏06", "南通市中级人民法院", "南通中院", CourtLevel.INTERMEDIATE, "苏", "南通市", "南通市崇川区世纪大道"
    ),
    CourtSpec(
        "苏0508", "苏州市姑苏区人民法院", "姑苏法院", CourtLevel.BASIC, "苏05", "苏州市姑苏区", "苏州市姑苏区三香路"
    ),
    CourtSpec(
        "苏0591", "苏州工业园区人民法院", "园区法院", CourtLevel.BASIC, "苏05", "苏州工业园区", "苏州工业园区星湖街"
    ),
    CourtSpec("苏0583", "昆山市人民法院", "昆山法院", CourtLevel.BASIC, "苏05", "昆山市", "昆山市前进中路"),
    CourtSpec(
        "苏0613", "南通市崇川区人民法院", "崇川法院", CourtLevel.BASIC, "苏06", "南通市崇川区", "南通市崇川区工农路"
    ),
    CourtSpec("苏0682", "如皋市人民法院", "如皋法院", CourtLevel.BASIC, "苏06", "如皋市", "如皋市海阳南路"),
    CourtSpec("苏0681", "启东市人民法院", "启东法院", CourtLevel.BASIC, "苏06", "启东市", "启东市江海中路"),
)

DIVISIONS_BY_LEVEL: dict[str, tuple[tuple[str, str], ...]] = {
    CourtLevel.HIGH: (
        ("立案庭", DivisionKind.FILING),
        ("民事审判第一庭", DivisionKind.CIVIL),
        ("刑事审判第一庭", DivisionKind.CRIMINAL),
        ("行政审判庭", DivisionKind.ADMINISTRATIVE),
        ("执行局", DivisionKind.ENFORCEMENT),
        ("审判管理办公室", DivisionKind.TRIAL_MANAGEMENT),
        ("司法警察总队", DivisionKind.POLICE),
    ),
    CourtLevel.INTERMEDIATE: (
        ("立案庭", DivisionKind.FILING),
        ("民事审判第一庭", DivisionKind.CIVIL),
        ("民事审判第二庭", DivisionKind.COMMERCIAL),
        ("刑事审判庭", DivisionKind.CRIMINAL),
        ("行政审判庭", DivisionKind.ADMINISTRATIVE),
        ("执行局", DivisionKind.ENFORCEMENT),
        ("审判管理办公室", DivisionKind.TRIAL_MANAGEMENT),
        ("司法警察支队", DivisionKind.POLICE),
    ),
    CourtLevel.BASIC: (
        ("立案庭", DivisionKind.FILING),
        ("民事审判第一庭", DivisionKind.CIVIL),
        ("民事审判第二庭", DivisionKind.COMMERCIAL),
        ("刑事审判庭", DivisionKind.CRIMINAL),
        ("执行局", DivisionKind.ENFORCEMENT),
        ("审判管理办公室", DivisionKind.TRIAL_MANAGEMENT),
        ("司法警察大队", DivisionKind.POLICE),
        ("诉讼服务中心", DivisionKind.LITIGATION_SERVICE),
    ),
}

ROOMS: tuple[tuple[str, str, int], ...] = (
    ("第一法庭", RoomKind.COURTROOM, 60),
    ("第二法庭", RoomKind.COURTROOM, 40),
    ("科技法庭", RoomKind.TECH_COURTROOM, 30),
    ("互联网法庭", RoomKind.ONLINE, 10),
    ("调解室", RoomKind.MEDIATION, 8),
)
