/**
 * The {@code tokenshare} command line (picocli): {@code demo}, {@code run}, {@code replay},
 * {@code origins}, {@code topics} and {@code export}. The commands are thin: they resolve the layered
 * configuration, call the packages that do the work, and turn failures into messages and exit codes.
 */
package io.tokenshare.cli;
