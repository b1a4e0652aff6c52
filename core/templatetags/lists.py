"""Column headers that sort a list: a first click sorts by the column, a second reverses it."""

from django import template

register = template.Library()


@register.inclusion_tag("core/_sort_header.html")
def sort_header(label: str, key: str, current: str, querystring: str) -> dict:
    """`key` is the ordering a first click asks for; "-key" is the same index read
    backwards. `current` is the list's ordering, `querystring` the list's other parameters."""
    if current == key:
        state, following = "primary", f"-{key}"
    elif current == f"-{key}":
        state, following = "reversed", key
    else:
        state, following = "", key
    prefix = f"{querystring}&" if querystring else ""
    return {"label": label, "href": f"?{prefix}sort={following}", "state": state}
