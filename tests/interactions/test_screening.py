import pytest

from interactions import screening, tracking
from interactions.models import Comment, SensitiveWord

from .conftest import add_comment

VALID_ID = "11010519491231002X"
INVALID_ID = "110105194912310021"  # same digits, wrong check character


def test_valid_id_number_is_masked():
    assert screening.mask_personal_data(f"我的身份证号是{VALID_ID}。") == "我的身份证号是" + "*" * 18 + "。"


def test_lower_case_x_check_character_is_masked():
    assert VALID_ID.lower() not in screening.mask_personal_data(f"号码 {VALID_ID.lower()} 结束")


def test_invalid_checksum_is_not_masked():
    text = f"预算编号 {INVALID_ID} 不是身份证号"
    assert screening.mask_personal_data(text) == text


@pytest.mark.parametrize("phone", ["13800138000", "138 0013 8000", "+86 139 1234 5678", "010-62345678"])
def test_phone_numbers_are_masked(phone):
    masked = screening.mask_personal_data(f"请致电{phone}联系我")
    assert phone not in masked
    assert masked.startswith("请致电") and masked.endswith("联系我")


def test_email_addresses_are_masked():
    masked = screening.mask_personal_data("邮箱 zhang.san+dogs@example.com.cn 欢迎来信")
    assert "@" not in masked and "example" not in masked
    assert masked.startswith("邮箱 ") and masked.endswith(" 欢迎来信")


def test_ordinary_numbers_are_left_alone():
    text = "第3条第2款规定的500元罚款过高，建议改为200元。2026年施行。"
    assert screening.mask_personal_data(text) == text


@pytest.mark.django_db
def test_masking_applies_to_name_region_and_body(consultation):
    comment = add_comment(
        consultation, f"身份证{VALID_ID}，电话13800138000，邮箱a@b.cn", display_name="13912345678", region="a@b.cn"
    )
    assert (
        VALID_ID not in comment.public_body
        and "13800138000" not in comment.public_body
        and "a@b.cn" not in comment.public_body
    )
    assert comment.public_display_name == "*" * 11
    assert "@" not in comment.public_region
    # The original stays for moderators.
    assert VALID_ID in comment.body


@pytest.mark.django_db
def test_sensitive_words_flag_comments(consultation, settings):
    settings.INTERACTIONS_SENSITIVE_WORDS = ["setting-word"]
    SensitiveWord.objects.create(word="敏感词")
    flagged = add_comment(consultation, "这里有一个敏 感词")
    flagged_by_setting = add_comment(consultation, "Contains SETTING-WORD here")
    clean = add_comment(consultation, "普通意见")
    assert flagged.flagged and "敏感词" in flagged.flag_reasons
    assert flagged_by_setting.flagged
    assert not clean.flagged
    assert flagged.status == Comment.PENDING  # flags never decide by themselves


def test_tracking_codes_are_long_random_and_hashed():
    code = tracking.new_code()
    assert code.startswith("GK-") and len(tracking.normalise(code)) == 32  # 160 bits of base32
    assert tracking.new_code() != code
    assert tracking.digest(code) == tracking.digest(code.lower().replace("-", " "))
    assert len(tracking.digest(code)) == 64 and code not in tracking.digest(code)


@pytest.mark.django_db
def test_tracking_lookup(consultation):
    comment = Comment(
        page=consultation, body="x", public_body="x", submission_key="00000000-0000-0000-0000-000000000001"
    )
    code = comment.issue_tracking_code()
    comment.save()
    assert Comment.find_by_tracking_code(code) == comment
    assert Comment.find_by_tracking_code(code.lower()) == comment
    assert Comment.find_by_tracking_code(tracking.new_code()) is None
    assert Comment.find_by_tracking_code("") is None
    assert Comment.find_by_tracking_code("GK-' OR 1=1 --") is None
    assert not Comment.objects.filter(tracking_digest=code).exists()
