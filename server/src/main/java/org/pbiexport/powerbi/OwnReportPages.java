package org.pbiexport.powerbi;

/**
 * Report pages this app serves itself, registered by a relative path and resolved at
 * render time against where the renderer reaches the app (the built-in demo:
 * docs/adr/0002-demo-report-registered-by-path.md). The module that serves them declares
 * one as a bean, so this module knows no such page by name; without one, every relative
 * address is refused.
 */
public interface OwnReportPages {

	/**
	 * The relative address as one of these pages.
	 * @param relative an address starting with a single slash
	 * @throws AddressRejected when it names none of them, saying which may be registered
	 */
	EmbedAddress classify(String relative);

	/**
	 * Whether reports of this embed kind are these pages: they say when they are drawn
	 * (docs/powerbi-rules.md), so a render waits for that signal.
	 */
	boolean owns(String embedKind);

	/**
	 * The folder of these pages under the app's context path, such as {@code /demo/}: a
	 * rendered page may load anything in it from the app itself.
	 */
	String folder();

}
