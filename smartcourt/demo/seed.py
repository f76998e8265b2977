"""The demo court generator: deterministic (seeded), realistic, idempotent.

`seed_small` builds the province of org.py, ~80 staff, one demo login per role, and a few thousand cases through
the real services (numbers, parties, assignment draws, transitions, the timeline). `seed_bulk_cases` adds
hundreds of thousands of cases with bulk inserts for benchmarks (`--scale province`).
"""

from __future__ import annotations

import base64
import hashlib
import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from smartcourt.cases import services as case_services
from smartcourt.cases.models import Case, CauseOfAction
from smartcourt.core.correlation import correlation_scope
from smartcourt.core.timeline import recorded_at
from smartcourt.courts.models import Court, Division, RoleGrant, Room, User
from smartcourt.courts.roles import STAFF_ROLES, CourtLevel, Role
from smartcourt.courts.selectors import SYSTEM
from smartcourt.courts.services import court_create

from . import people_gen
from .bulk import disposition_days
from .org import COURTS, DIVISIONS_BY_LEVEL, ROOMS

DEMO_PASSWORD = "Demo-Court-2025"
CASE_PATHS = ("bulk", "services")
DEMO_COURT = "苏0508"
SHANGHAI = timezone.get_default_timezone()


@dataclass
class CaseInputs:
    """What one generated case is filed with (drawn before anything is written; the same for both paths)."""

    court: Court
    type_code: str
    kind: str
    division: Division | None
    procedure: str | None
    amount: Decimal | None
    cause: CauseOfAction | None
    parties: list[case_services.PartyIn]
    special: bool  # demo_party's or demo_lawyer's case: always through the services


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: Role
    court: str
    division: str | None
    full_name: str


DEMO_LOGINS: tuple[DemoLogin, ...] = (
    DemoLogin("demo_judge", Role.JUDGE, DEMO_COURT, "民事审判第一庭", "陈建国"),
    DemoLogin("demo_assistant", Role.JUDGE_ASSISTANT, DEMO_COURT, "民事审判第一庭", "周晓雯"),
    DemoLogin("demo_clerk", Role.CLERK, DEMO_COURT, "民事审判第一庭", "吴佳怡"),
    DemoLogin("demo_filing", Role.FILING_OFFICER, DEMO_COURT, "立案庭", "孙立平"),
    DemoLogin("demo_enforcement", Role.ENFORCEMENT_OFFICER, DEMO_COURT, "执行局", "赵志强"),
    # 园区法院's enforcement head: receives the case 苏州中院 designated to it (异地交叉执行, ADR 0043)
    DemoLogin("demo_enforcement_sip", Role.DIVISION_HEAD, "苏0591", "执行局", "许立新"),
    DemoLogin("demo_grid", Role.ASSISTANCE_WORKER, DEMO_COURT, None, "李秀英"),  # a grid worker (协助执行网络)
    DemoLogin("demo_police", Role.COURT_POLICE, DEMO_COURT, "司法警察大队", "钱卫东"),
    DemoLogin("demo_division_head", Role.DIVISION_HEAD, DEMO_COURT, "民事审判第一庭", "郑海燕"),
    DemoLogin("demo_president", Role.PRESIDENT, DEMO_COURT, None, "王志明"),
    DemoLogin("demo_trial_management", Role.TRIAL_MANAGEMENT, DEMO_COURT, "审判管理办公室", "冯丽娟"),
    DemoLogin("demo_mediator", Role.MEDIATOR, DEMO_COURT, "诉讼服务中心", "蒋美玲"),
    DemoLogin("demo_admin", Role.SYSTEM_ADMIN, DEMO_COURT, None, "韩信息"),
    DemoLogin("demo_lawyer", Role.LAWYER, DEMO_COURT, None, "杨律明"),
    DemoLogin("demo_party", Role.PARTY, DEMO_COURT, None, "刘小红"),
)

