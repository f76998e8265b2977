"""What a participant must see and satisfy before entering an online hearing room (在线庭审), with the articles.

- Identity (身份核验): a litigant's account is real-name verified, and the clerk confirms the person before the
  session (证件比对或人脸识别) — 人民法院在线诉讼规则 Art. 7; staff of the court are identified by their sign-in.
- Court discipline (法庭纪律) — 人民法院法庭规则 Art. 17 (what nobody in a hearing may do) and 人民法院在线诉讼规则
  Art. 24 (where and how one attends online): shown before joining, each participant confirms it once.
- Recording (庭审录音录像): the whole session is recorded — 最高人民法院关于人民法院庭审录音录像的若干规定 Art. 1.
A rule never queries: the caller passes what it read.
"""

from __future__ import annotations

from dataclasses import dataclass

from smartcourt.core.citations import Citation

IDENTITY = Citation("人民法院在线诉讼规则", "第七条")
DISCIPLINE = Citation("人民法院法庭规则", "第十七条")
ONLINE_HEARING = Citation("人民法院在线诉讼规则", "第二十四条")
RECORDING = Citation("最高人民法院关于人民法院庭审录音录像的若干规定", "第一条")

DISCIPLINE_ITEMS = (
    "服从审判长或者独任审判员的指挥，尊重司法礼仪，遵守法庭纪律；",
    "不得鼓掌、喧哗，不得吸烟、进食，不得拨打或者接听电话；",
    "不得对庭审活动进行录音、录像、拍照，或者使用移动通信工具等传播庭审活动；",
    "选择安静、无干扰、光线适宜、网络信号良好、相对封闭的场所参加庭审，不得在可能影响庭审音视频效果或者有损庭审严肃性的场所参加庭审；",
    "着装得体，全程保持本人在摄像范围内，未经准许不得离开；",
    "庭审全程录音录像，录像归入电子卷宗并存证。",
)


@dataclass(frozen=True)
class JoinCheck:
    """Whether a participant may enter the room now; `reason` (Chinese) and `citation` when not."""

    allowed: bool
    reason: str = ""
    citation: Citation | None = None
    waiting: bool = False  # everything checked; the moderator has not admitted yet


def join_check(
    *,
    staff: bool,
    removed: bool,
    real_name_verified: bool,
    identity_confirmed: bool,
    notice_accepted: bool,
    admitted: bool,
    moderator: bool,
) -> JoinCheck:
    """Order: removed, identity (real name, then the clerk's confirmation), discipline notice, admission."""
    if removed:
        return JoinCheck(False, "您已被审判人员移出本庭审室，不能再次进入。", DISCIPLINE)
    if not staff:
        if not real_name_verified:
            return JoinCheck(False, "您的账户尚未完成实名认证，不能参加在线庭审。请先完成实名认证。", IDENTITY)
        if not identity_confirmed:
            return JoinCheck(
                False, "书记员尚未核验您的身份（证件或人脸比对），请在等候页面保持在线，核验后方可进入。", IDENTITY
            )
    if not staff and not notice_accepted:  # the bench and the clerk keep the discipline; they do not sign for it
        return JoinCheck(False, "请先阅读并确认法庭纪律。", DISCIPLINE)
    if not (admitted or moderator):
        return JoinCheck(False, "请在等候室等候，审判人员准许后方可进入庭审。", ONLINE_HEARING, waiting=True)
    return JoinCheck(True)
