package org.pbiexport.admin;

import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.pbiexport.catalog.Catalog;
import org.pbiexport.catalog.ReportSummary;
import org.pbiexport.powerbi.Credential;
import org.pbiexport.powerbi.CredentialKind;
import org.pbiexport.powerbi.CredentialStore;
import org.pbiexport.powerbi.CredentialStore.CredentialView;
import org.pbiexport.powerbi.PowerBiClient;
import org.pbiexport.web.ApiProblem;
import org.pbiexport.web.FieldProblem;
import org.pbiexport.web.PageTexts;
import org.pbiexport.web.Text;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The admin pages for stored credentials (admins only): the list with a test button per
 * credential, forms to add one of each kind and to change one, and delete with a
 * confirmation. Secret fields are write-only: a form that comes back with problems keeps
 * everything the admin typed except the secret.
 */
@Controller
class CredentialPages {

	private static final Logger log = LoggerFactory.getLogger(CredentialPages.class);

	private final CredentialStore credentials;

	private final Catalog catalog;

	private final PowerBiClient powerBi;

	private final PageTexts texts;

	CredentialPages(CredentialStore credentials, Catalog catalog, PowerBiClient powerBi, PageTexts texts) {
		this.credentials = credentials;
		this.catalog = catalog;
		this.powerBi = powerBi;
		this.texts = texts;
	}

	/** What the form shows again after a problem: everything but the secret. */
	public record Form(String name, String tenantId, String clientId, String username, String origin) {

		static final Form EMPTY = new Form("", "", "", "", "");

		static Form of(CredentialView view) {
			return new Form(view.name(), blank(view.tenantId()), blank(view.clientId()), blank(view.username()),
					blank(view.origin()));
		}

		private static String blank(String text) {
			return (text != null) ? text : "";
		}

	}

	/** The result of a test, shown in words on the next page. */
	public record Tested(String name, boolean ok, String detail) {
	}

	@GetMapping("/admin/credentials")
	String list(Model model) {
		model.addAttribute("credentials", this.credentials.list());
		model.addAttribute("blankForm", Form.EMPTY);
		model.addAttribute("noErrors", Map.of());
		if (!model.containsAttribute("form")) {
			model.addAttribute("form", Form.EMPTY);
			model.addAttribute("formKind", "");
			model.addAttribute("errors", Map.of());
		}
		return "admin/credentials";
	}

	@PostMapping("/admin/credentials")
	String create(@RequestParam(name = "kind", defaultValue = "") String kind,
			@RequestParam(name = "name", defaultValue = "") String name,
			@RequestParam(name = "tenant_id", defaultValue = "") String tenantId,
			@RequestParam(name = "client_id", defaultValue = "") String clientId,
			@RequestParam(name = "client_secret", defaultValue = "") String clientSecret,
			@RequestParam(name = "username", defaultValue = "") String username,
			@RequestParam(name = "password", defaultValue = "") String password,
			@RequestParam(name = "origin", defaultValue = "") String origin, Principal admin, Model model,
			RedirectAttributes flash) {
		CredentialKind credentialKind = CredentialKind.fromWireName(kind);
		Credential entered = entered(name, credentialKind, tenantId, clientId, clientSecret, username, password,
				origin);
		try {
			CredentialApi.translated(() -> this.credentials.create(entered, admin.getName()));
		}
		catch (ApiProblem ex) {
			model.addAttribute("form", new Form(name, tenantId, clientId, username, origin));
			model.addAttribute("formKind", kind);
			model.addAttribute("errors", errors(ex, name.strip()));
			return list(model);
		}
		flash.addFlashAttribute("message", this.texts.get("cred.flash.added", name.strip()));
		return "redirect:/admin/credentials";
	}

	@GetMapping("/admin/credentials/{name}")
	String edit(@PathVariable("name") String name, Model model) {
		CredentialView credential = stored(name);
		model.addAttribute("credential", credential);
		if (!model.containsAttribute("form")) {
			model.addAttribute("form", Form.of(credential));
			model.addAttribute("errors", Map.of());
		}
		return "admin/credential-form";
	}

