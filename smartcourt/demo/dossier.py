"""Demo electronic dossiers: a handful of demo-court cases (the ones demo_judge / demo_clerk handle, and the ones
demo_lawyer and demo_party are on) get a realistic file generated here — complaint, acceptance and fee notices,
evidence list, a scanned evidence page (image only, so it goes through OCR), summons, hearing record, judgment
and proof of service — filed through the real service, so every page is stored, anchored and catalogued.

Idempotent: a case that already has dossier documents is left alone. Nothing is read from ../shared. The scanned
pages stay queued for the background worker (`make demo` starts it with the site), except the one page whose
document the demo shows already corrected by the clerk.
"""

from __future__ import annotations

import io
import random
import time
from collections.abc import Callable
from datetime import timedelta

from smartcourt.cases.models import Case
from smartcourt.courts.models import User
from smartcourt.courts.selectors import SYSTEM
from smartcourt.dossier import pdfkit
from smartcourt.dossier.models import DossierDocument, DossierPage, OcrState
from smartcourt.dossier.services import (
    dossier_category_correct,
    dossier_document_add,
    dossier_export_create,
    dossier_page_ocr,
)

DEMO_COURT = "苏0508"


def _names(case: Case) -> tuple[str, str]:
    plaintiff = defendant = ""
    for party in case.parties.select_related("person").order_by("position", "id"):
        if party.role in ("plaintiff", "applicant", "appellant") and not plaintiff:
            plaintiff = party.person.name
        elif party.role in ("defendant", "respondent", "appellee") and not defendant:
            defendant = party.person.name
    return plaintiff or "原告", defendant or "被告"


def _scan_png(pdf: bytes, rng: random.Random) -> bytes:
    """Render a page like a scanner would (grayscale, 200 dpi, slightly rotated, a little noise)."""
    import pypdfium2 as pdfium
    from PIL import Image, ImageFilter

    document = pdfium.PdfDocument(pdf)
    image = document[0].render(scale=200 / 72, grayscale=True).to_pil().convert("L")
    document.close()
    image = image.rotate(rng.uniform(-0.8, 0.8), resample=Image.Resampling.BICUBIC, fillcolor=246, expand=False)
    image = image.filter(ImageFilter.GaussianBlur(0.4)).point(lambda v: min(255, v + 8) if v > 200 else v)
    buf = io.BytesIO()
    image.save(buf, format="PNG", dpi=(200, 200))
    return buf.getvalue()


def _image_pdf(png: bytes) -> bytes:
    return pdfkit.image_page_pdf(png)


def _story(cause: str, plaintiff: str, defendant: str, amount: str) -> dict:
    """What the file is about, by the cause's family: claims, facts, and the first exhibit."""
    if "离婚" in cause:
        return dict(
            claims=["一、判令原告与被告离婚；", "二、依法分割夫妻共同财产；", "三、本案诉讼费用由被告负担。"],
            facts="原、被告经人介绍相识后登记结婚。婚后双方因生活琐事经常发生争吵，自两年前起分居至今，夫妻感情"
            "确已破裂。依据《中华人民共和国民法典》第一千零七十九条之规定，特向贵院提起诉讼。",
            exhibit="结婚证", exhibit_text=[f"持证人：{plaintiff}", f"配偶：{defendant}", "登记机关：苏州市姑苏区民政局",
                                            "结婚证字号：J320508-2015-001234", "（复印件，与原件核对无异）"],
        )  # fmt: skip
    if "劳动" in cause or "劳务" in cause or "报酬" in cause:
        return dict(
            claims=[f"一、判令被告支付拖欠的工资及经济补偿金共计人民币{amount}元；", "二、本案诉讼费用由被告负担。"],
            facts="原告自入职被告处工作，双方签订了书面劳动合同。被告自去年起拖欠原告工资，原告经劳动争议仲裁"
            "后不服仲裁裁决，依据《中华人民共和国劳动争议调解仲裁法》第五十条之规定，特向贵院提起诉讼。",
            exhibit="劳动合同", exhibit_text=[f"甲方（用人单位）：{defendant}", f"乙方（劳动者）：{plaintiff}",
                                              "第一条　合同期限为三年。", "第二条　乙方月工资为人民币8,500元，每月10日前支付。",
                                              "第三条　甲方依法为乙方缴纳社会保险。"],
        )  # fmt: skip
    if "权" in cause and "合同" not in cause:
        return dict(
            claims=[f"一、判令被告赔偿医疗费、误工费等各项损失共计人民币{amount}元；", "二、本案诉讼费用由被告负担。"],
            facts="被告的侵权行为造成原告人身损害，原告为此支出医疗费、误工费等费用。被告至今未予赔偿，依据"
            "《中华人民共和国民法典》第一千一百七十九条之规定，特向贵院提起诉讼。",
            exhibit="门诊病历及医疗费票据", exhibit_text=[f"患者：{plaintiff}", "就诊科室：骨科",
                                                      "诊断：右前臂尺骨骨折", "医疗费合计：人民币12,860.00元"],
        )  # fmt: skip
    return dict(
        claims=[f"一、判令被告向原告支付款项人民币{amount}元；", "二、本案诉讼费用由被告负担。"],
        facts=f"原、被告之间签订{cause.replace('纠纷', '')}。原告已依约履行义务，被告经多次催告仍未履行付款义务，"
        "依据《中华人民共和国民法典》第五百七十七条之规定，特向贵院提起诉讼。",
        exhibit="合同", exhibit_text=[f"甲方：{plaintiff}", f"乙方：{defendant}",
                                      f"一、合同总价款为人民币{amount}元。", "二、乙方应于本合同签订之日起三十日内付清全部款项。",
                                      "三、任何一方违约的，应当承担违约责任。"],
    )  # fmt: skip


