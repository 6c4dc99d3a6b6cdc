package org.pbiexport.render;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Whether Chromium runs with its sandbox (docs/security.md). {@code auto}, the default,
 * turns it on wherever Chromium can use it: not as root (Chromium refuses to start
 * sandboxed as root) and where the kernel lets unprivileged users make namespaces.
 * {@code --no-sandbox} is only the fallback; the page isolation rules apply either way.
 */
public enum Sandbox {

	AUTO, ON, OFF;

	static boolean enabled(RenderProperties properties) {
		return switch (properties.sandbox()) {
			case ON -> true;
			case OFF -> false;
			case AUTO -> possible(uid(), read("/proc/sys/kernel/unprivileged_userns_clone"),
					read("/proc/sys/user/max_user_namespaces"));
		};
	}

	/**
	 * @param uid this process's user id, empty when unknown
	 * @param usernsClone Debian's switch for unprivileged user namespaces, if present
	 * @param maxNamespaces the kernel's limit of user namespaces, if present
	 */
	static boolean possible(Optional<Integer> uid, Optional<String> usernsClone, Optional<String> maxNamespaces) {
		if (uid.isEmpty() || uid.get() == 0) {
			return false;
		}
		return !"0".equals(usernsClone.orElse("1")) && !"0".equals(maxNamespaces.orElse("1"));
	}

	private static Optional<Integer> uid() {
		return read("/proc/self/status").flatMap((status) -> status.lines()
			.filter((line) -> line.startsWith("Uid:"))
			.findFirst()
			.map((line) -> Integer.valueOf(line.substring(4).trim().split("\\s+")[0])));
	}

	private static Optional<String> read(String file) {
		try {
			return Optional.of(Files.readString(Path.of(file)).trim());
		}
		catch (IOException | RuntimeException ex) {
			return Optional.empty();
		}
	}

}
