"""The articles the service rules rest on (民事诉讼法 2023, 民诉法解释 2022, 在线诉讼规则 2021, 法院专递规定 2004)."""

from __future__ import annotations

from smartcourt.core.citations import Citation

CPL = "民事诉讼法"
CPL_INTERP = "最高人民法院关于适用《中华人民共和国民事诉讼法》的解释"
ONLINE = "人民法院在线诉讼规则"
COURT_POST = "最高人民法院关于以法院专递方式邮寄送达民事诉讼文书的若干规定"

CERTIFICATE = Citation(CPL, "第八十七条")  # 送达回证; the date signed on it is the date of service
DIRECT = Citation(CPL, "第八十八条")  # 直接送达, incl. adult family members, agents, designated recipients
LEFT_AT_HOME = Citation(CPL, "第八十九条")  # 留置送达
ELECTRONIC = Citation(CPL, "第九十条")  # e-service with consent; date = reaching the recipient's specific system
POST = Citation(CPL, "第九十一条")  # 邮寄送达: the date on the return receipt
PUBLIC_NOTICE = Citation(CPL, "第九十五条")  # 公告送达: deemed served 30 days after publication
PUBLIC_NOTICE_ABROAD = Citation(CPL, "第二百八十三条第二款")  # abroad: 60 days
PERIODS = Citation(CPL, "第八十五条")  # the start day is not counted
REFUSED_AT_COURT = Citation(CPL_INTERP, "第一百三十一条")  # refusing to sign at court / outside the domicile
MEDIATION_DIRECT = Citation(CPL_INTERP, "第一百三十三条")  # 调解书: no 留置送达
E_MEDIUM = Citation(CPL_INTERP, "第一百三十五条")  # arrival = the court system shows sent successfully
E_CONSENT = Citation(CPL_INTERP, "第一百三十六条")  # consent recorded in the address confirmation
CARRY_OVER = Citation(CPL_INTERP, "第一百三十七条")  # first-instance address serves later procedures
NOTICE_POSTING = Citation(CPL_INTERP, "第一百三十八条")  # publication date = last posting/publishing date
NO_NOTICE_SIMPLE = Citation(CPL_INTERP, "第一百四十条")  # simple procedure: no public notice
ONLINE_CONSENT = Citation(ONLINE, "第二十九条")
ONLINE_CONFIRM = Citation(ONLINE, "第三十条")
ONLINE_ARRIVAL = Citation(ONLINE, "第三十一条第一款")
ONLINE_READ = Citation(ONLINE, "第三十一条第二款")
ONLINE_TRACE = Citation(ONLINE, "第三十一条第三款")  # full trace; the e-service voucher has the certificate's effect
ONLINE_EARLIEST = Citation(ONLINE, "第三十一条第四款")  # several e-channels: the earliest effective one counts
ONLINE_NOTIFY = Citation(ONLINE, "第三十二条")  # SMS / platform prompts to read the documents
POST_SIGNERS = Citation(COURT_POST, "第九条")  # who may sign the return receipt
POST_RETURNED = Citation(COURT_POST, "第十一条")  # refusal / wrong confirmed address: the return date is service
