"""The framework workbook's planned writes (one _Write per row, planned by framework_check) and
framework_apply, which writes them through criteria.authoring in the caller's transaction."""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError

from units.models import Unit, User

from .. import authoring
from ..models import Criterion, CriterionGroup, Framework, FrameworkChange, Indicator
from .cells import WriteRefused


@dataclass
class _Context:
    actor: User
    basis: str
    framework: Framework | None = None
    groups: dict = field(default_factory=dict)
    criteria: dict = field(default_factory=dict)
    indicators: dict = field(default_factory=dict)

    def load(self, framework: Framework) -> None:
        self.framework = framework
        self.groups = {g.code: g for g in CriterionGroup.objects.filter(framework=framework)}
        self.criteria = {c.number: c for c in Criterion.objects.filter(framework=framework)}
        self.indicators = {
            i.code: i
            for i in Indicator.objects.filter(framework=framework).select_related("framework")
        }


@dataclass
class _Write:
    """One planned write of the framework workbook, applied through criteria.authoring."""

    key: str  # the framework's
    basis: str
    sheet: str
    row: int
    columns: dict  # service field name -> column (for a refusal while writing)

    def apply(self, ctx: _Context) -> None:
        raise NotImplementedError


@dataclass
class _FrameworkCreate(_Write):
    province: Unit | None = None
    fields: dict = field(default_factory=dict)

    def apply(self, ctx):
        framework = authoring.framework_create(
            actor=ctx.actor, key=self.key, province=self.province, **self.fields
        )
        ctx.load(framework)


@dataclass
class _FrameworkUpdate(_Write):
    fields: dict = field(default_factory=dict)

    def apply(self, ctx):
        authoring.framework_update(
            framework=ctx.framework, actor=ctx.actor, legal_basis=self.basis, **self.fields
        )
        ctx.framework.refresh_from_db()


@dataclass
class _CategoryAdd(_Write):
    category: str = ""
    name: str = ""
    description: str = ""

    def apply(self, ctx):
        authoring.category_add(
            framework=ctx.framework,
            actor=ctx.actor,
            key=self.category,
            name=self.name,
            description=self.description,
            legal_basis=self.basis,
        )


@dataclass
class _GroupAdd(_Write):
    code: str = ""
    name: str = ""

    def apply(self, ctx):
        ctx.groups[self.code] = authoring.group_add(
            framework=ctx.framework,
            actor=ctx.actor,
            code=self.code,
            name=self.name,
            legal_basis=self.basis,
        )


@dataclass
class _CriterionAdd(_Write):
    number: int = 0
    name: str = ""
    group: str = ""

    def apply(self, ctx):
        ctx.criteria[self.number] = authoring.criterion_add(
            framework=ctx.framework,
            actor=ctx.actor,
            number=self.number,
            name=self.name,
            group=ctx.groups.get(self.group) if self.group else None,
            legal_basis=self.basis,
        )


@dataclass
class _CriterionChange(_Write):
    number: int = 0
    fields: dict = field(default_factory=dict)  # name, group (a code, "" = none)

    def apply(self, ctx):
        fields = dict(self.fields)
        if "group" in fields:
            fields["group"] = ctx.groups.get(fields["group"]) if fields["group"] else None
        criterion = ctx.criteria[self.number]
        criterion.framework = ctx.framework
        authoring.criterion_update(
            criterion=criterion, actor=ctx.actor, legal_basis=self.basis, **fields
        )


@dataclass
class _IndicatorAdd(_Write):
    code: str = ""
    number: int = 0
    name: str = ""
    unit: str = ""
    kind: str = ""
    comparator: str = ">="
    bars: dict = field(default_factory=dict)
    guidance: str = ""

    def apply(self, ctx):
        ctx.indicators[self.code] = authoring.indicator_add(
            framework=ctx.framework,
            actor=ctx.actor,
            criterion=ctx.criteria[self.number],
            code=self.code,
            name=self.name,
            kind=self.kind,
            unit=self.unit,
            comparator=self.comparator,
            bars=self.bars,
            guidance=self.guidance,
            legal_basis=self.basis,
        )


@dataclass
class _IndicatorChange(_Write):
    code: str = ""
    fields: dict = field(default_factory=dict)  # name, unit, kind, comparator, guidance, number
    bars: dict | None = None  # the sheet's columns, when one differs

    def apply(self, ctx):
        indicator = ctx.indicators[self.code]
        indicator.framework = ctx.framework
        fields = dict(self.fields)
        if "number" in fields:
            fields["criterion"] = ctx.criteria[fields.pop("number")]
        if fields and self.bars is not None:
            # both at once, as on the page: checked together, the years re-judged once
            authoring.indicator_correct(
                indicator=indicator,
                actor=ctx.actor,
                bars=self.bars,
                legal_basis=self.basis,
                **fields,
            )
        elif fields:
            authoring.indicator_update(
                indicator=indicator, actor=ctx.actor, legal_basis=self.basis, **fields
            )
        elif self.bars is not None:
            authoring.thresholds_set(
                indicator=indicator, actor=ctx.actor, bars=self.bars, legal_basis=self.basis
            )


@dataclass
class _Publish(_Write):
    def apply(self, ctx):
        authoring.framework_publish(framework=ctx.framework, actor=ctx.actor)
        ctx.framework.refresh_from_db()


def framework_apply(plan: list[_Write], *, actor: User, file_name: str = "") -> Framework | None:
    """Write a checked plan through criteria.authoring, in the caller's transaction; a refusal
    raises WriteRefused with the row it came from. One more FrameworkChange ("Nhập từ Excel")
    names the file."""
    if not plan:
        return None
    ctx = _Context(actor=actor, basis=plan[0].basis)
    if not isinstance(plan[0], _FrameworkCreate):
        ctx.load(Framework.objects.select_related("province").get(key=plan[0].key))
    for write in plan:
        try:
            write.apply(ctx)
        except ValidationError as e:
            raise WriteRefused(_refusal(write, e)) from None
        except PermissionDenied as e:
            raise WriteRefused(
                [{"row": write.row, "column": write.sheet, "message": str(e)}]
            ) from None
    authoring._record(
        ctx.framework,
        actor,
        FrameworkChange.Action.IMPORTED,
        str(ctx.framework),
        new=f"Nhập từ Excel: {file_name}",
        basis=ctx.basis,
    )
    return ctx.framework


def _refusal(write: _Write, error: ValidationError) -> list[dict]:
    items = []
    if hasattr(error, "error_dict"):
        for name, messages in error.message_dict.items():
            column = write.columns.get(name, "")
            for message in messages:
                items.append((column, message))
    else:
        items = [("", m) for m in error.messages]
    return [
        {
            "row": write.row,
            "column": f"{write.sheet}: {column}" if column else write.sheet,
            "message": message,
        }
        for column, message in items
    ]
