"""The criteria catalogue read once per run (`_Catalogue`, `_catalogue`)."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError

from criteria import rules
from criteria.models import Criterion, Framework, Indicator
from criteria.selectors import thresholds_by_indicator

from .options import FRAMEWORK, REGIONS


@dataclass
class _Catalogue:
    framework: Framework
    criteria: list[Criterion]
    indicators: list[Indicator]
    # (category, year) -> indicator id -> the numeric threshold applied automatically
    automatic: dict[tuple[str, int], dict[int, object]]


def _catalogue(years: list[int]) -> _Catalogue:
    framework = Framework.objects.filter(key=FRAMEWORK).first()
    if framework is None:
        raise ValidationError("Chưa có bộ tiêu chí 318/QĐ-TTg: chạy `manage.py load_criteria`.")
    if years[0] < framework.period_start or years[-1] > framework.period_end:
        raise ValidationError(
            f"Năm phải nằm trong thời kỳ {framework.period_start}–{framework.period_end} "
            f"của bộ tiêu chí {framework}."
        )
    criteria = list(Criterion.objects.filter(framework=framework).order_by("number"))
    indicators = list(Indicator.objects.filter(framework=framework).order_by("order", "pk"))
    thresholds = thresholds_by_indicator(framework, None)
    automatic = {}
    for category in REGIONS:
        for year in years:
            picked = {}
            for ind in indicators:
                t = rules.pick_threshold(
                    thresholds.get(ind.pk, []), province_id=None, category=category, year=year
                )
                if rules.is_automatic(t):
                    picked[ind.pk] = t
            automatic[(category, year)] = picked
    return _Catalogue(framework, criteria, indicators, automatic)
