package org.pbiexport.render;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The vendored Power BI JavaScript SDK is exactly powerbi-client 2.24.1 as published on
 * npm (dist/powerbi.min.js), with its licence beside it, and the host page loads that
 * file. Updating the SDK means changing these constants on purpose.
 */
class PowerBiSdkVendoredTest {

	static final String VERSION = "2.24.1";

	static final String SHA_256 = "58d8051898564fc2edd3d7f42247b677c0a0fd5fc77afa395d19777f61a7b2b6";

	static final String FILE = "powerbi-client-" + VERSION + ".min.js";

	@Test
	void theSdkIsTheUnchangedNpmRelease() throws Exception {
		byte[] sdk = resource(FILE);

		assertThat(HexFormat.of().formatHex(sha256(sdk))).isEqualTo(SHA_256);
		String text = new String(sdk, StandardCharsets.UTF_8);
		assertThat(text).startsWith("// powerbi-client v" + VERSION);
		assertThat(text).contains("version:\"" + VERSION + "\"");
	}

	@Test
	void itsLicenceTravelsWithIt() throws IOException {
		assertThat(new String(resource("powerbi-client-LICENSE.txt"), StandardCharsets.UTF_8))
			.contains("Copyright (c) Microsoft Corporation", "MIT License");
	}

	@Test
	void theHostPageLoadsThisFileAndNoInlineScript() throws IOException {
		String host = new String(resource("host.html"), StandardCharsets.UTF_8);

		assertThat(host).contains("<script src=\"" + FILE + "\"></script>", "<script src=\"host.js\"></script>");
		assertThat(host.split("<script").length - 1).isEqualTo(2);
	}

	private static byte[] resource(String name) throws IOException {
		try (InputStream in = PowerBiSdkVendoredTest.class.getResourceAsStream("/static/powerbi/" + name)) {
			assertThat(in).as(name).isNotNull();
			return in.readAllBytes();
		}
	}

	private static byte[] sha256(byte[] bytes) throws NoSuchAlgorithmException {
		return MessageDigest.getInstance("SHA-256").digest(bytes);
	}

}
