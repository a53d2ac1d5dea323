"""What a published letter and answer may show: `interactions.screening`
masks ID-card numbers (checksum-valid only), phone numbers and e-mail
addresses; here the citizen's own name is reduced to its first character
wherever they (or the handler) wrote it."""

from interactions.screening import mask_personal_data


def mask(case, text):
    text = mask_personal_data(text or "")
    name = (case.contact_name or "").strip()
    if len(name) >= 2:
        text = text.replace(name, name[0] + "*" * (len(name) - 1))
    return text
