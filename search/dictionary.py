"""jieba's word table in a memory-mapped MARISA trie.

jieba keeps every dictionary word and every prefix of one (about 580,000
strings) in a Python dict: some 70 MB in each process that segments text, a
third of a web worker. The same table as a MARISA trie is a ~10 MB file,
memory-mapped, so its pages are shared by every process on the machine.

The file is built once per machine (in a child process, so the builder's
temporary dict never swells the worker) next to jieba's own cache, and is
rebuilt when jieba's dictionary changes. The mapping answers exactly what
jieba asks of its dict (`in`, `get`, `[]`), so segmentation is unchanged;
tests/search compares the two word for word.
"""

import hashlib
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import marisa_trie

RECORD = "<I"  # frequencies fit in an unsigned 32-bit integer


class CompactFrequencies:
    def __init__(self, trie):
        self._trie = trie

    def get(self, word, default=None):
        found = self._trie.get(word)
        return found[0][0] if found else default

    def __contains__(self, word):
        return word in self._trie

    def __getitem__(self, word):
        found = self._trie.get(word)
        if not found:
            raise KeyError(word)
        return found[0][0]

    def __len__(self):
        return len(self._trie)


def _dictionary_file():
    import jieba

    return Path(jieba.get_dict_file().name)


def _paths(cache_dir):
    source = _dictionary_file()
    digest = hashlib.sha256(source.read_bytes()).hexdigest()[:16]
    folder = Path(cache_dir or tempfile.gettempdir())
    return source, folder / f"jieba-{digest}.marisa", folder / f"jieba-{digest}.total"


def build(source, trie_path, total_path):
    """Runs in a child process: jieba's own prefix dict, saved as a trie."""
    import jieba

    with open(source, "rb") as handle:
        freq, total = jieba.Tokenizer().gen_pfdict(handle)
    trie = marisa_trie.RecordTrie(RECORD, ((word, (count,)) for word, count in freq.items()))
    trie_path.parent.mkdir(parents=True, exist_ok=True)
    # Write under temporary names, then rename: a concurrent reader never sees half a file.
    tmp_trie = trie_path.with_name(f"{trie_path.name}.{os.getpid()}.tmp")
    tmp_total = total_path.with_name(f"{total_path.name}.{os.getpid()}.tmp")
    trie.save(str(tmp_trie))
    tmp_total.write_text(str(total))
    os.replace(tmp_trie, trie_path)
    os.replace(tmp_total, total_path)


def compact_frequencies(cache_dir=None):
    """(mapping, total) for jieba.Tokenizer.FREQ / .total."""
    source, trie_path, total_path = _paths(cache_dir)
    if not (trie_path.exists() and total_path.exists()):
        subprocess.run(  # noqa: S603 - our own module, with the running interpreter
            [
                sys.executable,
                "-c",
                "import sys; from pathlib import Path; from search.dictionary import build; build(*map(Path, sys.argv[1:]))",
                str(source),
                str(trie_path),
                str(total_path),
            ],
            check=True,
            cwd=str(Path(__file__).resolve().parent.parent),
        )
    trie = marisa_trie.RecordTrie(RECORD)
    trie.mmap(str(trie_path))
    return CompactFrequencies(trie), int(total_path.read_text())
