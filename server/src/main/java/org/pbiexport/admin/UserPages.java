package org.pbiexport.admin;

import java.security.Principal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

import org.pbiexport.security.UserAccounts;
import org.pbiexport.web.ApiProblem;
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
 * Users and roles (admins only) and one's own account (everyone signed in).
 */
@Controller
class UserPages {

	private static final Logger log = LoggerFactory.getLogger(UserPages.class);

	private final UserAccounts users;

	private final PageTexts texts;

	UserPages(UserAccounts users, PageTexts texts) {
		this.users = users;
		this.texts = texts;
	}

	@GetMapping("/admin/users")
	String list(Model model) {
		model.addAttribute("users", this.users.list());
		model.addAttribute("roles", UserAccounts.Role.values());
		model.addAttribute("minLength", UserAccounts.MIN_PASSWORD_LENGTH);
		return "admin/users";
	}

	@PostMapping("/admin/users")
	String create(@RequestParam(name = "username", defaultValue = "") String username,
			@RequestParam(name = "password", defaultValue = "") String password,
			@RequestParam(name = "role", defaultValue = "VIEWER") String role, Principal admin, Model model,
			RedirectAttributes flash) {
		try {
			this.users.create(username, password, role(role));
		}
		catch (ApiProblem ex) {
			model.addAttribute("error", this.texts.get(ex));
			model.addAttribute("newUsername", username);
			model.addAttribute("newRole", role);
			return list(model);
		}
		log.info("{} created user '{}' with role {}", admin.getName(), username.trim(), role);
		flash.addFlashAttribute("message", this.texts.get("users.flash.created", username.trim()));
		return "redirect:/admin/users";
	}

	@PostMapping("/admin/users/{username}")
	String change(@PathVariable("username") String username, @RequestParam(name = "role", required = false) String role,
			@RequestParam(name = "enabled", required = false) Boolean enabled,
			@RequestParam(name = "password", required = false) String password, Principal admin,
			RedirectAttributes flash) {
		try {
			if (role != null) {
				this.users.changeRole(username, role(role));
			}
			if (enabled != null) {
				this.users.setEnabled(username, enabled);
			}
			if (password != null && !password.isEmpty()) {
				this.users.setPassword(username, password);
			}
			log.info("{} changed user '{}'", admin.getName(), username);
			flash.addFlashAttribute("message", this.texts.get("users.flash.changed", username));
		}
		catch (ApiProblem ex) {
			flash.addFlashAttribute("error", this.texts.get(ex));
		}
		return "redirect:/admin/users";
	}

	@GetMapping("/admin/account")
	String account(Principal user, Model model) {
		model.addAttribute("role", this.users.role(user.getName()).map(Enum::name).orElse("API key"));
		model.addAttribute("minLength", UserAccounts.MIN_PASSWORD_LENGTH);
		return "admin/account";
	}

	@PostMapping("/admin/account/password")
	String changePassword(@RequestParam(name = "current_password", defaultValue = "") String current,
			@RequestParam(name = "new_password", defaultValue = "") String replacement,
			@RequestParam(name = "repeat_password", defaultValue = "") String repeated, Principal user, Model model,
			HttpServletRequest request, RedirectAttributes flash) {
		try {
			HttpSession session = request.getSession(false);
			this.users.changeOwnPassword(user.getName(), current, replacement, repeated,
					(session != null) ? session.getId() : null);
		}
		catch (ApiProblem ex) {
			model.addAttribute("error", ex.getMessage());
			return account(user, model);
		}
		log.info("{} changed their password", user.getName());
		flash.addFlashAttribute("message", AdminTexts.text(request, "account.flash.changed"));
		return "redirect:/admin/account";
	}

	private static UserAccounts.Role role(String name) {
		try {
			return UserAccounts.Role.valueOf(name);
		}
		catch (IllegalArgumentException ex) {
			throw ApiProblem.invalid("role",
					Text.of("users.problem.role", "must be ADMIN, EDITOR or VIEWER, got '" + name + "'", name));
		}
	}

}
