package org.pbiexport.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * Where {@code -o} puts an exported file: a path, written whole or not at all (a
 * temporary file beside it, then moved), never over an existing file without
 * {@code --force}; or {@code -} for standard output.
 */
final class OutputFile {

	private final @Nullable Path path;

	private final boolean force;

	private OutputFile(@Nullable Path path, boolean force) {
		this.path = path;
		this.force = force;
	}

	/**
	 * The target {@code -o} names, checked before anything is exported.
	 * @param option the option's value, {@code -} for standard output
	 * @param force whether an existing file may be replaced
	 * @return the target
	 * @throws CliException when the file exists (without force) or its folder does not
	 */
	static OutputFile of(String option, boolean force) {
		if (option.equals("-")) {
			return new OutputFile(null, force);
		}
		OutputFile file = new OutputFile(Path.of(option), force);
		file.check();
		return file;
	}

	boolean isStdout() {
		return this.path == null;
	}

	/**
	 * @return the path written, or {@code -} for standard output
	 */
	Path describe() {
		return (this.path != null) ? this.path : Path.of("-");
	}

	/**
	 * Writes the file.
	 * @param bytes its content
	 * @param stdout standard output, for {@code -}
	 * @throws IOException when it cannot be written
	 */
	void write(byte[] bytes, OutputStream stdout) throws IOException {
		if (this.path == null) {
			stdout.write(bytes);
			stdout.flush();
			return;
		}
		check();
		Path target = this.path.toAbsolutePath();
		Path temp = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".part");
		temp.toFile().deleteOnExit();
		try {
			Files.write(temp, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
			if (this.force) {
				moveOver(temp, target);
			}
			else {
				Files.move(temp, target);
			}
		}
		catch (FileAlreadyExistsException ex) {
			throw exists();
		}
		finally {
			Files.deleteIfExists(temp);
		}
	}

	private static void moveOver(Path temp, Path target) throws IOException {
		try {
			Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (AtomicMoveNotSupportedException ex) {
			Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
		}
	}

	private void check() {
		Path target = this.describe().toAbsolutePath();
		if (Files.isDirectory(target)) {
			throw new CliException(Exit.USAGE, target + " is a folder; give -o a file name.");
		}
		if (Files.exists(target) && !this.force) {
			throw exists();
		}
		Path folder = target.getParent();
		if (folder == null || !Files.isDirectory(folder)) {
			throw new CliException(Exit.USAGE, "The folder of " + target + " does not exist.");
		}
	}

	private CliException exists() {
		return new CliException(Exit.USAGE, this.describe() + " exists; nothing was exported. Use --force to"
				+ " replace it, or choose another file with -o.");
	}

}
