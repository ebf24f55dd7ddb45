"""`{% if user|can:"person.anonymise" %}`: templates ask the role policy (accounts.policy), never
compare `user.role` themselves."""

from django import template

from accounts import policy

register = template.Library()


@register.filter
def can(user, action: str) -> bool:
    return policy.can(user, action)
