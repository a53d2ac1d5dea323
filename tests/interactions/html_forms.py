"""Read a form the way a browser would send it: every named input, textarea and
select of the <form>, with its value as rendered (checkboxes and radios only
when checked). Tests fill in what a person types on top of that."""

from bs4 import BeautifulSoup


def form_fields(html, selector="form"):
    form = BeautifulSoup(html, "html.parser").select_one(selector)
    assert form is not None, f"no {selector} on the page"
    data = {}
    for field in form.find_all(["input", "textarea", "select"]):
        name = field.get("name")
        if not name:
            continue
        if field.name == "textarea":
            data[name] = field.get_text()
        elif field.name == "select":
            chosen = field.find("option", selected=True) or field.find("option")
            data[name] = chosen.get("value", chosen.get_text()) if chosen else ""
        elif field.get("type") in ("checkbox", "radio"):
            if field.has_attr("checked"):
                data[name] = field.get("value", "on")
        elif field.get("type") not in ("submit", "button", "file"):
            data[name] = field.get("value", "")
    return data


def text_of(html, selector):
    node = BeautifulSoup(html, "html.parser").select_one(selector)
    return node.get_text() if node is not None else None
