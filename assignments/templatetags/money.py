from django import template

from common import money

register = template.Library()


@register.filter
def vnd_short(amount):
    """12800000000 -> 12,8 tỷ đồng; 450000000 -> 450 triệu đồng; 850000 -> 850.000 đồng."""
    return money.vnd_short(amount)


@register.filter
def vnd_full(amount):
    """12800000000 -> 12.800.000.000 đồng."""
    return money.vnd_full(amount)
