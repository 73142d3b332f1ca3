/**
 * Where models come from: the embedded models shipped as resources and model directories on disk,
 * resolved by name. Nothing downloaded, nothing of other workers.
 */
package dev.compactfusion.models.registry;
