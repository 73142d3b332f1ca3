"""A tiny T5-style tokenizer: the tokenizer.json a T5 v1.1 folder carries (SentencePiece Unigram
model, whitespace split then Metaspace "▁" prefixing, </s> appended by the post-processor, <pad>
id 0, </s> id 1, <unk> id 2), written by hand because Debian has no `tokenizers` package, and an
independent Viterbi encoder of the same model, so the fixture records the ids the Hugging Face
tokenizer must produce.
"""
import math

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


def encode(text):
    """Token ids of `text` followed by </s>, untruncated and unpadded."""
    v = vocab()
    pieces = {p: (i, s) for i, (p, s) in enumerate(v) if i >= len(SPECIALS)}
    ids = []
    for word in text.split():
        ids.extend(_viterbi("▁" + word, pieces))
    return ids + [1]


def padded(text, max_length):
    """As the pipeline asks the tokenizer: truncated to max_length (</s> kept last), padded with 0."""
    ids = encode(text)
    if len(ids) > max_length:
        ids = ids[:max_length - 1] + [1]
    mask = [1] * len(ids) + [0] * (max_length - len(ids))
    return ids + [0] * (max_length - len(ids)), mask