def _documents(case: Case, rng: random.Random) -> list[dict]:
    court, number = case.court.name, case.number
    plaintiff, defendant = _names(case)
    cause = case.cause.name if case.cause else "合同纠纷"
    amount = f"{case.claim_amount:,.2f}" if case.claim_amount else "50,000.00"
    filed = case.filed_on
    hearing = filed + timedelta(days=35)
    d = lambda day: f"{day.year}年{day.month}月{day.day}日"  # noqa: E731
    judge = case.judge.get_full_name() if case.judge else "陈建国"
    clerk = case.clerk.get_full_name() if case.clerk else "吴佳怡"
    story = _story(cause, plaintiff, defendant, amount)
    docs = [
        dict(
            title="民事起诉状",
            category="complaint",
            source="filing",
            pdf=pdfkit.text_document_pdf(
                title="民事起诉状",
                paragraphs=[
                    f"原告：{plaintiff}，住江苏省苏州市姑苏区人民路1188号。",
                    f"被告：{defendant}，住所地江苏省苏州市姑苏区干将路8号。",
                    "诉讼请求：",
                    *story["claims"],
                    "事实与理由：",
                    story["facts"],
                    "",
                    "此致",
                    court,
                ],
                closing=[f"具状人：{plaintiff}", d(filed - timedelta(days=2))],
            ),
        ),
        dict(
            title="受理案件通知书",
            category="acceptance_notice",
            source="generated",
            pdf=pdfkit.text_document_pdf(
                court=court,
                title="受理案件通知书",
                number=number,
                paragraphs=[
                    f"{plaintiff}：",
                    f"你诉{defendant}{cause}一案的起诉状已收到。经审查，起诉符合法定受理条件，本院决定立案审理。"
                    "依照《中华人民共和国民事诉讼法》第一百二十六条的规定，现将有关事项通知如下：",
                    "一、在诉讼过程中，当事人必须依法行使诉讼权利，有权行使民事诉讼法第五十二条规定的诉讼权利；",
                    "二、当事人应当对自己提出的主张提供证据。",
                ],
                closing=[court, d(filed)],
            ),
        ),
        dict(
            title="交纳诉讼费用通知书",
            category="fee_notice",
            source="generated",
            pdf=pdfkit.text_document_pdf(
                court=court,
                title="交纳诉讼费用通知书",
                number=number,
                paragraphs=[
                    f"{plaintiff}：",
                    f"你诉{defendant}{cause}一案，本院已决定立案。根据国务院《诉讼费用交纳办法》第十三条的规定，"
                    "你应预交案件受理费，请于收到本通知之日起七日内交纳，逾期不交的，按撤诉处理。",
                ],
                closing=[court, d(filed)],
            ),
        ),
        dict(
            title="证据目录",
            category="",
            source="filing",
            pdf=pdfkit.text_document_pdf(
                title="证据目录",
                paragraphs=[
                    f"案号：{number}",
                    f"提交人：{plaintiff}",
                    [
                        ["序号", "证据名称", "证明内容", "页码"],
                        ["1", story["exhibit"], "证明原告主张的基本事实", "1-3"],
                        ["2", "微信聊天记录", "证明双方沟通及被告认可的情况", "4-6"],
                        ["3", "催告函及快递单", "证明原告曾多次催告被告", "7-8"],
                    ],
                ],
                closing=[f"提交人：{plaintiff}", d(filed - timedelta(days=2))],
            ),
        ),
        dict(
            title=f"证据1 {story['exhibit']}（{plaintiff}提交）",
            category="",
            source="scan",
            scanned=True,
            pdf=pdfkit.text_document_pdf(title=story["exhibit"], paragraphs=story["exhibit_text"]),
        ),
        dict(
            title="传票",
            category="summons",
            source="generated",
            pdf=pdfkit.text_document_pdf(
                court=court,
                title="传票",
                paragraphs=[
                    [
                        ["案号", number],
                        ["案由", cause],
                        ["被传唤人", defendant],
                        ["传唤事由", "开庭审理"],
                        ["应到时间", f"{d(hearing)}9时30分"],
                        ["应到处所", "本院第三审判庭"],
                    ],
                    "注意事项：被传唤人必须准时到达应到处所；无正当理由拒不到庭的，可以缺席判决（民事诉讼法第一百四十七条）。",
                ],
                closing=[f"审判员 {judge}", f"书记员 {clerk}", d(filed + timedelta(days=5))],
            ),
        ),
    ]
    if case.state in ("in_trial", "closed", "effective", "archived") and hearing < case.filed_on + timedelta(days=400):
        docs.append(
            dict(
                title="庭审笔录",
                category="hearing_record",
                source="generated",
                pdf=pdfkit.text_document_pdf(
                    title="庭审笔录",
                    paragraphs=[
                        f"时间：{d(hearing)}9时30分",
                        "地点：本院第三审判庭",
                        f"案由：{cause}",
                        f"审判员：{judge}",
                        f"书记员：{clerk}",
                        f"审判员：现在开庭。核对当事人身份。原告{plaintiff}到庭，被告{defendant}到庭。",
                        "审判员：下面进行法庭调查。由原告陈述诉讼请求及事实与理由。",
                        "原告：坚持起诉状的诉讼请求和事实理由。",
                        "被告：对原告提交证据的真实性无异议，但对其证明目的有异议。",
                        "审判员：双方是否愿意调解？",
                        "原告：不同意调解。",
                        "审判员：今天庭审到此结束，闭庭。",
                    ],
                    closing=["（以下无正文）"],
                ),
            )
        )
    if case.state in ("closed", "effective", "archived"):
        judged = case.closed_on or hearing + timedelta(days=10)
        docs.append(
            dict(
                title="民事判决书",
                category="judgment",
                source="generated",
                pdf=pdfkit.text_document_pdf(
                    court=court,
                    title="民事判决书",
                    number=number,
                    paragraphs=[
                        f"原告：{plaintiff}。",
                        f"被告：{defendant}。",
                        f"原告{plaintiff}与被告{defendant}{cause}一案，本院立案后，依法适用简易程序，公开开庭进行了审理。"
                        "本案现已审理终结。",
                        "本院认为，当事人对自己提出的诉讼请求所依据的事实，应当提供证据加以证明（《中华人民共和国"
                        "民事诉讼法》第六十七条）。原告提交的证据能够相互印证，本院予以采信。",
                        "依照《中华人民共和国民事诉讼法》第六十七条规定，判决如下：",
                        "支持原告" + plaintiff + "的诉讼请求（" + story["claims"][0][2:].rstrip("；") + "）。",
                        "如不服本判决，可以在判决书送达之日起十五日内，向本院递交上诉状，上诉于江苏省苏州市中级人民法院。",
                    ],
                    closing=[f"审判员　{judge}", d(judged), f"书记员　{clerk}"],
                ),
            )
        )
        docs.append(
            dict(
                title="送达回证（判决书）",
                category="",
                source="scan",
                scanned=True,
                pdf=pdfkit.text_document_pdf(
                    court=court,
                    title="送达回证",
                    paragraphs=[
                        [
                            ["案号", number],
                            ["受送达人", defendant],
                            ["送达文书名称及件数", "民事判决书一份"],
                            ["送达地址", "江苏省苏州市姑苏区干将路8号"],
                            ["送达方式", "直接送达"],
                            ["受送达人签收", f"{defendant}  {d(judged + timedelta(days=2))}"],
                            ["送达人", clerk],
                        ]
                    ],
                ),
            )
        )
    docs.append(
        dict(
            title="情况说明（被告提交）",
            category="",
            source="scan",
            scanned=True,
            review=True,
            pdf=pdfkit.text_document_pdf(
                title="情况说明",
                paragraphs=[
                    f"{court}：",
                    f"关于{plaintiff}诉我方{cause}一案，现就款项支付情况说明如下：我方已于{d(filed - timedelta(days=30))}"
                    "支付部分款项，有银行回单为证，剩余款项因对方交付的货物存在质量问题而暂缓支付。",
                    "特此说明。",
                ],
                closing=[f"说明人：{defendant}", d(filed + timedelta(days=20))],
            ),
        )
    )
    return docs


