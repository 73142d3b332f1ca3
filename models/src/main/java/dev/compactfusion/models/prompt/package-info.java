/**
 * Prompts: the attribute vocabulary of a model and the conditions a prompt parses into. Plain
 * data: no tensors.
 */
package dev.compactfusion.models.prompt;
