"""A tiny T5-style tokenizer: the tokenizer.json a T5 v1.1 folder carries (SentencePiece Unigram
model, whitespace split then Metaspace "▁" prefixing, </s> appended by the post-processor, <pad>
id 0, </s> id 1, <unk> id 2), written by hand because Debian has no `tokenizers` package, and an
independent Viterbi encoder of the same model, so the fixture records the ids the Hugging Face
tokenizer must produce. The same vocabulary also goes out as SentencePiece's spiece.model (what
the published T5 tokenizer folders ship instead of tokenizer.json), through a protobuf writer
written by hand, for the Java side to convert.
"""
import math
import re
import struct

SPECIALS = ["<pad>", "</s>", "<unk>"]

# Whole words, sub-words and every lowercase letter (so no word of lowercase letters is unknown).
# Scores are log-probabilities chosen far enough apart that no two segmentations tie.
WORDS = ["▁a", "▁red", "▁blue", "▁green", "▁cat", "▁dog", "▁circle", "▁square", "▁on", "▁the", "▁of",
         "▁in", "▁and", "▁with", "▁small", "▁big", "▁photo", "▁sit", "▁mat", "▁sky", "▁tree", "▁house",
         "ting", "ing", "s", "er", "ed", "▁"]
LETTERS = [chr(c) for c in range(ord("a"), ord("z") + 1)]


def vocab():
    """[(piece, score)] in id order; the specials score 0 as in T5's file."""
    v = [(s, 0.0) for s in SPECIALS]
    for i, w in enumerate(WORDS):
        v.append((w, round(-3.0 - 0.137 * i, 4)))
    for i, c in enumerate(LETTERS):
        v.append((c, round(-9.0 - 0.071 * i, 4)))
    return v


def added(i, content):
    return {"id": i, "content": content, "single_word": False, "lstrip": False, "rstrip": False,
            "normalized": False, "special": True}


def tokenizer_json():
    v = vocab()
    return {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": [added(i, s) for i, s in enumerate(SPECIALS)],
        "normalizer": None,
        "pre_tokenizer": {"type": "Sequence", "pretokenizers": [
            {"type": "WhitespaceSplit"},
            {"type": "Metaspace", "replacement": "▁", "prepend_scheme": "always", "split": True}]},
        "post_processor": {
            "type": "TemplateProcessing",
            "single": [{"Sequence": {"id": "A", "type_id": 0}}, {"SpecialToken": {"id": "</s>", "type_id": 0}}],
            "pair": [{"Sequence": {"id": "A", "type_id": 0}}, {"SpecialToken": {"id": "</s>", "type_id": 0}},
                     {"Sequence": {"id": "B", "type_id": 0}}, {"SpecialToken": {"id": "</s>", "type_id": 0}}],
            "special_tokens": {"</s>": {"id": "</s>", "ids": [1], "tokens": ["</s>"]}}},
        "decoder": {"type": "Metaspace", "replacement": "▁", "prepend_scheme": "always", "split": True},
        "model": {"type": "Unigram", "unk_id": 2, "vocab": [[p, s] for p, s in v], "byte_fallback": False},
    }


def tokenizer_config(max_length):
    return {"model_max_length": max_length, "eos_token": "</s>", "pad_token": "<pad>", "unk_token": "<unk>",
            "tokenizer_class": "T5Tokenizer", "extra_ids": 0}


def _viterbi(word, pieces):
    """Best-scoring segmentation of one pre-token; an uncovered character becomes <unk>."""
    unk = min(s for _, s in pieces.values()) - 10.0
    best = [(-math.inf, None)] * (len(word) + 1)
    best[0] = (0.0, None)
    for end in range(1, len(word) + 1):
        for start in range(end):
            piece = word[start:end]
            if piece in pieces:
                score = pieces[piece][1]
            elif end - start == 1:
                score = unk
            else:
                continue
            total = best[start][0] + score
            if total > best[end][0]:
                best[end] = (total, start)
    ids = []
    end = len(word)
    while end > 0:
        start = best[end][1]
        piece = word[start:end]
        ids.append(pieces[piece][0] if piece in pieces else 2)
        end = start
    ids.reverse()
    # consecutive unknowns fuse into one <unk>, as the Unigram model does
    fused = []
    for i in ids:
        if not (i == 2 and fused and fused[-1] == 2):
            fused.append(i)
    return fused


