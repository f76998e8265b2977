"""Realistic Chinese names, companies and addresses for the demo court's generated data.

Deterministic for a given `random.Random`; the identity numbers come from `cases.rules.identity`.
"""

from __future__ import annotations

import random

from smartcourt.cases.rules.identity import make_resident_id, make_uscc

__all__ = ["address", "company_name", "make_resident_id", "make_uscc", "mobile", "person_name"]

# The most common surnames (roughly by population) and given-name characters.
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚"
    "卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = (
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国建华志强志明海燕晓东晓明丽娟红梅玉兰"
    "文斌俊杰子涵雨涵浩然欣怡梓轩佳怡思远嘉怡宇航博文一鸣晨曦雅婷诗涵天佑"
)
SINGLE = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超霞平刚华鹏辉鑫宇婷琳颖凯峰浩亮斌波宁健"
CITIES = {
    "苏州市": ("姑苏区", "吴中区", "相城区", "虎丘区", "吴江区", "工业园区"),
    "昆山市": ("玉山镇", "巴城镇", "周市镇", "花桥镇"),
    "南通市": ("崇川区", "通州区", "海门区"),
    "如皋市": ("如城街道", "长江镇"),
    "启东市": ("汇龙镇", "南阳镇"),
}
STREETS = (
    "人民路",
    "干将路",
    "十全街",
    "观前街",
    "金鸡湖大道",
    "星湖街",
    "长江路",
    "青年路",
    "工农路",
    "世纪大道",
    "江海大道",
    "前进路",
    "朝阳路",
    "学士街",
    "道前街",
)
TRADE_WORDS = (
    "恒信",
    "鼎盛",
    "华泰",
    "瑞丰",
    "金诚",
    "同创",
    "宏达",
    "新元",
    "正源",
    "天成",
    "联众",
    "永安",
    "嘉禾",
    "博远",
)
INDUSTRIES = (
    "贸易",
    "建设工程",
    "科技",
    "物业管理",
    "电子",
    "服装",
    "机械制造",
    "餐饮管理",
    "房地产开发",
    "物流",
    "信息技术",
    "装饰工程",
)


def person_name(rng: random.Random) -> str:
    surname = rng.choice(SURNAMES)
    if rng.random() < 0.35:
        return surname + rng.choice(SINGLE)
    given = GIVEN
    start = rng.randrange(0, len(given) - 1)
    two = given[start : start + 2]
    if len(two) < 2 or not all("\u4e00" <= ch <= "\u9fff" for ch in two):
        two = rng.choice(SINGLE) + rng.choice(SINGLE)
    return surname + two


def _city(rng: random.Random, city: str) -> str:
    for name in CITIES:
        if name.startswith(city[:2]):
            return name
    return rng.choice(list(CITIES))


def company_name(rng: random.Random, city: str = "苏州市", industry: str | None = None) -> str:
    base = _city(rng, city)
    suffix = rng.choice(("有限公司", "有限公司", "股份有限公司", "有限责任公司"))
    return f"{base.rstrip('市')}{rng.choice(TRADE_WORDS)}{industry or rng.choice(INDUSTRIES)}{suffix}"


BANKS = ("中国工商银行", "中国农业银行", "中国银行", "中国建设银行", "交通银行", "招商银行", "江苏银行", "兴业银行")


def bank_branch_name(rng: random.Random, city: str = "苏州市") -> str:
    """A bank's city branch as it appears in credit-card and loan cases (e.g. 招商银行股份有限公司苏州分行)."""
    return f"{rng.choice(BANKS)}股份有限公司{_city(rng, city).rstrip('市')}分行"


def address(rng: random.Random, city: str = "苏州市") -> str:
    base = _city(rng, city)
    district = rng.choice(CITIES[base])
    return f"江苏省{base}{district}{rng.choice(STREETS)}{rng.randint(1, 999)}号{rng.randint(1, 30)}幢{rng.randint(101, 2802)}室"


def mobile(rng: random.Random) -> str:
    return (
        rng.choice(
            (
                "139",
                "138",
                "137",
                "136",
                "135",
                "150",
                "151",
                "152",
                "158",
                "159",
                "182",
                "187",
                "188",
                "130",
                "131",
                "132",
                "155",
                "156",
                "186",
                "133",
                "153",
                "180",
                "189",
                "199",
            )
        )
        + f"{rng.randint(0, 99_999_999):08d}"
    )
