package org.pbiexport.render;

import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.pbiexport.testsupport.Chromium;
import org.pbiexport.testsupport.FakeReportEmbed;
import org.pbiexport.testsupport.RunsAlongside;
import org.pbiexport.testsupport.SqliteDatabase;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

/**
 * The application context the render tests of render mode {@code embedded} share: one
 * render thread, the fake Power BI report ({@link FakeReportEmbed}) in every browser
 * context, local servers allowed.
 */
@RunsAlongside
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "pbi-export.admin.password=test-admin-pw", "pbi-export.render.concurrency=1",
				// the Report Server stand-ins and their frames are local servers, which a
				// rendered page may reach only when the allowlist names them
				"pbi-export.render.allowed-hosts=app.powerbi.com,*.powerbi.com,127.0.0.1:*,localhost:*" })
@Import(FakeReportEmbedConfig.class)
abstract class SdkStandInTest implements SqliteDatabase {

	@LocalServerPort
	int port;

	@Autowired
	RenderPool pool;

	@Autowired
	FakeReportEmbed fake;

	@Autowired
	MeterRegistry meters;

	@BeforeEach
	void setUpStandIn() {
		Chromium.require();
		this.fake.reset();
	}

	RenderResult render(RenderJob job) throws Exception {
		return this.pool.submit(job).get(60, TimeUnit.SECONDS);
	}

	/**
	 * Renders that could use a warm session so far, by outcome (see {@link WarmPool}).
	 */
	long warmRenders(String outcome) {
		var counter = this.meters.find("pbi_export_warm_renders").tag("outcome", outcome).counter();
		return (counter != null) ? (long) counter.count() : 0;
	}

	/** Warm sessions kept now. */
	int warmSessions() {
		var gauge = this.meters.find("pbi_export_warm_sessions").gauge();
		return (gauge != null) ? (int) gauge.value() : 0;
	}

}