# Staff per court besides the demo logins: (role, division name or None, how many, also a judge?)
STAFF_PLAN: dict[str, tuple[tuple[str, str | None, int], ...]] = {
    CourtLevel.HIGH: (
        (Role.PRESIDENT, None, 1),
        (Role.TRIAL_MANAGEMENT, "审判管理办公室", 1),
        (Role.JUDGE, "民事审判第一庭", 2),
        (Role.JUDGE, "刑事审判第一庭", 1),
        (Role.JUDGE, "行政审判庭", 1),  # 行终: every case type a court takes has someone to hear it
        (Role.SYSTEM_ADMIN, None, 1),
    ),
    CourtLevel.INTERMEDIATE: (
        (Role.PRESIDENT, None, 1),
        (Role.DIVISION_HEAD, "民事审判第一庭", 1),
        (Role.JUDGE, "民事审判第一庭", 2),
        (Role.JUDGE, "民事审判第二庭", 1),
        (Role.JUDGE, "刑事审判庭", 1),
        (Role.JUDGE, "行政审判庭", 1),
        (Role.CLERK, "民事审判第一庭", 1),
        (Role.FILING_OFFICER, "立案庭", 1),
        (Role.TRIAL_MANAGEMENT, "审判管理办公室", 1),
        (Role.ENFORCEMENT_OFFICER, "执行局", 1),
    ),
    CourtLevel.BASIC: (
        (Role.PRESIDENT, None, 1),
        (Role.DIVISION_HEAD, "民事审判第一庭", 1),
        (Role.JUDGE, "民事审判第一庭", 2),
        (Role.JUDGE, "民事审判第二庭", 1),
        (Role.JUDGE, "刑事审判庭", 1),
        (Role.CLERK, "民事审判第一庭", 1),
        (Role.FILING_OFFICER, "立案庭", 1),
        (Role.ENFORCEMENT_OFFICER, "执行局", 1),
    ),
}


def totp_key(username: str, seed: int) -> str:
    """A demo account's TOTP key (hex, 20 bytes), derived from the seed so every run prints the same secret."""
    return hashlib.sha1(f"smartcourt-demo:{seed}:{username}".encode()).hexdigest()


def totp_secret_b32(key_hex: str) -> str:
    return base64.b32encode(bytes.fromhex(key_hex)).decode()


def _dt(day: date, hour: int = 9, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=SHANGHAI)


class _History:
    """The clock of one generated case. Each step calls the product's service inside `on(day)`, so its timeline
    event and audit row are written with the step's historical time (core.timeline.recorded_at) — never rewritten
    afterwards: timelines are append-only — and share a correlation id of their own, as one action's rows do.
    Hours spread over the working day; nothing is dated after now."""

    def __init__(self) -> None:
        self.steps = 0
        self.day: date | None = None

    def next_instant(self, day: date | None) -> datetime:
        """The instant of the next step on `day` (the bulk writer stamps its rows with it too)."""
        day = day or timezone.localdate()
        when = min(_dt(day, 9 + self.steps % 8, (self.steps * 17) % 60), timezone.now())
        self.steps += 1
        self.day = day
        return when

    @contextmanager
    def on(self, day: date | None) -> Iterator[None]:
        when = self.next_instant(day)
        with recorded_at(when), correlation_scope():  # each step is one action, as it was when it happened
            yield


def _evidence_pdf(title: str, creditor: str, debtor: str, amount: str) -> bytes:
    """A one-page evidence copy as a party would upload it (a real PDF, so the dossier can file and OCR it)."""
    from smartcourt.dossier.pdfkit import spaced, text_document_pdf

    if "借" in title:
        heading, lines = "借条", [f"今借到{creditor}人民币{amount}元整，约定于一年内归还。", f"借款人：{debtor}"]
    else:
        heading, lines = (
            "转账凭证",
            [f"付款人：{creditor}", f"收款人：{debtor}", f"金额：人民币{amount}元", "摘要：借款"],
        )
    return text_document_pdf(title=spaced(heading), paragraphs=lines)


