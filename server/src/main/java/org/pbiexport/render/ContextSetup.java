package org.pbiexport.render;

import com.microsoft.playwright.BrowserContext;

/**
 * Prepares every browser context the render pool opens, before its page is created: for
 * example routes that answer some hosts locally. Declared as Spring beans; the pool
 * applies all of them, in their order, on the render thread that owns the context (so an
 * implementation may use Playwright there, and nowhere else).
 */
@FunctionalInterface
public interface ContextSetup {

	void prepare(BrowserContext context);

}
