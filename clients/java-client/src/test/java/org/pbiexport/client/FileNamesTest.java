package org.pbiexport.client;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FileNamesTest {

	@Test
	void takesTheUtf8NameBeforeThePlainOne() {
		assertThat(FileNames.fromDisposition(
				"attachment; filename=\"Sales-Cote.png\"; filename*=UTF-8''Sales-C%C3%B4te%20d%27Azur.png",
				"image/png"))
			.isEqualTo("Sales-Côte d'Azur.png");
		assertThat(FileNames.fromDisposition("inline; filename=\"Sales demo.pdf\"", "application/pdf"))
			.isEqualTo("Sales demo.pdf");
	}

	@Test
	void neverLetsTheServerChooseAFolder() {
		assertThat(FileNames.fromDisposition("attachment; filename=\"../../etc/passwd\"", "image/png"))
			.isEqualTo("passwd");
		assertThat(FileNames.fromDisposition("attachment; filename=\"..\"", "image/png")).isEqualTo("export..");
		assertThat(FileNames.fromDisposition("", "application/pdf")).isEqualTo("export.pdf");
	}

}
