package org.pbiexport.admin;

import java.security.Principal;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.pbiexport.catalog.Catalog;
import org.pbiexport.security.ApiKeys;
import org.pbiexport.web.PageTexts;
import org.pbiexport.web.Text;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * API keys for sites, scripts and the desktop client (admins only): made with a name and
 * optional restrictions to reports and page origins, shown once, revoked when no longer
 * needed.
 */
@Controller
class ApiKeyPages {

	private static final Logger log = LoggerFactory.getLogger(ApiKeyPages.class);

	private final ApiKeys keys;

	private final Catalog catalog;

	private final PageTexts texts;

	ApiKeyPages(ApiKeys keys, Catalog catalog, PageTexts texts) {
		this.keys = keys;
		this.catalog = catalog;
		this.texts = texts;
	}

	@GetMapping("/admin/api-keys")
	String list(Model model) {
		if (!model.containsAttribute("errs")) {
			model.addAttribute("errs", Map.of());
			model.addAttribute("newReports", Set.of());
		}
		model.addAttribute("keys", this.keys.list());
		model.addAttribute("reports", this.catalog.allReports());
		return "admin/api-keys";
	}

	@PostMapping("/admin/api-keys")
	String create(@RequestParam(name = "name", defaultValue = "") String name,
			@RequestParam(name = "reports", required = false) List<Long> reports,
			@RequestParam(name = "origins", defaultValue = "") String origins,
			@RequestParam(name = "admin_access", defaultValue = "false") boolean adminAccess,
			@RequestParam(name = "expires_on", defaultValue = "") String expiresOn, Principal admin, Model model,
			RedirectAttributes flash) {
		String trimmed = name.strip();
		Set<String> originSet = new LinkedHashSet<>(Arrays.asList(origins.trim().split("[\\s,]+")));
		originSet.remove("");
		// Each problem beside its field; every input kept, so that sending the form again
		// does not silently make a key for all reports.
		Set<Long> reportIds = new LinkedHashSet<>((reports != null) ? reports : List.of());
		Map<String, Text> errors = ApiKeyRules.problems(trimmed, originSet, reportIds, this.catalog);
		Instant expiresAt = ApiKeyRules.expiry(expiresOn, "expires_on", Instant.now(), errors);
		if (!errors.isEmpty()) {
			model.addAttribute("error", this.texts.get("keys.flash.invalid"));
			model.addAttribute("errs", this.texts.all(errors));
			model.addAttribute("newName", trimmed);
			model.addAttribute("newOrigins", origins);
			model.addAttribute("newReports", reportIds);
			model.addAttribute("newAdminAccess", adminAccess);
			model.addAttribute("newExpiresOn", expiresOn);
			return list(model);
		}
		ApiKeys.CreatedKey created = this.keys.create(trimmed, reportIds, originSet, adminAccess, expiresAt,
				admin.getName());
		log.info("{} created API key '{}' ({})", admin.getName(), trimmed, created.key().prefix());
		// Shown once, after a redirect, so that reloading the page does not make another
		// key.
		flash.addFlashAttribute("created", created);
		return "redirect:/admin/api-keys";
	}

	@PostMapping("/admin/api-keys/{id}/revoke")
	String revoke(@PathVariable("id") long id, Principal admin, RedirectAttributes flash) {
		if (this.keys.revoke(id)) {
			log.info("{} revoked API key {}", admin.getName(), id);
			flash.addFlashAttribute("message", this.texts.get("keys.flash.revoked"));
		}
		return "redirect:/admin/api-keys";
	}

}
