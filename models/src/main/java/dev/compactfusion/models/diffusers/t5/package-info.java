/**
 * The T5 v1.1 text encoder (transformers' T5EncoderModel) that PixArt conditions on: its config,
 * the tensors its checkpoint must hold, and the encoder forward from token ids and attention mask
 * to the last hidden states, and the tokenizer (a folder's tokenizer.json through DJL's Hugging
 * Face binding) with the pipeline's padding, mask and truncation.
 */
package dev.compactfusion.models.diffusers.t5;
