/**
 * The T5 v1.1 text encoder (transformers' T5EncoderModel) that PixArt conditions on: its config,
 * the tensors its checkpoint must hold, and the encoder forward from token ids and attention mask
 * to the last hidden states. Tokenization is not here.
 */
package dev.compactfusion.models.diffusers.t5;