def encode(text, v=None, extra_ids=0):
    """Token ids of `text` followed by </s>, untruncated and unpadded. `v` is the vocabulary (the
    default: vocab()); with `extra_ids`, the sentinels <extra_id_0>.. (appended after `v` in
    reverse, as T5's conversion appends them) are cut out of the text first and the pieces between
    them encoded as before."""
    v = vocab() if v is None else v
    pieces = {p: (i, s) for i, (p, s) in enumerate(v) if i >= len(SPECIALS)}
    sentinels = {f"<extra_id_{i}>": len(v) + extra_ids - 1 - i for i in range(extra_ids)}
    parts = re.split("(" + "|".join(map(re.escape, sentinels)) + ")", text) if sentinels else [text]
    ids = []
    for part in parts:
        if part in sentinels:
            ids.append(sentinels[part])
            continue
        for word in part.split():
            ids.extend(_viterbi("▁" + word, pieces))
    return ids + [1]


def padded(text, max_length, v=None, extra_ids=0):
    """As the pipeline asks the tokenizer: truncated to max_length (</s> kept last), padded with 0."""
    ids = encode(text, v, extra_ids)
    if len(ids) > max_length:
        ids = ids[:max_length - 1] + [1]
    mask = [1] * len(ids) + [0] * (max_length - len(ids))
    return ids + [0] * (max_length - len(ids)), mask


def dropped(text, max_length, v=None):
    """The text of what padded() cuts (the ids between the kept part and </s>), as the Metaspace
    decoder gives it back: "▁" read as a space, a leading one dropped."""
    v = vocab() if v is None else v
    ids = encode(text, v)
    if len(ids) <= max_length:
        return ""
    text = "".join(v[i][0] for i in ids[max_length - 1:-1]).replace("▁", " ")
    return text[1:] if text.startswith(" ") else text


# SentencePiece's ModelProto (sentencepiece_model.proto), as much of it as a T5 file carries.
NORMAL, UNKNOWN, CONTROL = 1, 2, 3
UNIGRAM = 1


def float32(x):
    return struct.unpack("<f", struct.pack("<f", x))[0]


def vocab32():
    """vocab() with the scores as spiece.model stores them (float32), as a converted tokenizer reads them."""
    return [(p, float32(s)) for p, s in vocab()]


def _varint(n):
    if n < 0:
        n += 1 << 64  # int32 -1 is a 10-byte varint, sign-extended to 64 bits
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def _key(field, wire_type):
    return _varint(field << 3 | wire_type)


def _int(field, n):
    return _key(field, 0) + _varint(n)


def _float(field, x):
    return _key(field, 5) + struct.pack("<f", x)


def _bytes(field, b):
    return _key(field, 2) + _varint(len(b)) + b


def _string(field, s):
    return _bytes(field, s.encode("utf-8"))


def spiece_model(charsmap=b""):
    """The vocabulary as a serialized ModelProto laid out as T5's spiece.model: <pad> 0 and </s> 1
    control pieces, <unk> 2 the unknown piece (its type written; a normal piece's left to the
    default), then the pieces with their scores; trainer_spec Unigram with pad_id 0, eos_id 1,
    unk_id 2, bos_id -1 and a few fields a reader must skip (a string, a float, a varint);
    normalizer_spec with the three whitespace rules on and `charsmap` (none by default: nmt_nfkc's
    table cannot be built here)."""
    types = {0: CONTROL, 1: CONTROL, 2: UNKNOWN}
    out = b""
    for i, (p, s) in enumerate(vocab()):
        piece = _string(1, p) + _float(2, s)
        if i in types:
            piece += _int(3, types[i])
        out += _bytes(1, piece)
    trainer = (_string(2, "spiece") + _int(3, UNIGRAM) + _int(4, len(vocab())) + _float(10, 1.0)
               + _int(11, 1000) + _int(35, 0) + _int(40, 2) + _int(41, -1) + _int(42, 1) + _int(43, 0))
    out += _bytes(2, trainer)
    normalizer = _string(1, "identity" if not charsmap else "nmt_nfkc")
    if charsmap:
        normalizer += _bytes(2, charsmap)
    normalizer += _int(3, 1) + _int(4, 1) + _int(5, 1)
    out += _bytes(3, normalizer)
    return out
