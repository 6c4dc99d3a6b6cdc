package org.pbiexport.powerbi;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts the secrets of stored credentials, so that the metadata database, its backups
 * and its dumps never hold a client secret or password in clear. AES-256-GCM from the
 * JDK, with a random 12-byte IV per value; the result is text:
 * {@code v1:<key id>:<base64(iv ‖ ciphertext ‖ tag)>}.
 * <p>
 * The key id (8 hex digits of a hash of the key, which tells nothing useful about the
 * key) lets a secret stored with another key be told apart from a damaged one. Each value
 * is bound to a context (the credential's other fields), so a stored secret cannot be
 * moved to another credential, such as one whose origin an intruder chose.
 * <p>
 * The key is {@code pbi-export.secret-key} ({@code PBI_EXPORT_SECRET_KEY}): 32 random
 * bytes in base64, made with {@value #MAKE_A_KEY}. Without it, on the embedded default
 * only, a key is generated once into {@code <pbi-export.data-dir>/secret.key}; the
 * {@code prod} profile refuses to start without one. Nothing here ever shows the key.
 */
public final class SecretBox {

	/** The command that makes a key, quoted in every message about keys. */
	public static final String MAKE_A_KEY = "openssl rand -base64 32";

	static final String VERSION = "v1";

	private static final int KEY_BYTES = 32;

	private static final int IV_BYTES = 12;

	private static final int TAG_BITS = 128;

	private static final SecureRandom random = new SecureRandom();

	private final SecretKey key;

	private final String keyId;

	private SecretBox(byte[] key) {
		if (key.length != KEY_BYTES) {
			throw new IllegalArgumentException("A secret key has " + KEY_BYTES + " bytes");
		}
		this.key = new SecretKeySpec(key, "AES");
		this.keyId = keyId(key);
	}

	/**
	 * A box with this key.
	 * @param base64Key 32 bytes in base64, as {@value #MAKE_A_KEY} prints them
	 * @throws IllegalArgumentException when it is not such a key; the message never
	 * repeats it
	 */
	public static SecretBox withKey(String base64Key) {
		return new SecretBox(decodeKey(base64Key));
	}

	/** A new random key in base64, in the form {@link #withKey(String)} takes. */
	public static String newKey() {
		byte[] key = new byte[KEY_BYTES];
		random.nextBytes(key);
		return Base64.getEncoder().encodeToString(key);
	}

	/**
	 * The secret encrypted, as text to store.
	 * @param clear the secret
	 * @param context what the secret belongs to; the same context is needed to open it
	 */
	public String seal(String clear, String context) {
		byte[] iv = new byte[IV_BYTES];
		random.nextBytes(iv);
		try {
			Cipher cipher = cipher(Cipher.ENCRYPT_MODE, iv, context);
			byte[] sealed = cipher.doFinal(clear.getBytes(StandardCharsets.UTF_8));
			byte[] stored = ByteBuffer.allocate(IV_BYTES + sealed.length).put(iv).put(sealed).array();
			return VERSION + ":" + this.keyId + ":" + Base64.getEncoder().encodeToString(stored);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("AES-GCM is part of every Java runtime", ex);
		}
	}

	/**
	 * The secret in clear.
	 * @param sealed what {@link #seal(String, String)} made
	 * @param context the context it was sealed with
	 * @throws SecretUnreadable when it was sealed with another key, changed since, or
	 * sealed for another context
	 */
	public String open(String sealed, String context) {
		String[] parts = (sealed != null) ? sealed.split(":", 3) : new String[0];
		if (parts.length != 3 || !VERSION.equals(parts[0])) {
			throw new SecretUnreadable("A stored secret is not in a form this version of pbi-export can read. "
					+ "Enter the secret again.");
		}
		if (!this.keyId.equals(parts[1])) {
			throw new SecretUnreadable("Stored secrets were encrypted with another key. Set pbi-export.secret-key "
					+ "(PBI_EXPORT_SECRET_KEY) to the key they were stored with, or enter the secrets again.");
		}
		try {
			byte[] stored = Base64.getDecoder().decode(parts[2]);
			if (stored.length < IV_BYTES + TAG_BITS / 8) {
				throw new SecretUnreadable(damaged());
			}
			Cipher cipher = cipher(Cipher.DECRYPT_MODE, Arrays.copyOf(stored, IV_BYTES), context);
			byte[] clear = cipher.doFinal(stored, IV_BYTES, stored.length - IV_BYTES);
			return new String(clear, StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException | AEADBadTagException ex) {
			throw new SecretUnreadable(damaged());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("AES-GCM is part of every Java runtime", ex);
		}
	}

	/**
	 * An HMAC-SHA256 of the message, for values the app hands out and must recognise
	 * again unchanged (signed download links). Its key is derived from the secret key and
	 * the purpose, so a signature made for one purpose is worth nothing for another and
	 * never reveals the key that encrypts secrets.
	 * @param message what is signed
	 * @param purpose what the signature is for, such as {@code "schedule-file"}
	 */
	public byte[] sign(String message, String purpose) {
		try {
			Mac derive = Mac.getInstance("HmacSHA256");
			derive.init(new SecretKeySpec(this.key.getEncoded(), "HmacSHA256"));
			byte[] purposeKey = derive.doFinal(("pbi-export sign\0" + purpose).getBytes(StandardCharsets.UTF_8));
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(purposeKey, "HmacSHA256"));
			return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HMAC-SHA256 is part of every Java runtime", ex);
		}
	}

	@Override
	public String toString() {
		return "SecretBox[AES-256-GCM, key id " + this.keyId + "]";
	}

	private Cipher cipher(int mode, byte[] iv, String context) throws GeneralSecurityException {
		Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
		cipher.init(mode, this.key, new GCMParameterSpec(TAG_BITS, iv));
		cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
		return cipher;
	}

	private static String damaged() {
		return "A stored secret was changed outside pbi-export or is damaged (its integrity check failed). "
				+ "Enter the secret again.";
	}

	static byte[] decodeKey(String base64Key) {
		String text = (base64Key != null) ? base64Key.strip() : "";
		try {
			byte[] key = Base64.getDecoder().decode(text);
			if (key.length == KEY_BYTES) {
				return key;
			}
		}
		catch (IllegalArgumentException ex) {
			// said below, without the text
		}
		throw new IllegalArgumentException("A secret key must be " + KEY_BYTES + " random bytes in base64 "
				+ "(44 characters ending in '='); make one with: " + MAKE_A_KEY);
	}

	private static String keyId(byte[] key) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			digest.update("pbi-export secret key id\0".getBytes(StandardCharsets.US_ASCII));
			return HexFormat.of().formatHex(digest.digest(key), 0, 4);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every Java runtime", ex);
		}
	}

	/**
	 * A stored secret cannot be read: it was encrypted with another key, or changed. The
	 * message says which and what to do, and never carries a key or a secret.
	 */
	public static class SecretUnreadable extends RuntimeException {

		private static final long serialVersionUID = 1L;

		SecretUnreadable(String message) {
			super(message, null, false, false);
		}

	}

}
