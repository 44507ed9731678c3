package dev.chunkwise.cli;

/**
 * A binary column value, kept apart from text so that writers encode it as base64.
 *
 * @param bytes the value; not copied, not to be modified
 */
record Binary(byte[] bytes) {}
