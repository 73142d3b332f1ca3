/**
 * The T5 v1.1 text encoder (transformers' T5EncoderModel) that PixArt conditions on: its config,
 * the tensors its checkpoint must hold, and the encoder forward from token ids and attention mask
 * to the last hidden states; and the tokenizer with the pipeline's padding, mask and truncation,
 * read through DJL's Hugging Face binding from a folder's tokenizer.json or, for folders that ship
 * only SentencePiece's spiece.model, from the tokenizer.json transformers' slow-to-fast
 * conversion would make of it, built here: the model file read by hand ({@link
 * dev.compactfusion.models.diffusers.t5.ProtoReader}, {@link
 * dev.compactfusion.models.diffusers.t5.SentencePieceFile}), the folder's tokenizer settings
 * ({@link dev.compactfusion.models.diffusers.t5.T5TokenizerConfig}) and the JSON ({@link
 * dev.compactfusion.models.diffusers.t5.T5TokenizerJson}).
 */
package dev.compactfusion.models.diffusers.t5;