	@PostMapping("/admin/credentials/{name}")
	String update(@PathVariable("name") String name,
			@RequestParam(name = "tenant_id", defaultValue = "") String tenantId,
			@RequestParam(name = "client_id", defaultValue = "") String clientId,
			@RequestParam(name = "client_secret", defaultValue = "") String clientSecret,
			@RequestParam(name = "username", defaultValue = "") String username,
			@RequestParam(name = "password", defaultValue = "") String password,
			@RequestParam(name = "origin", defaultValue = "") String origin, Principal admin, Model model,
			RedirectAttributes flash) {
		CredentialView stored = stored(name);
		Credential entered = entered(name, stored.kind(), tenantId, clientId, clientSecret, username, password, origin);
		try {
			CredentialApi.translated(() -> this.credentials.update(name, entered, admin.getName()));
		}
		catch (ApiProblem ex) {
			if (ex.status() == HttpStatus.NOT_FOUND) {
				throw ex;
			}
			model.addAttribute("form", new Form(name, tenantId, clientId, username, origin));
			model.addAttribute("errors", errors(ex, name.strip()));
			return edit(name, model);
		}
		flash.addFlashAttribute("message", this.texts.get("cred.flash.saved", name));
		return "redirect:/admin/credentials";
	}

	@PostMapping("/admin/credentials/{name}/test")
	String test(@PathVariable("name") String name, Principal admin, RedirectAttributes flash) {
		Credential credential = CredentialApi.translated(() -> this.credentials.find(name))
			.orElseThrow(() -> CredentialApi.unknown(name));
		Optional<String> failure = this.powerBi.test(credential);
		log.info("{} tested credential '{}': {}", admin.getName(), name, failure.isEmpty() ? "signed in" : "failed");
		flash.addFlashAttribute("tested", new Tested(name, failure.isEmpty(), failure.orElse(null)));
		return "redirect:/admin/credentials";
	}

	@GetMapping("/admin/credentials/{name}/delete")
	String confirmDelete(@PathVariable("name") String name, Model model) {
		CredentialView credential = stored(name);
		List<ReportSummary> using = this.catalog.reportsUsingCredential(name);
		model.addAttribute("credential", credential);
		model.addAttribute("reports", using);
		return "admin/credential-delete";
	}

	@PostMapping("/admin/credentials/{name}/delete")
	String delete(@PathVariable("name") String name, Principal admin, Model model, RedirectAttributes flash,
			HttpServletResponse response) {
		stored(name);
		Optional<Text> inUse = CredentialApi.whyInUse(this.catalog.reportsUsingCredential(name), name);
		if (inUse.isPresent()) {
			response.setStatus(HttpStatus.CONFLICT.value());
			model.addAttribute("error", this.texts.get(inUse.get()));
			return confirmDelete(name, model);
		}
		CredentialApi.translated(() -> {
			this.credentials.delete(name, admin.getName());
			return null;
		});
		flash.addFlashAttribute("message", this.texts.get("cred.flash.deleted", name));
		return "redirect:/admin/credentials";
	}

	private CredentialView stored(String name) {
		return this.credentials.describe(name).orElseThrow(() -> CredentialApi.unknown(name));
	}

	/**
	 * The form's fields as a credential of its kind; the other kind's fields are left
	 * out, and an empty secret means "none entered" (keep the stored one when editing).
	 */
	private static Credential entered(String name, CredentialKind kind, String tenantId, String clientId,
			String clientSecret, String username, String password, String origin) {
		boolean windows = kind == CredentialKind.WINDOWS;
		String secret = windows ? password : clientSecret;
		return new Credential(name, kind, windows ? null : tenantId, windows ? null : clientId,
				windows ? username : null, windows ? origin : null, secret.isEmpty() ? null : secret);
	}

	/**
	 * The problem's messages by field, to show beside each field, in the page's language.
	 */
	private Map<String, String> errors(ApiProblem problem, String name) {
		Map<String, String> errors = new LinkedHashMap<>();
		for (FieldProblem field : problem.errors()) {
			errors.merge(field.field(), this.texts.get(field), (a, b) -> a + "; " + b);
		}
		if (errors.isEmpty() && problem.status() == HttpStatus.CONFLICT) {
			errors.put("name", this.texts.get(CredentialApi.exists(name)));
		}
		else if (errors.isEmpty()) {
			errors.put("form", problem.getMessage());
		}
		return errors;
	}

}
