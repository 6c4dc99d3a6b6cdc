package org.pbiexport.powerbi;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Secrets sealed with AES-256-GCM: they come back exactly, look different every time, and
 * refuse to open when changed, moved to another context or read with another key, with a
 * message that says which and never shows the key.
 */
class SecretBoxTest {

	static final String KEY = SecretBox.newKey();

	static final String SECRET = "Zq8~client.secret-Ünïcödé-🔑";

	final SecretBox box = SecretBox.withKey(KEY);

	@Test
	void roundTrip() {
		String sealed = this.box.seal(SECRET, "credential a");

		assertThat(sealed).startsWith("v1:").doesNotContain(SECRET).doesNotContain(KEY);
		assertThat(this.box.open(sealed, "credential a")).isEqualTo(SECRET);
		assertThat(SecretBox.withKey(KEY).open(sealed, "credential a")).as("another box with the same key")
			.isEqualTo(SECRET);
	}

	@Test
	void everySealUsesANewIv() {
		String first = this.box.seal(SECRET, "c");
		String second = this.box.seal(SECRET, "c");

		assertThat(first).isNotEqualTo(second);
		assertThat(payload(first)).hasSize(12 + SECRET.getBytes(StandardCharsets.UTF_8).length + 16);
		assertThat(java.util.Arrays.copyOf(payload(first), 12))
			.isNotEqualTo(java.util.Arrays.copyOf(payload(second), 12));
	}

	@Test
	void aChangedTextIsRefused() {
		String sealed = this.box.seal(SECRET, "c");
		byte[] payload = payload(sealed);
		payload[payload.length - 20] ^= 1;
		String tampered = sealed.substring(0, sealed.lastIndexOf(':') + 1)
				+ Base64.getEncoder().encodeToString(payload);

		assertThatThrownBy(() -> this.box.open(tampered, "c")).isInstanceOf(SecretBox.SecretUnreadable.class)
			.hasMessageContaining("changed outside pbi-export or is damaged");
		assertThatThrownBy(() -> this.box.open(sealed.substring(0, sealed.length() - 8), "c"))
			.isInstanceOf(SecretBox.SecretUnreadable.class);
		assertThatThrownBy(() -> this.box.open("v2:" + sealed.substring(3), "c"))
			.isInstanceOf(SecretBox.SecretUnreadable.class)
			.hasMessageContaining("not in a form");
		assertThatThrownBy(() -> this.box.open(SECRET, "c")).isInstanceOf(SecretBox.SecretUnreadable.class)
			.hasMessageNotContaining(SECRET);
	}

	@Test
	void aSecretMovedToAnotherContextIsRefused() {
		String sealed = this.box.seal(SECRET, "credential a");

		assertThatThrownBy(() -> this.box.open(sealed, "credential b")).isInstanceOf(SecretBox.SecretUnreadable.class)
			.hasMessageContaining("changed outside pbi-export");
	}

	@Test
	void anotherKeyIsRefusedInWordsWithoutShowingAKey() {
		String otherKey = SecretBox.newKey();
		String sealed = SecretBox.withKey(otherKey).seal(SECRET, "c");

		assertThatThrownBy(() -> this.box.open(sealed, "c")).isInstanceOf(SecretBox.SecretUnreadable.class)
			.hasMessageContaining("Stored secrets were encrypted with another key")
			.hasMessageContaining("PBI_EXPORT_SECRET_KEY")
			.hasMessageNotContaining(KEY)
			.hasMessageNotContaining(otherKey)
			.hasMessageNotContaining(SECRET);
	}

	@Test
	void aKeyIsThirtyTwoBytesInBase64() {
		for (String bad : new String[] { "", "not base64 at all!", Base64.getEncoder().encodeToString(new byte[16]),
				KEY.substring(4) }) {
			assertThatIllegalArgumentException().isThrownBy(() -> SecretBox.withKey(bad))
				.withMessageContaining("openssl rand -base64 32")
				.withMessageNotContaining(bad.isEmpty() ? "\0" : bad);
		}
		assertThat(SecretBox.withKey("  " + KEY + "\n").open(this.box.seal("x", "c"), "c")).isEqualTo("x");
		assertThat(this.box.toString()).doesNotContain(KEY).contains("AES-256-GCM");
	}

	@Test
	void aGeneratedKeyFileIsOwnerOnlyAndReused(@TempDir Path dataDir) throws Exception {
		Path file = dataDir.resolve("sub").resolve("secret.key");

		String first = SecretKeys.readOrCreate(file);
		String again = SecretKeys.readOrCreate(file);

		assertThat(again).isEqualTo(first);
		assertThat(Base64.getDecoder().decode(first)).hasSize(32);
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
		try (var files = Files.list(file.getParent())) {
			assertThat(files.map((path) -> path.getFileName().toString())).containsExactly("secret.key");
		}
	}

	@Test
	void aKeyFileWithoutAKeyIsRefused(@TempDir Path dataDir) throws Exception {
		Path file = dataDir.resolve("secret.key");
		Files.writeString(file, "half a key");

		assertThatThrownBy(() -> SecretKeys.readOrCreate(file)).isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("does not hold a key")
			.hasMessageNotContaining("half a key");
	}

	@Test
	void aConfiguredKeyIsUsedAndNoFileIsMade(@TempDir Path dataDir) {
		SecretBox configured = new SecretKeys().secretBox(new SecretKeys.Settings(KEY, dataDir, true));

		assertThat(configured.open(this.box.seal(SECRET, "c"), "c")).isEqualTo(SECRET);
		assertThat(dataDir.resolve("secret.key")).doesNotExist();
	}

	@Test
	void aConfiguredKeyThatIsNoKeyStopsTheStartWithoutBeingRepeated(@TempDir Path dataDir) {
		String typo = KEY.substring(0, 30);

		assertThatThrownBy(() -> new SecretKeys().secretBox(new SecretKeys.Settings(typo, dataDir, true)))
			.isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("PBI_EXPORT_SECRET_KEY")
			.hasMessageContaining("openssl rand -base64 32")
			.hasMessageNotContaining(typo);
		assertThatThrownBy(() -> new SecretKeys().secretBox(new SecretKeys.Settings(" ", dataDir, false)))
			.isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("The prod profile needs one: set PBI_EXPORT_SECRET_KEY");
		assertThat(dataDir.resolve("secret.key")).doesNotExist();
	}

	private static byte[] payload(String sealed) {
		return Base64.getDecoder().decode(sealed.substring(sealed.lastIndexOf(':') + 1));
	}

}
