/**
 * Downloading a diffusers pipeline folder from a Hugging Face Hub repository ({@code compactfusion
 * pull}): the only network code in the project. Generation never calls it; it reads the folder
 * this package leaves behind, offline.
 *
 * <p>{@link dev.compactfusion.models.hub.HubClient} speaks the Hub's three URL forms (the
 * revision API for the file list, {@code raw/} for Git LFS pointers, {@code resolve/} for the
 * bytes); {@link dev.compactfusion.models.hub.FileSelection} picks the pipeline's files;
 * {@link dev.compactfusion.models.hub.Pull} downloads them resumably into a staging folder,
 * checks every LFS file's sha256 and moves the folder into place only when all are complete.
 */
package dev.compactfusion.models.hub;
