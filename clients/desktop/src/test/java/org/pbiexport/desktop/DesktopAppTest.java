package org.pbiexport.desktop;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;

import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.image.ImageView;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.pbiexport.client.Filter;
import org.pbiexport.client.Page;
import org.pbiexport.client.Report;
import org.pbiexport.client.testing.RunningServer;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real app under Xvfb against a real server (the server module's jar, API keys
 * required, the demo report): connect, choose, preview, save PNG and PDF, cancel, and a
 * refused value shown in words. Screenshots go to {@code target/screenshots/}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DesktopAppTest {

	private static final Path SHOTS = Path.of("target", "screenshots");

	private static final Path WORK = Path.of("target", "desktop-test");

	private static final AtomicReference<Path> TARGET = new AtomicReference<>();

	private static VirtualDisplay display;

	private static RunningServer server;

	private static Stage stage;

	private static FxDriver fx;

	@BeforeAll
	static void start() throws Exception {
		display = VirtualDisplay.start();
		server = RunningServer.shared();
		deleteTree(WORK);
		Files.createDirectories(WORK);
		System.setProperty("prism.order", "sw");
		CountDownLatch started = new CountDownLatch(1);
		Platform.startup(started::countDown);
		assertThat(started.await(30, TimeUnit.SECONDS)).as("the JavaFX toolkit started").isTrue();
		Platform.setImplicitExit(false);
		FxDriver.run(() -> {
			Path config = WORK.resolve("config");
			DesktopApp app = new DesktopApp(new Settings(config), new FileKeyStore(config.resolve("desktop.key")),
					(owner, name, format) -> TARGET.get());
			stage = new Stage();
			app.start(stage);
		});
		fx = new FxDriver(() -> stage.getScene());
	}

	@AfterAll
	static void stop() {
		if (stage != null) {
			FxDriver.run(stage::close);
		}
		FxDriver.exitToolkit();
		if (display != null) {
			display.close();
		}
	}

	@Test
	@Order(1)
	void aServerThatIsDownAndARefusedKeyAreToldInWords() throws IOException {
		connect("http://127.0.0.1:" + unusedPort(), "pbx_whatever");
		awaitConnectMessage("Nothing answers at http://127.0.0.1:");
		connect(server.baseUrl().toString(), "pbx_not-a-key");
		awaitConnectMessage("The key was refused");
		fx.screenshot(SHOTS.resolve("01-key-refused.png"));
	}

	@Test
	@Order(2)
	void connectsRemembersTheServerAndKeepsTheKeyPrivate() throws IOException {
		connect(server.baseUrl().toString(), server.apiKey());
		awaitConnectMessage("Connected:");
		ListView<Report> reports = fx.find("reports");
		assertThat(FxDriver.onFx(() -> List.copyOf(reports.getItems()))).extracting(Report::id).contains(1L);
		TextField search = fx.find("report-search");
		FxDriver.run(() -> search.setText("no such report"));
		assertThat(FxDriver.onFx(() -> reports.getItems().size())).isZero();
		FxDriver.run(() -> search.setText("DEMO"));
		assertThat(FxDriver.onFx(() -> List.copyOf(reports.getItems()))).extracting(Report::id).containsExactly(1L);
		Path config = WORK.resolve("config");
		assertThat(Files.readString(config.resolve("desktop.properties"))).contains("server=http\\://127.0.0.1");
		Path key = config.resolve("desktop.key");
		assertThat(Files.readString(key)).contains(server.apiKey());
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
	}

	@Test
	@Order(3)
	void choosesAReportAPageAndFilterValuesWithTypedControls() throws IOException {
		ListView<Report> reports = fx.find("reports");
		FxDriver.run(() -> reports.getSelectionModel().select(0));
		fx.await("the demo report's pages", Duration.ofSeconds(30), () -> {
			Node page = stage.getScene().lookup("#page");
			return page instanceof ComboBox<?> box && box.getItems().size() == 3;
		}, this::status);
		ComboBox<Page> page = fx.find("page");
		FxDriver.run(() -> page.setValue(page.getItems().get(1)));
		ComboBox<String> year = fx.find("filter-Year");
		assertThat(FxDriver.onFx(year::getValue)).as("the default year").isEqualTo("2025");
		assertThat(FxDriver.onFx(() -> List.copyOf(year.getItems()))).containsExactly("", "2022", "2023", "2024",
				"2025");
		FxDriver.run(() -> year.setValue("2024"));
		VBox region = fx.find("filter-Region");
		assertThat(FxDriver.onFx(() -> checked(region))).as("the default regions").containsExactly("North", "South");
		FxDriver.run(() -> ((Button) region.lookup("#filter-Region-clear")).fire());
		assertThat(FxDriver.onFx(() -> checked(region))).isEmpty();
		FxDriver.run(() -> ((Button) region.lookup("#filter-Region-all")).fire());
		assertThat(FxDriver.onFx(() -> checked(region))).hasSize(5);
		FxDriver.run(() -> {
			((Button) region.lookup("#filter-Region-clear")).fire();
			checkBoxes(region).stream()
				.filter((check) -> List.of("East", "Côte d'Azur").contains(check.getUserData()))
				.forEach((check) -> check.setSelected(true));
		});
		ComboBox<String> month = fx.find("filter-Date");
		String shown = FxDriver.onFx(() -> month.getConverter().toString("2024-03-31"));
		assertThat(shown)
			.isEqualTo(ValueFormat.display("date", "2024-03-31", Locale.getDefault(Locale.Category.FORMAT)))
			.isNotEqualTo("2024-03-31");
		assertThat(FxDriver.onFx(() -> month.getConverter().toString(""))).isEqualTo("(all)");
		FxDriver.run(() -> month.setValue("2024-03-31"));
	}

	@Test
	@Order(4)
	void previewsTheChosenPage() throws IOException {
		click("preview-button");
		awaitStatus("Preview ready.", Duration.ofSeconds(120));
		ImageView image = fx.find("preview-image");
		assertThat(FxDriver.onFx(() -> image.getImage().getWidth())).isGreaterThan(100);
		assertThat(FxDriver.onFx(() -> image.getBoundsInParent().getWidth())).isGreaterThan(100);
		fx.screenshot(SHOTS.resolve("02-preview.png"));
	}

	@Test
	@Order(5)
	void savesAPngOfThePage() throws IOException {
		Path png = WORK.resolve("page.png");
		TARGET.set(png);
		click("save-png");
		awaitStatus("Saved page.png", Duration.ofSeconds(120));
		byte[] bytes = Files.readAllBytes(png);
		assertThat(new String(bytes, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");
		assertThat(bytes.length).isGreaterThan(5_000);
		assertThat(ImageIO.read(png.toFile()).getWidth()).isEqualTo(1280);
	}

	@Test
	@Order(6)
	void savesAPdfOfEveryPageThroughAJobWithProgress() throws IOException, InterruptedException {
		Path pdf = WORK.resolve("report.pdf");
		TARGET.set(pdf);
		Button cancel = fx.find("cancel");
		click("save-pdf");
		assertThat(FxDriver.onFx(cancel::isVisible)).as("Cancel shown while the job runs").isTrue();
		fx.screenshot(SHOTS.resolve("03-pdf-in-progress.png"));
		awaitStatus("Saved report.pdf", Duration.ofSeconds(180));
		byte[] bytes = Files.readAllBytes(pdf);
		assertThat(new String(bytes, 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
		assertThat(pdfPages(pdf)).isEqualTo(3);
		assertThat(FxDriver.onFx(cancel::isVisible)).isFalse();
	}

	@Test
	@Order(7)
	void cancellingAPdfStopsTheWaitAndWritesNothing() {
		ComboBox<String> year = fx.find("filter-Year");
		FxDriver.run(() -> year.setValue("2022"));
		Path pdf = WORK.resolve("cancelled.pdf");
		TARGET.set(pdf);
		Button cancel = fx.find("cancel");
		click("save-pdf");
		FxDriver.run(cancel::fire);
		awaitStatus("Cancelled.", Duration.ofSeconds(20));
		assertThat(pdf).doesNotExist();
		FxDriver.run(() -> year.setValue("2024"));
	}

	@Test
	@Order(8)
	void aValueTheServerRefusesIsShownInWordsWithTheAllowedValues() throws IOException {
		AdminReports admin = new AdminReports(server);
		ObjectNode original = admin.report(1);
		admin.replace(1, AdminReports.withAllowedValues(original, "Year", List.of(2022L, 2023L, 2025L)));
		try {
			click("preview-button");
			Label problem = fx.find("problem");
			fx.await("the refusal beside the form", Duration.ofSeconds(60),
					() -> problem.isVisible() && !problem.getText().isEmpty(), problem::getText);
			String text = FxDriver.onFx(problem::getText);
			assertThat(text).startsWith("The server could not export this choice:")
				.contains("• Year: ")
				.contains("2024")
				.contains("Allowed: 2022, 2023, 2025.")
				.doesNotContain("Exception")
				.doesNotContain("filters.Year");
			assertThat(status()).doesNotContain("Exception");
			fx.screenshot(SHOTS.resolve("04-refused-value.png"));
		}
		finally {
			admin.replace(1, original);
		}
	}

	@Test
	@Order(9)
	void aFilterWithoutAllowedValuesGetsAFreeTextFieldSplittingSeveralValues() {
		Filter customer = new Filter("Customer", "Customer", "Sales", "integer", true, false, List.of(), List.of("7"));
		FilterField field = FxDriver.onFx(() -> FilterField.of(customer));
		assertThat(field.node()).isInstanceOf(TextField.class);
		TextField text = (TextField) field.node();
		assertThat(FxDriver.onFx(field::values)).containsExactly("7");
		assertThat(FxDriver.onFx(text::getPromptText)).contains("whole number").contains("commas");
		FxDriver.run(() -> text.setText(" 12, ,40 "));
		assertThat(FxDriver.onFx(field::values)).containsExactly("12", "40");
		FxDriver.run(() -> text.setText("  "));
		assertThat(FxDriver.onFx(field::values)).isEmpty();
	}

	private static void connect(String address, String key) {
		TextField url = fx.find("server-url");
		TextField secret = fx.find("api-key");
		FxDriver.run(() -> {
			url.setText(address);
			secret.setText(key);
			((Label) stage.getScene().lookup("#connect-message")).setText("");
			((Button) stage.getScene().lookup("#connect")).fire();
		});
	}

	private static void awaitConnectMessage(String start) {
		Label message = fx.find("connect-message");
		fx.await("the connection message \"" + start + "…\"", Duration.ofSeconds(30),
				() -> message.getText().startsWith(start), message::getText);
		assertThat(FxDriver.onFx(message::getText)).doesNotContain("Exception");
	}

	private static void click(String id) {
		Button button = fx.find(id);
		fx.await(id + " shown and enabled", Duration.ofSeconds(30), () -> shown(button) && !button.isDisabled(),
				DesktopAppTest::statusText);
		FxDriver.run(button::fire);
	}

	private static void awaitStatus(String start, Duration within) {
		fx.await("the status \"" + start + "…\"", within, () -> statusText().startsWith(start),
				DesktopAppTest::statusText);
	}

	private static boolean shown(Node node) {
		for (Node at = node; at != null; at = at.getParent()) {
			if (!at.isVisible()) {
				return false;
			}
		}
		return node.getScene() != null;
	}

	private String status() {
		return statusText();
	}

	private static String statusText() {
		Label status = (Label) stage.getScene().lookup("#status");
		Label problem = (Label) stage.getScene().lookup("#problem");
		return status.getText() + " | " + problem.getText();
	}

	private static List<CheckBox> checkBoxes(VBox box) {
		return box.lookupAll(".check-box").stream().map(CheckBox.class::cast).toList();
	}

	private static List<Object> checked(VBox box) {
		return checkBoxes(box).stream().filter(CheckBox::isSelected).map(CheckBox::getUserData).toList();
	}

	private static int pdfPages(Path pdf) throws IOException, InterruptedException {
		if (Files.isExecutable(Path.of("/usr/bin/pdfinfo"))) {
			Process process = new ProcessBuilder("/usr/bin/pdfinfo", pdf.toString()).redirectErrorStream(true).start();
			assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
			Matcher pages = Pattern.compile("(?m)^Pages:\\s+(\\d+)")
				.matcher(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
			assertThat(pages.find()).as("pdfinfo names the page count").isTrue();
			return Integer.parseInt(pages.group(1));
		}
		Matcher pages = Pattern.compile("/Type\\s*/Page[^s]")
			.matcher(new String(Files.readAllBytes(pdf), StandardCharsets.ISO_8859_1));
		int count = 0;
		while (pages.find()) {
			count++;
		}
		return count;
	}

	private static int unusedPort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	private static void deleteTree(Path folder) throws IOException {
		if (Files.exists(folder)) {
			try (var files = Files.walk(folder)) {
				files.sorted(java.util.Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
			}
		}
	}

}