def _cases() -> list[Case]:
    base = Case.objects.filter(court__code=DEMO_COURT).select_related("court", "judge", "clerk", "cause")
    chosen: list[Case] = []
    picks = [
        base.filter(clerk__username="demo_clerk", state="in_trial").order_by("filed_on", "id")[:3],
        base.filter(clerk__username="demo_clerk", state__in=["closed", "effective"]).order_by("-filed_on", "id")[:2],
        base.filter(parties__representatives__user__username="demo_lawyer", type_code="民初").order_by(
            "filed_on", "id"
        )[:2],
        base.filter(parties__person__user__username="demo_party", type_code="民初").order_by("filed_on", "id")[:1],
    ]
    for qs in picks:
        for case in qs:
            if case.pk not in {c.pk for c in chosen}:
                chosen.append(case)
    return chosen


def demo_seed(*, seed: int, log: Callable[[str], None]) -> int:
    rng = random.Random(seed * 104729 + 8)
    clerk = User.objects.filter(username="demo_clerk").first()
    made_docs = made_cases = 0
    for case in _cases():
        if DossierDocument.objects.filter(case=case).exists():
            continue
        for i, spec in enumerate(_documents(case, rng)):
            pdf = spec["pdf"]
            if spec.get("scanned"):
                pdf = _image_pdf(_scan_png(pdf, rng))
            dossier_document_add(
                case=case,
                title=spec["title"],
                content=pdf,
                filename=f"{spec['title']}.pdf",
                source=spec["source"],
                actor=clerk if spec["source"] == "scan" and clerk else SYSTEM,
                category=spec["category"],
                origin_ref=f"demo:{i}",
            )
            made_docs += 1
        made_cases += 1
    # One case shows a clerk's correction already made, and an export anchored in the ledger. Only that exhibit's
    # scanned page is read here (the correction learns the phrase from its text); every other scanned page is read
    # by the background worker, so the site is usable while OCR finishes.
    started = time.monotonic()
    read = 0
    first = next((c for c in _cases() if c.clerk_id == getattr(clerk, "pk", None)), None)
    if first is not None and clerk is not None and not first.dossier_exports.exists():
        doc = DossierDocument.objects.filter(case=first, title__startswith="证据1").first()
        if doc is not None and doc.category_source == "classifier":
            for page_id in doc.pages.filter(ocr_state=OcrState.PENDING).order_by("id").values_list("pk", flat=True):
                dossier_page_ocr(page_id=page_id)
                read += 1
            doc.refresh_from_db()
            dossier_category_correct(document=doc, category="evidence", actor=clerk, note="原告提交的证据")
        dossier_export_create(case=first, actor=clerk)
    left = DossierPage.objects.filter(case__court__code=DEMO_COURT, ocr_state=OcrState.PENDING).count()
    log(f"    电子卷宗 {made_cases} 件案件、{made_docs} 份文件；文字识别 {read} 页（{time.monotonic() - started:.0f} 秒），"
        f"{left} 页留待后台任务")  # fmt: skip
    return made_docs