class DemoSeeder:
    def __init__(self, *, seed: int, today: date | None = None, log: Any = print) -> None:
        self.seed = seed
        self.rng = random.Random(seed)
        self.today = today or timezone.localdate()
        self.log = log
        self.password = make_password(DEMO_PASSWORD)
        self.courts: dict[str, Court] = {}
        self.last_cases_paths: dict[str, int] = {}
        self.divisions: dict[tuple[str, str], Division] = {}

    # ------------------------------------------------------------ reference data
    def load_reference_data(self) -> int:
        """Causes of action and criminal charges (shipped data files), before cases refer to them."""
        from smartcourt.cases.services_causes import cause_tree_load

        return cause_tree_load()

    # ------------------------------------------------------------ organisation
    def courts_and_staff(self) -> int:
        for spec in COURTS:
            parent = self.courts.get(spec.parent) if spec.parent else None
            court = court_create(
                name=spec.name,
                code=spec.code,
                level=spec.level,
                parent=parent,
                short_name=spec.short_name,
                region=spec.region,
                address=spec.address,
                phone=f"0512-{self.rng.randint(60000000, 69999999)}",
                actor=SYSTEM,
            )
            self.courts[spec.code] = court
            for name, kind in DIVISIONS_BY_LEVEL[spec.level]:
                self.divisions[(spec.code, name)] = Division.objects.create(court=court, name=name, kind=kind)
            Room.objects.bulk_create(
                [
                    Room(court=court, name=n, kind=k, capacity=c, location=f"审判楼{i + 1}层")
                    for i, (n, k, c) in enumerate(ROOMS)
                ]
            )
            for role, division_name, count in STAFF_PLAN[spec.level]:
                for _ in range(count):
                    user = self._user(f"{spec.code}", people_gen.person_name(self.rng))
                    division = self.divisions.get((spec.code, division_name)) if division_name else None
                    RoleGrant.objects.create(user=user, role=role, court=court, division=division)
                    if role == Role.DIVISION_HEAD:  # a division head also hears cases
                        RoleGrant.objects.create(user=user, role=Role.JUDGE, court=court, division=division)
        for login in DEMO_LOGINS:
            court = self.courts[login.court]
            user = User.objects.create(
                username=login.username,
                full_name=login.full_name,
                password=self.password,
                # Not a superuser, not "staff": the administrator's reach is its grant in the permission table
                # (ADR 0013, 0017) — its own court's people and settings, no case data.
                phone=people_gen.mobile(self.rng),
            )
            division = self.divisions.get((login.court, login.division)) if login.division else None
            RoleGrant.objects.create(user=user, role=login.role, court=court, division=division)
            if login.role == Role.DIVISION_HEAD:
                RoleGrant.objects.create(user=user, role=Role.JUDGE, court=court, division=division)
            if login.role == Role.LAWYER:
                user.lawyer_licence_no = "13205201910123456"
                user.law_firm = "江苏姑苏律师事务所"
                user.save(update_fields=["lawyer_licence_no", "law_firm"])
            if login.role not in (Role.LAWYER, Role.PARTY):
                TOTPDevice.objects.create(
                    user=user, name="演示身份验证器", confirmed=True, key=totp_key(login.username, self.seed)
                )
        # The demo judges' standing team (固定审判团队): their new cases get demo_assistant and demo_clerk at assignment.
        from smartcourt.courts.services import standing_team_set

        for username in ("demo_judge", "demo_division_head"):
            post = RoleGrant.objects.get(user__username=username, role=Role.JUDGE)
            standing_team_set(
                post=post,
                actor=SYSTEM,
                assistant=User.objects.get(username="demo_assistant"),
                clerk=User.objects.get(username="demo_clerk"),
            )
        staff = User.objects.filter(grants__role__in=list(STAFF_ROLES)).distinct().count()
        self.log(f"  法院 {len(self.courts)} 个，工作人员 {staff} 人")
        return staff

    def _user(self, prefix: str, full_name: str) -> User:
        n = User.objects.count() + 1
        return User.objects.create(
            username=f"staff{n:04d}", full_name=full_name, password=self.password, phone=people_gen.mobile(self.rng)
        )

    # ------------------------------------------------------------ cases
    # Cause → probability that the first / second party is an organisation (default 0.3 / 0.5), and what kind
    # of organisation each is where the cause says so.
    PARTY_KINDS: dict[str, tuple[float, float, str | None, str | None]] = {
        "离婚纠纷": (0.0, 0.0, None, None),
        "继承纠纷": (0.0, 0.0, None, None),
        "机动车交通事故责任纠纷": (0.0, 0.3, None, None),
        "追索劳动报酬纠纷": (0.0, 1.0, None, None),
        "劳动合同纠纷": (0.0, 1.0, None, None),
        "信用卡纠纷": (1.0, 0.0, "bank", None),
        "金融借款合同纠纷": (1.0, 0.3, "bank", None),
        "民间借贷纠纷": (0.1, 0.2, None, None),
        "物业服务合同纠纷": (1.0, 0.0, "物业管理", None),
        "商品房预售合同纠纷": (0.0, 1.0, None, "房地产开发"),
        "建设工程施工合同纠纷": (0.6, 1.0, None, None),
    }
    CIVIL_CAUSES = (
        "民间借贷纠纷",
        "买卖合同纠纷",
        "机动车交通事故责任纠纷",
        "离婚纠纷",
        "房屋租赁合同纠纷",
        "金融借款合同纠纷",
        "物业服务合同纠纷",
        "建设工程施工合同纠纷",
        "追索劳动报酬纠纷",
        "劳动合同纠纷",
        "信用卡纠纷",
        "服务合同纠纷",
        "生命权、身体权、健康权纠纷",
        "继承纠纷",
        "商品房预售合同纠纷",
        "装饰装修合同纠纷",
    )
    CRIMINAL_CAUSES = (
        "盗窃罪",
        "危险驾驶罪",
        "诈骗罪",
        "故意伤害罪",
        "帮助信息网络犯罪活动罪",
        "交通肇事罪",
        "寻衅滋事罪",
        "开设赌场罪",
    )
    ADMIN_CAUSES = ("行政处罚", "行政许可", "行政登记", "行政强制", "行政协议")
    TYPE_MIX = {
        CourtLevel.BASIC: (("民初", 70), ("执", 15), ("刑初", 12), ("民特", 3)),
        CourtLevel.INTERMEDIATE: (("民终", 50), ("民初", 15), ("刑终", 10), ("行初", 15), ("执", 10)),
        CourtLevel.HIGH: (("民终", 60), ("民申", 30), ("行终", 10)),
    }
    CLOSING = (("judgment", 40), ("mediation", 25), ("withdrawal", 25), ("dismissal", 5), ("ruling", 5))

    def _pick(self, weighted: tuple[tuple[str, int], ...]) -> str:
        items, weights = zip(*weighted, strict=True)
        return self.rng.choices(items, weights=weights)[0]

    def _cause(self, names: tuple[str, ...]) -> CauseOfAction | None:
        name = self.rng.choice(names)
        if name not in self._cause_cache:
            self._cause_cache[name] = CauseOfAction.objects.filter(name=name).order_by("-level").first()
        return self._cause_cache[name]

    def _unique(self, make: Callable[[], str]) -> str:
        """Identity numbers are unique: draw again on the rare collision."""
        value = make()
        while value in self._used_ids:
            value = make()
        self._used_ids.add(value)
        return value

    def _party(self, role: str, city: str, legal: bool, organisation: str | None = None) -> case_services.PartyIn:
        if legal:
            if organisation is None and self._legal_pool and self.rng.random() < 0.35:
                return case_services.PartyIn(role=role, **self.rng.choice(self._legal_pool))
            if organisation == "bank":
                name = people_gen.bank_branch_name(self.rng, city)
                reused = next((p for p in self._legal_pool if p["name"] == name), None)
                if reused is not None:  # one bank branch is one legal person across its cases
                    return case_services.PartyIn(role=role, **reused)
            else:
                name = people_gen.company_name(self.rng, city, industry=organisation)
            data = {
                "kind": "legal",
                "name": name,
                "credit_code": self._unique(lambda: people_gen.make_uscc(self.rng)),
                "legal_representative": people_gen.person_name(self.rng),
                "address": people_gen.address(self.rng, city),
                "phone": people_gen.mobile(self.rng),
            }
            self._legal_pool.append(data)
            return case_services.PartyIn(role=role, **data)
        if self._natural_pool and self.rng.random() < 0.1:
            return case_services.PartyIn(role=role, **self.rng.choice(self._natural_pool))

        def make_id() -> str:
            birth = date(self.rng.randint(1955, 2003), self.rng.randint(1, 12), self.rng.randint(1, 28))
            return people_gen.make_resident_id(
                self.rng, birth_date=birth, region="320508", gender=self.rng.choice("MF")
            )

        data = {
            "kind": "natural",
            "name": people_gen.person_name(self.rng),
            "id_number": self._unique(make_id),
            "address": people_gen.address(self.rng, city),
            "phone": people_gen.mobile(self.rng),
        }
        self._natural_pool.append(data)
        return case_services.PartyIn(role=role, **data)

    def cases(self, *, per_basic: int = 300, per_intermediate: int = 220, high: int = 100, path: str = "bulk") -> int:
        """The sample cases of every court. `path="bulk"` (the default) writes the ordinary ones with bulk inserts
        of exactly the rows the services write (smartcourt.demo.cases_bulk) and sends the rare ones through the
        services; `path="services"` sends every case through the services (the reference the bulk path is
        compared with, table by table, in the demo tests)."""
        if path not in CASE_PATHS:
            raise ValueError(f"unknown cases path {path!r}: one of {CASE_PATHS}")
        self._cause_cache: dict[str, CauseOfAction | None] = {}
        self._legal_pool: list[dict] = []
        self._natural_pool: list[dict] = []
        self._used_ids: set[str] = {self._demo_party_id()}
        self._officers: dict[int, User | None] = {}
        party_user = User.objects.get(username="demo_party")
        lawyer_user = User.objects.get(username="demo_lawyer")
        total = 0
        self.last_cases_paths = {"bulk": 0, "services": 0}
        writer = None
        if path == "bulk":
            from .cases_bulk import CaseBulkWriter

            writer = CaseBulkWriter(self)
        for spec in COURTS:
            court = self.courts[spec.code]
            count = {CourtLevel.BASIC: per_basic, CourtLevel.INTERMEDIATE: per_intermediate}.get(spec.level, high)
            if spec.code == DEMO_COURT:
                count *= 3  # the demo logins' own court gets a fuller docket
            # Half of the docket was filed in the last year, the rest over the two years before.
            dates = sorted(
                self.today
                - timedelta(days=self.rng.randint(1, 365) if self.rng.random() < 0.5 else self.rng.randint(366, 1000))
                for _ in range(count)
            )
            # One transaction per court (each case a savepoint within it): the same rows, far fewer commits.
            with transaction.atomic():
                if writer is not None:
                    writer.court_start(court)
                for n, filed_on in enumerate(dates):
                    inputs = self._case_inputs(
                        court=court,
                        spec_level=spec.level,
                        city=spec.region,
                        party_user=party_user if spec.code == DEMO_COURT and n % 120 == 7 else None,
                        lawyer_user=lawyer_user if spec.code == DEMO_COURT and n % 90 == 11 else None,
                    )
                    total += 1
                    if writer is not None and writer.add(inputs, filed_on=filed_on):
                        self.last_cases_paths["bulk"] += 1
                        continue  # an ordinary case: buffered, written with the court's bulk inserts
                    self.last_cases_paths["services"] += 1
                    if writer is not None:
                        writer.flush()  # the service sees every case before it (numbers, caseloads, persons)
                    with transaction.atomic():
                        case = self._case_history(inputs, filed_on=filed_on)
                    if writer is not None:
                        writer.after_service(case)
                if writer is not None:
                    writer.flush()
            self.log(f"  {spec.name}：{count} 件")
        if writer is not None:
            paths = self.last_cases_paths
            self.log(
                f"  批量写入 {paths['bulk']} 件，经业务服务写入 {paths['services']} 件（本人案件、扣除审限、中止、四类案件）"
            )
        # Old assignment messages are marked read, so the demo's message box shows recent ones only.
        from smartcourt.core.models import Notification

        Notification.objects.filter(created_at__lt=timezone.now()).update(read_at=timezone.now())
        return total

    def _case_inputs(
        self, *, court: Court, spec_level: str, city: str, party_user: User | None, lawyer_user: User | None
    ) -> CaseInputs:
        """What is filed: type, division, procedure, amount, cause and parties (the first draws of a case)."""
        type_code = self._pick(self.TYPE_MIX[spec_level])
        kind_map = {"民": "civil", "刑": "criminal", "行": "administrative", "执": "enforcement"}
        kind = kind_map[type_code[0]]
        procedure = None
        division_name = {
            "civil": self.rng.choice(["民事审判第一庭", "民事审判第二庭"]),
            "criminal": "刑事审判庭",
            "administrative": "行政审判庭",
            "enforcement": "执行局",
        }[kind]
        if spec_level == CourtLevel.HIGH and kind == "criminal":
            division_name = "刑事审判第一庭"
        if spec_level == CourtLevel.HIGH and kind == "civil":
            division_name = "民事审判第一庭"
        division = self.divisions.get((court.code, division_name))
        if type_code == "民初":
            procedure = self._pick((("ordinary", 40), ("simple", 45), ("small_claims", 15)))
        if type_code == "刑初":
            procedure = self._pick((("ordinary", 45), ("simple", 55)))
        amount = Decimal(int(self.rng.lognormvariate(10.5, 1.3))).quantize(Decimal("1.00"))
        if kind == "criminal":
            parties = [self._party("accused", city, legal=False)]
            cause = self._cause(self.CRIMINAL_CAUSES)
            amount = None
        elif kind == "administrative":
            parties = [
                self._party("plaintiff", city, legal=False),
                case_services.PartyIn(role="defendant", kind="organisation", name=f"{city}市场监督管理局"),
            ]
            cause = self._cause(self.ADMIN_CAUSES)
        elif type_code == "民特":
            parties = [self._party("applicant", city, legal=False)]
            cause = None
        else:
            first, second = {
                "民终": ("appellant", "appellee"),
                "民申": ("retrial_applicant", "respondent"),
                "执": ("enforcement_applicant", "judgment_debtor"),
            }.get(type_code, ("plaintiff", "defendant"))
            cause = self._cause(self.CIVIL_CAUSES)
            # Who can be a party depends on the cause: a divorce is between two people, a wage claim is a
            # worker's against an employer, a bank sues on a credit card.
            first_legal, second_legal, first_org, second_org = self.PARTY_KINDS.get(
                cause.name if cause else "", (0.3, 0.5, None, None)
            )
            parties = [
                self._party(first, city, legal=self.rng.random() < first_legal, organisation=first_org),
                self._party(second, city, legal=self.rng.random() < second_legal, organisation=second_org),
            ]
        if party_user is not None:
            parties[0] = case_services.PartyIn(
                role=parties[0].role,
                kind="natural",
                name=party_user.full_name,
                id_number=self._demo_party_id(),
                user=party_user,
                phone=party_user.phone,
                service_phone=party_user.phone,
                service_address="苏州市姑苏区人民路1188号",
            )
        if lawyer_user is not None:
            parties[0].representatives = [
                {
                    "kind": "lawyer",
                    "name": lawyer_user.full_name,
                    "user": lawyer_user,
                    "licence_no": lawyer_user.lawyer_licence_no,
                    "law_firm": lawyer_user.law_firm,
                }
            ]
        return CaseInputs(
            court=court,
            type_code=type_code,
            kind=kind,
            division=division,
            procedure=procedure,
            amount=amount,
            cause=cause,
            parties=parties,
            special=party_user is not None or lawyer_user is not None,
        )

    def _case_history(self, inputs: CaseInputs, *, filed_on: date) -> Case:
        """Register the case and replay its history (assignment, clock, transitions, tags) through the services."""
        court, type_code, kind, division = inputs.court, inputs.type_code, inputs.kind, inputs.division
        procedure, amount, cause, parties = inputs.procedure, inputs.amount, inputs.cause, inputs.parties
        history = _History()
        with history.on(filed_on):
            case = case_services.case_register(
                court=court,
                type_code=type_code,
                parties=parties,
                actor=SYSTEM,
                cause=cause,
                division=division,
                procedure=procedure,
                claim_amount=amount,
                filed_on=filed_on,
            )
        age = (self.today - filed_on).days
        if division is not None and (age > 3 or self.rng.random() < 0.4):  # the newest wait for assignment
            filing_officer = self._filing_officer(court)
            try:
                with history.on(min(filed_on + timedelta(days=self.rng.randint(0, 2)), self.today)):
                    draw = case_services.case_assign_random(
                        case=case, actor=filing_officer or SYSTEM, seed=f"demo-{self.seed}-{case.number}"
                    )
                case = draw.case  # as stored: demo_judge's and demo_division_head's standing team joined
            except case_services.CaseInputError:
                pass
        if case.judge_id and age > 40 and self.rng.random() < 0.05 and case.procedure == "ordinary":
            on = filed_on + timedelta(days=self.rng.randint(10, 30))
            with history.on(on):
                adj = case_services.case_deduction_start(
                    case=case, kind="public_notice", actor=SYSTEM, started_on=on, reason="被告下落不明，公告送达"
                )
            with history.on(on + timedelta(days=30)):
                case_services.case_deduction_end(
                    case=case, adjustment=adj, actor=SYSTEM, ended_on=on + timedelta(days=30)
                )
        # Most cases close within their trial period (审限, as legaltime computed it at assignment); a few run past it,
        # so a few percent of the pending cases are overdue, as in a court's statistics.
        takes = disposition_days(self.rng, limit=(case.trial_due_on - filed_on).days if case.trial_due_on else 180)
        if case.judge_id and self.rng.random() < 0.03 and 20 < age < 240:
            on = filed_on + timedelta(days=self.rng.randint(5, min(age, 60)))
            with history.on(on):
                case_services.case_transition(
                    case=case, target="suspended", actor=SYSTEM, on=on, note="等待另案审理结果"
                )
        elif case.judge_id and takes <= age:
            closed_on = filed_on + timedelta(days=takes)
            method = (
                self._pick(self.CLOSING)
                if kind != "enforcement"
                else self._pick((("enforced", 60), ("settlement", 15), ("withdrawal", 5)))
            )
            with history.on(closed_on):
                if kind == "enforcement" and self.rng.random() < 0.25:
                    case = case_services.case_transition(case=case, target="terminated", actor=SYSTEM, on=closed_on)
                else:
                    case = case_services.case_transition(
                        case=case, target="closed", actor=SYSTEM, closing_method=method, on=closed_on
                    )
            if case.state == "closed" and (self.today - closed_on).days > 35 and self.rng.random() < 0.85:
                on = closed_on + timedelta(days=self.rng.randint(16, 30))
                with history.on(on):
                    case_services.case_transition(case=case, target="effective", actor=SYSTEM, on=on)
                if (self.today - on).days > 60 and self.rng.random() < 0.7:
                    archived = on + timedelta(days=self.rng.randint(20, 60))
                    with history.on(archived):
                        case_services.case_transition(case=case, target="archived", actor=SYSTEM, on=archived)
        if self.rng.random() < 0.01 and case.state in ("in_trial", "registered"):
            actor = case.judge or self._filing_officer(court)
            if actor is not None:
                with history.on(min(filed_on + timedelta(days=3), self.today)):
                    case_services.case_tag_supervision(
                        case=case,
                        kind=self.rng.choice(["major_sensitive", "mass_dispute", "precedent_conflict"]),
                        reason="涉案人数众多，社会关注度高",
                        actor=actor,
                    )
        return case

    def _filing_officer(self, court: Court) -> User | None:
        """The court's first filing officer (who assigns its cases); staff do not change while cases are made."""
        if court.pk not in self._officers:
            self._officers[court.pk] = User.objects.filter(
                grants__court=court, grants__role=Role.FILING_OFFICER
            ).first()
        return self._officers[court.pk]

    def _demo_party_id(self) -> str:
        return people_gen.make_resident_id(
            random.Random(self.seed), birth_date=date(1988, 6, 15), region="320508", gender="F"
        )

    # ------------------------------------------------------------ online filings (issue 7)
    def filings(self) -> int:
        """Online filings in every state at the demo court, for demo_party and demo_lawyer (verified accounts),
        reviewed by demo_filing; plus a cross-region filing received at 昆山法院 for the demo court."""
        from django.core.files.uploadedfile import SimpleUploadedFile

        from smartcourt.filing import services as filing_services
        from smartcourt.filing.models import Filing, FilingChannel
        from smartcourt.filing.rules.filing_input import PartyData
        from smartcourt.portal.models import LitigantAccount

        if Filing.objects.filter(filer__username="demo_party").exists():
            self.log("  网上立案演示数据已存在，跳过")
            return 0
        rng = random.Random(self.seed + 7)
        court = self.courts.get(DEMO_COURT) or Court.objects.get(code=DEMO_COURT)
        party, lawyer = User.objects.get(username="demo_party"), User.objects.get(username="demo_lawyer")
        officer = User.objects.get(username="demo_filing")
        party_id = self._demo_party_id()
        LitigantAccount.objects.update_or_create(
            user=party, defaults={"kind": "party", "id_number": party_id, "state": "verified", "provider": "embedded"}
        )
        LitigantAccount.objects.update_or_create(
            user=lawyer, defaults={"kind": "lawyer", "state": "verified", "provider": "embedded"}
        )
        causes = {
            c.name: c
            for c in CauseOfAction.objects.filter(
                kind="civil",
                selectable=True,
                name__in=["民间借贷纠纷", "买卖合同纠纷", "房屋租赁合同纠纷", "物业服务合同纠纷"],
            )
        }
        used: set[str] = set()

        def person_id() -> str:
            while True:
                birth = date(rng.randint(1960, 2000), rng.randint(1, 12), rng.randint(1, 28))
                value = people_gen.make_resident_id(rng, birth_date=birth, region="320508", gender=rng.choice("MF"))
                if value not in used and value != party_id:
                    used.add(value)
                    return value

        def one(
            filer: User, cause: str, amount: str, *, as_lawyer: bool = False, channel: str = FilingChannel.ONLINE
        ) -> Filing:
            filing = filing_services.filing_draft_create(
                filer=filer if channel == FilingChannel.ONLINE else None, channel=channel, lawyer=as_lawyer
            )
            if channel == FilingChannel.ONLINE:
                filing_services.filing_consent_record(filing=filing, user=filer, step="filing", agreed=True)
            actor = filer if channel == FilingChannel.ONLINE else SYSTEM
            filing_services.filing_basics_set(filing=filing, actor=actor, type_code="民初", cause=causes.get(cause))
            if as_lawyer:
                first = PartyData(
                    "plaintiff",
                    "natural",
                    people_gen.person_name(rng),
                    person_id(),
                    "",
                    people_gen.mobile(rng),
                    f"苏州市姑苏区人民路{rng.randint(1, 999)}号",
                )
            else:
                first = PartyData(
                    "plaintiff", "natural", party.full_name, party_id, "", party.phone, "苏州市姑苏区人民路1188号"
                )
            second = PartyData(
                "defendant",
                "natural",
                people_gen.person_name(rng),
                person_id(),
                "",
                people_gen.mobile(rng),
                f"苏州市姑苏区干将路{rng.randint(1, 999)}号",
            )
            filing_services.filing_parties_set(
                filing=filing, actor=actor, parties=[first, second], filer_index=None if as_lawyer else 0
            )
            filing_services.filing_claims_set(
                filing=filing,
                actor=actor,
                claims=[
                    filing_services.ClaimIn(f"判令被告支付{amount}元", amount),
                    filing_services.ClaimIn("判令被告承担本案诉讼费用", ""),
                ],
            )
            filing_services.filing_court_set(filing=filing, actor=actor, court=court)
            filing_services.filing_facts_set(
                filing=filing,
                actor=actor,
                facts=(
                    f"原告与被告之间存在{cause.removesuffix('纠纷')}关系，被告未按约定履行义务，经原告多次催告仍未履行，"
                    f"尚欠{amount}元。为维护合法权益，特诉至法院。"
                ),
            )
            for title in ("借条或合同", "付款凭证"):
                filing_services.evidence_add(
                    filing=filing,
                    actor=actor,
                    title=title,
                    source="原告持有",
                    upload=SimpleUploadedFile(f"{title}.pdf", _evidence_pdf(title, first.name, second.name, amount)),
                )
            return filing

        def submit(filing: Filing, filer: User) -> Filing:
            return filing_services.filing_submit(
                filing=filing,
                actor=filer,
                signature_name=filer.full_name,
                confirm=True,
                submission_key=f"demo-{filing.reference}",
            )

        n = 0
        one(party, "物业服务合同纠纷", "3600")  # draft
        submit(one(party, "民间借贷纠纷", "80000"), party)  # awaiting review
        corrected = submit(one(party, "买卖合同纠纷", "26000"), party)
        filing_services.filing_request_correction(
            filing=corrected,
            actor=officer,
            items=[
                {
                    "field": "id_copy",
                    "message": "请上传原告身份证明（身份证正反面）复印件（登记立案规定第六条第（一）项）。",
                },
                {"field": "evidence", "message": "请补充买卖合同或送货单。"},
            ],
            due_days=15,
        )
        accepted = submit(one(party, "民间借贷纠纷", "50000"), party)
        filing_services.filing_accept(filing=accepted, actor=officer, track=accepted.triage_suggested)
        paid = submit(one(party, "房屋租赁合同纠纷", "180000"), party)
        filing_services.filing_accept(filing=paid, actor=officer, track=paid.triage_suggested)
        notice = paid.fee_notice
        payment = filing_services.payment_report(
            notice=notice,
            actor=party,
            provider="bank_transfer",
            reference=f"DEMO{self.seed}{paid.pk:06d}",
            amount=str(notice.amount),
        )
        filing_services.payment_confirm(payment=payment, actor=officer, received=True)
        rejected = submit(one(party, "民间借贷纠纷", "12000"), party)
        filing_services.filing_reject(
            filing=rejected,
            actor=officer,
            reason="原告就同一事项已另案起诉并已立案，本案属于重复起诉（民诉法解释第二百四十七条）。",
        )
        filing_services.filing_withdraw(filing=submit(one(party, "民间借贷纠纷", "9000"), party), actor=party)
        submit(one(lawyer, "买卖合同纠纷", "420000", as_lawyer=True), lawyer)  # a lawyer's filing awaiting review
        lawyer_accepted = submit(one(lawyer, "民间借贷纠纷", "1500000", as_lawyer=True), lawyer)
        filing_services.filing_accept(
            filing=lawyer_accepted,
            actor=officer,
            track="ordinary",
            override_reason="标的额较大，证据较多，适用普通程序",
        )
        kiosk = one(party, "民间借贷纠纷", "30000", channel=FilingChannel.KIOSK)
        kunshan = self.courts.get("苏0583") or Court.objects.get(code="苏0583")
        filing_services.filing_kiosk_submit(filing=kiosk, kiosk_court=kunshan, signature_name=party.full_name)  # 跨域
        n = Filing.objects.filter(court=court).count()
        self.log(f"  网上立案 {n} 件（草稿、待审查、待补正、已立案、已交费、不予受理、已撤回、跨域立案）")
        from .portal import applicants_seed

        waiting = applicants_seed(courts=[court, kunshan], per_court=3, seed=self.seed)
        self.log(
            f"  实名认证待审核 {waiting} 人（{court.short_name or court.name}、{kunshan.short_name or kunshan.name}各3人）"
        )
        return n
