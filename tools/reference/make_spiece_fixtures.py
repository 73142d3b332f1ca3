"""Writes the SentencePiece-only T5 tokenizer folders (spiece.model and tokenizer_config.json, no
tokenizer.json, as the published PixArt folders ship) and the ids the Java tokenizer must give
for them. No torch needed; deterministic (the same command writes the same bytes).

    /usr/bin/python3 tools/reference/make_spiece_fixtures.py models/src/test/resources/reference

- t5-spiece-tokenizer/: t5_tokenizer.py's vocabulary (the one pixart-tiny/tokenizer/tokenizer.json
  holds) as a spiece.model written by hand, no normalization table, with 3 extra ids; the expected
  ids (t5-spiece-tokens.json) come from t5_tokenizer.py's own Viterbi encoder.
- t5-spiece-nfkc/: a 48-piece model trained here by SentencePiece itself (Debian's
  python3-sentencepiece, 0.1.97) with the nmt_nfkc rule, so its file carries the real
  precompiled charsmap; the expected ids (t5-spiece-nfkc-tokens.json) are SentencePiece's own.
  Skipped, leaving the files as they are, where the module is missing.
"""
import io
import json
import os
import shutil
import sys

import t5_tokenizer

LIMIT = 12
EXTRA_IDS = 3
PROMPTS = [
    "",
    "a red cat",
    "a  red   cat on    the mat",  # runs of spaces
    "   a red cat on the mat  ",  # leading and trailing spaces
    "A RED Cat",  # lower-cased first
    "a green tree sitting in the house",  # ▁sit + ting
    "bluer squares",  # sub-word pieces: ▁blue r, ▁square s
    "a cat with 42 hats",  # unknown characters, fused into one <unk>
    "a café",  # an unknown non-ASCII letter
    "a small red cat sitting on the mat with a big blue dog in the house",  # over the limit
]
# Prompts with the sentinels, which only the spiece folder (3 extra ids) has as tokens.
EXTRA_PROMPTS = [
    "<extra_id_0>",
    "a cat <extra_id_0> on <extra_id_2> mat",
    "a cat<extra_id_1>on the mat",
]


def write_json(path, obj):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(obj, f, indent=2, sort_keys=True, ensure_ascii=False)
        f.write("\n")


def tokenizer_config(extra_ids, max_length):
    return dict(t5_tokenizer.tokenizer_config(max_length), extra_ids=extra_ids, legacy=True)


def case(prompt, ids, mask, dropped):
    return {"prompt": prompt, "ids": ids, "mask": mask, "dropped": dropped}


def tiny(out):
    root = os.path.join(out, "t5-spiece-tokenizer")
    if os.path.exists(root):
        shutil.rmtree(root)
    os.makedirs(root)
    with open(os.path.join(root, "spiece.model"), "wb") as f:
        f.write(t5_tokenizer.spiece_model())
    write_json(os.path.join(root, "tokenizer_config.json"), tokenizer_config(EXTRA_IDS, LIMIT))
    v = t5_tokenizer.vocab32()
    # transformers' added_tokens.json for the sentinels: <extra_id_0> last
    write_json(os.path.join(root, "added_tokens.json"),
               {f"<extra_id_{i}>": len(v) + EXTRA_IDS - 1 - i for i in range(EXTRA_IDS)})
    cases = []
    for p in PROMPTS:
        text = p.lower().strip()  # what T5Tokenizer.encode does first
        ids, mask = t5_tokenizer.padded(text, LIMIT, v)
        cases.append(case(p, ids, mask, t5_tokenizer.dropped(text, LIMIT, v)))
    extra = []
    for p in EXTRA_PROMPTS:
        ids, mask = t5_tokenizer.padded(p.lower().strip(), LIMIT, v, EXTRA_IDS)
        extra.append(case(p, ids, mask, ""))
    write_json(os.path.join(out, "t5-spiece-tokens.json"),
               {"limit": LIMIT, "extra_ids": EXTRA_IDS, "vocab": len(v), "cases": cases, "extra_cases": extra})


NFKC_LIMIT = 16
NFKC_WORDS = ("a red blue green cat dog circle square on the of in and with small big photo sitting mat sky"
              " tree house").split()
NFKC_PROMPTS = [
    "a red cat",
    "a  red   cat\ton the\nmat",  # a tab and a newline become spaces
    "ｒｅｄ ＣＡＴ",  # full-width letters fold to ASCII (after lower-casing)
    "a ﬁsh",  # the ligature unfolds to "fi"
    "café 42",  # unknown characters
    "the sky in the photo of the house",
]


def nfkc(out):
    try:
        import sentencepiece as spm
    except ImportError:
        print("sentencepiece missing (apt-get install python3-sentencepiece): t5-spiece-nfkc left as it is")
        return
    root = os.path.join(out, "t5-spiece-nfkc")
    if os.path.exists(root):
        shutil.rmtree(root)
    os.makedirs(root)
    model = io.BytesIO()
    # 400 six-word lines of the words above, given as an iterator so no input path is recorded;
    # T5's layout: <pad> 0, </s> 1, <unk> 2, no <s>
    lines = (" ".join(NFKC_WORDS[(i * 7 + k * 3) % len(NFKC_WORDS)] for k in range(6)) for i in range(400))
    spm.SentencePieceTrainer.train(sentence_iterator=lines, model_writer=model, vocab_size=48, model_type="unigram",
                                   pad_id=0, eos_id=1, unk_id=2, bos_id=-1, num_threads=1,
                                   character_coverage=1.0, normalization_rule_name="nmt_nfkc", minloglevel=2)
    with open(os.path.join(root, "spiece.model"), "wb") as f:
        f.write(model.getvalue())
    write_json(os.path.join(root, "tokenizer_config.json"), tokenizer_config(0, NFKC_LIMIT))
    sp = spm.SentencePieceProcessor(model_proto=model.getvalue())
    cases = []
    for p in NFKC_PROMPTS:
        ids = sp.encode(p.lower().strip()) + [1]
        assert len(ids) <= NFKC_LIMIT, p
        mask = [1] * len(ids) + [0] * (NFKC_LIMIT - len(ids))
        cases.append(case(p, ids + [0] * (NFKC_LIMIT - len(ids)), mask, ""))
    write_json(os.path.join(out, "t5-spiece-nfkc-tokens.json"),
               {"limit": NFKC_LIMIT, "sentencepiece": spm.__version__, "cases": cases})


def main(out):
    tiny(out)
    nfkc(out)


if __name__ == "__main__":
    main(sys.argv[1])
