"""jieba's word table as a memory-mapped trie segments exactly like jieba's dict."""

import jieba
import pytest

from search import dictionary, segment

TEXTS = [
    "关于进一步做好政府信息公开工作的通知，示政发〔2024〕3号。",
    "医疗保险、老旧小区改造和普惠幼儿园建设纳入2025年度民生工程。",
    "Open data 与营商环境优化：公共资源交易平台数据开放试点工作方案",
    "中华人民共和国政府信息公开条例第二十七条规定的申请",
]


@pytest.fixture(scope="module")
def stock():
    tok = jieba.Tokenizer()
    tok.initialize()
    return tok


@pytest.mark.parametrize("text", TEXTS)
def test_the_compact_table_cuts_every_mode_like_jieba(stock, text):
    compact = segment.tokenizer()
    assert isinstance(compact.FREQ, dictionary.CompactFrequencies)
    assert list(compact.cut_for_search(text)) == list(stock.cut_for_search(text))
    assert list(compact.tokenize(text, mode="search")) == list(stock.tokenize(text, mode="search"))
    assert list(compact.cut(text)) == list(stock.cut(text))
    assert list(compact.cut(text, HMM=False)) == list(stock.cut(text, HMM=False))


def test_the_table_answers_like_a_dict(stock):
    compact = segment.tokenizer().FREQ
    assert len(compact) == len(stock.FREQ)
    for word in ["政府", "信息公开", "政", "不存在的词语组合"]:
        assert (word in compact) == (word in stock.FREQ)
        assert compact.get(word) == stock.FREQ.get(word)
    with pytest.raises(KeyError):
        compact["不存在的词语组合"]
    assert segment.tokenizer().total == stock.total


def test_the_trie_file_is_built_once_and_then_reused(tmp_path):
    first, total = dictionary.compact_frequencies(tmp_path)
    files = sorted(p.name for p in tmp_path.iterdir())
    assert [name.rsplit(".", 1)[1] for name in files] == ["marisa", "total"]
    stamp = (tmp_path / files[0]).stat().st_mtime_ns
    again, _total = dictionary.compact_frequencies(tmp_path)
    assert (tmp_path / files[0]).stat().st_mtime_ns == stamp
    assert again.get("政府") == first.get("政府") and total > 0
